// The record stored in each archive object (`metadata/item.json`): the descriptive
// metadata of `item.ts` plus assets, processing outcomes and quarantined files.
import { z } from 'zod';
import { assetSchema } from './asset.js';
import { collectionSchema, itemSchema } from './item.js';

/** Outcome of one processing step for one asset, as the finalise step records it. */
export const stepOutcomeSchema = z.object({
  step: z.string(),
  asset: z.string(),
  status: z.enum(['done', 'failed', 'unavailable', 'skipped']),
  detail: z.string().optional(),
  result: z.record(z.string(), z.unknown()).optional(),
});
export type StepOutcome = z.infer<typeof stepOutcomeSchema>;

/**
 * `metadata/item.json`: everything the catalog knows about an item, kept in the
 * archive object itself so that `heritage reindex` can rebuild the catalog from
 * storage alone.
 */
export const itemRecordSchema = z.object({
  schemaVersion: z.literal(1),
  item: itemSchema,
  collection: collectionSchema,
  /** Columns of the depositor's own from the manifest. */
  extra: z.record(z.string(), z.string()).default({}),
  assets: z.array(assetSchema),
  steps: z.array(stepOutcomeSchema).default([]),
  /** Files of the deposit that were refused, with the reason. */
  quarantined: z.array(z.object({ originalName: z.string(), reason: z.string() })).default([]),
});
export type ItemRecord = z.infer<typeof itemRecordSchema>;

/** Where each metadata document lives inside an item's object. */
export const MetadataPath = {
  item: 'metadata/item.json',
  roCrate: 'metadata/ro-crate-metadata.json',
  events: 'metadata/events.jsonl',
  annotations: 'metadata/annotations.json',
} as const;
