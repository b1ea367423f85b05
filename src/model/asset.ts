import { z } from 'zod';

export const assetRoles = [
  'recording',
  'scan',
  'transcript',
  'annotation-document',
  'derivative',
] as const;

/** One file of an item, as stored in its archive object. */
export const assetSchema = z.object({
  /** Logical path inside the object, e.g. `originals/tape1/then-001.wav`. */
  path: z.string(),
  role: z.enum(assetRoles),
  /** The name (relative path) it had in the deposit; absent for derivatives. */
  originalName: z.string().optional(),
  /** Detected from the content, not from the name. */
  mediaType: z.string(),
  format: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
  /** duration, sample rate, channels, codec; pixel size, dpi, pages; ... */
  technical: z.record(z.string(), z.unknown()).default({}),
  /** For derivatives: the original it was made from and what made it. */
  derivedFrom: z.string().optional(),
  derivation: z
    .object({ step: z.string(), agent: z.string(), detail: z.string().optional() })
    .optional(),
});
export type Asset = z.infer<typeof assetSchema>;
