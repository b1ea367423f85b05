import { z } from 'zod';
import { assetSchema } from '../model/asset.js';
import { eventSchema } from '../model/event.js';

/** A derivative a processing job left in the work area for finalise to archive. */
export const stagedDerivativeSchema = assetSchema.extend({
  /** Key in the work store. */
  workKey: z.string(),
});
export type StagedDerivative = z.infer<typeof stagedDerivativeSchema>;

/**
 * What a processing job returns (BullMQ stores it; finalise reads it with
 * `getChildrenValues`): derivatives in the work area, measurements for
 * `metadata/item.json` (which is also what the catalog indexes, so that
 * `heritage reindex` can rebuild it), and PREMIS events.
 */
export const stepResultSchema = z.object({
  step: z.string(),
  asset: z.string(),
  status: z.enum(['done', 'unavailable', 'skipped']),
  detail: z.string().optional(),
  derivatives: z.array(stagedDerivativeSchema).default([]),
  result: z.record(z.string(), z.unknown()).optional(),
  events: z.array(eventSchema).default([]),
});
export type StepResult = z.infer<typeof stepResultSchema>;
