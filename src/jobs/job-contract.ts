import type { Job } from 'bullmq';
import { z } from 'zod';
import {
  audioJobResultSchema,
  ocrJobResultSchema,
  transcriptJobResultSchema,
} from './item-job-result.js';
import { JobName, type QueueOfJob, queueOfJob } from './names.js';

/** What a processing job is given: where its input is, and which content it expects. */
export const itemJobPayloadSchema = z.object({
  itemId: z.string(),
  /** The object version the input was read from. */
  version: z.string(),
  /** Logical path of the original, e.g. `originals/then-001.wav`. */
  asset: z.string(),
  sha256: z.string(),
  /**
   * The original's technical metadata as ingest recorded it, so that a job need not
   * describe the file again (one ffprobe per recording); absent in older jobs.
   */
  technical: z.record(z.string(), z.unknown()).optional(),
  /**
   * What the original's derivatives are named after, chosen with the item's other
   * originals in view (`derivative-stem.ts`); absent in older jobs, which name them
   * after the file alone.
   */
  derivativeStem: z.string().optional(),
});

export const finalisePayloadSchema = z.object({
  itemId: z.string(),
  /** The version the children read from; finalise writes the next one. */
  version: z.string(),
});

/** What `finalise-item` did: the version it wrote and the item's status after it. */
export const finaliseSummarySchema = z.object({
  itemId: z.string(),
  version: z.string(),
  status: z.enum(['ingested', 'processing', 'ready', 'failed']),
  derivatives: z.number().int().nonnegative(),
  failedSteps: z.number().int().nonnegative(),
});

/**
 * An export request. The export checks the whole of it when it runs
 * (`parseExportRequest`), since its rules (filters, splits, quality) belong to the
 * export; here it is plain JSON that names where the dataset goes.
 */
export const exportPayloadSchema = z.looseObject({
  out: z.string(),
});

/** What an export made, as `heritage export` prints it and the API returns it. */
export const exportReportSchema = z.object({
  exportId: z.string(),
  location: z.string(),
  items: z.number(),
  utterances: z.number(),
  speechSeconds: z.number(),
  unlabelledClips: z.number(),
  unlabelledSeconds: z.number(),
  texts: z.number(),
  ocrLines: z.number(),
  parallelPairs: z.number(),
  files: z.number(),
  bytes: z.number(),
  audioBytes: z.number(),
  exclusions: z.array(z.object({ unit: z.string(), reason: z.string(), count: z.number() })),
  excluded: z.array(
    z.object({
      unit: z.string(),
      item: z.string(),
      part: z.string().optional(),
      reason: z.string(),
    }),
  ),
  damaged: z.array(z.object({ itemId: z.string(), path: z.string(), problem: z.string() })),
  splitNotes: z.array(z.string()),
});

/**
 * The job contract: for every job, its queue, what it is given and what it returns.
 * Handlers, producers and the readers of stored results all take their types from it.
 */
export const jobContract = {
  [JobName.FinaliseItem]: {
    queue: queueOfJob[JobName.FinaliseItem],
    payload: finalisePayloadSchema,
    result: finaliseSummarySchema,
  },
  [JobName.NormaliseAudio]: {
    queue: queueOfJob[JobName.NormaliseAudio],
    payload: itemJobPayloadSchema,
    result: audioJobResultSchema,
  },
  [JobName.OcrPage]: {
    queue: queueOfJob[JobName.OcrPage],
    payload: itemJobPayloadSchema,
    result: ocrJobResultSchema,
  },
  [JobName.ParseTranscript]: {
    queue: queueOfJob[JobName.ParseTranscript],
    payload: itemJobPayloadSchema,
    result: transcriptJobResultSchema,
  },
  [JobName.ExportDataset]: {
    queue: queueOfJob[JobName.ExportDataset],
    payload: exportPayloadSchema,
    result: exportReportSchema,
  },
} as const satisfies {
  [J in JobName]: { queue: QueueOfJob<J>; payload: z.ZodType; result: z.ZodType };
};

/** What job `J` is given. */
export type JobPayload = { [J in JobName]: z.infer<(typeof jobContract)[J]['payload']> };
/** What job `J` returns. */
export type JobResult = { [J in JobName]: z.infer<(typeof jobContract)[J]['result']> };

/** A BullMQ job of name `J`, with its payload and result. */
export type JobOf<J extends JobName> = Job<JobPayload[J], JobResult[J], J>;

export type ItemJobPayload = z.infer<typeof itemJobPayloadSchema>;
export type FinalisePayload = z.infer<typeof finalisePayloadSchema>;
export type FinaliseSummary = z.infer<typeof finaliseSummarySchema>;
