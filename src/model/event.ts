import { z } from 'zod';

/**
 * PREMIS event types (id.loc.gov/vocabulary/preservation/eventType) that heritage
 * records (`metadata modification`: a recorded change of an item's collection,
 * access protocol or consent), plus `annotation change` and `quarantine`, which PREMIS has no term for.
 */
export const eventTypes = [
  'ingestion',
  'message digest calculation',
  'format identification',
  'validation',
  'metadata extraction',
  'normalization',
  'transcription',
  'annotation change',
  'metadata modification',
  'fixity check',
  'export',
  'quarantine',
] as const;

export const eventSchema = z.object({
  id: z.uuid(),
  type: z.enum(eventTypes),
  occurredAt: z.iso.datetime(),
  /** Software with its version (`heritage 0.1.0`, `ffmpeg 5.1.6`) or a person. */
  agent: z.string(),
  outcome: z.enum(['success', 'failure', 'warning']),
  detail: z.string(),
  /** The logical path the event is about, when it is about one file. */
  object: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type ArchiveEvent = z.infer<typeof eventSchema>;
