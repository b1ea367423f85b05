import { z } from 'zod';
import { assetSchema } from '../domain/asset.js';
import { eventSchema } from '../domain/event.js';

/** A derivative a processing job left in the work area for finalise to archive. */
export const stagedDerivativeSchema = assetSchema.extend({
  /** Key in the work store. */
  workKey: z.string(),
});
export type StagedDerivative = z.infer<typeof stagedDerivativeSchema>;

/** One OCR page as the catalog indexes it. */
export const ocrPageRowSchema = z.object({
  page: z.number().int().positive(),
  text: z.string(),
  meanConfidence: z.number().nullable(),
  needsReview: z.boolean(),
});

/**
 * What a processing job returns (BullMQ stores it; finalise reads it with
 * `getChildrenValues`): derivatives in the work area, measurements for
 * `metadata/item.json`, PREMIS events, and rows for the catalog.
 */
export const stepResultSchema = z.object({
  step: z.string(),
  asset: z.string(),
  status: z.enum(['done', 'unavailable', 'skipped']),
  detail: z.string().optional(),
  derivatives: z.array(stagedDerivativeSchema).default([]),
  result: z.record(z.string(), z.unknown()).optional(),
  events: z.array(eventSchema).default([]),
  ocrPages: z.array(ocrPageRowSchema).optional(),
});
export type StepResult = z.infer<typeof stepResultSchema>;
