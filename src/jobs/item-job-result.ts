import { z } from 'zod';
import { assetSchema } from '../model/asset.js';
import { eventSchema } from '../model/event.js';
import { JobName } from './names.js';

/** A derivative a processing job left in the work area for finalise to archive. */
export const stagedDerivativeSchema = assetSchema.extend({
  /** Key in the work store. */
  workKey: z.string(),
});
export type StagedDerivative = z.infer<typeof stagedDerivativeSchema>;

/**
 * What `normalise-audio` measured, as far as readers rely on it (exports take the first
 * track's duration, loudness target and flags). Loose: the rest of what the handler
 * returns (input, quality, loudness) is kept in item.json as it is.
 */
export const audioJobDetailSchema = z.looseObject({
  tracks: z.array(
    z.looseObject({
      audioIndex: z.number().int().nonnegative(),
      quality: z.looseObject({ durationSeconds: z.number().nonnegative() }),
      loudness: z.looseObject({
        target: z.looseObject({ integratedLufs: z.number(), truePeakDbtp: z.number() }),
      }),
      flags: z.array(z.looseObject({ code: z.string() })),
    }),
  ),
});
export type AudioJobDetail = z.infer<typeof audioJobDetailSchema>;

/** One page's text as `ocr-page` read it, for the catalog's search index. */
export const ocrPageTextSchema = z.object({
  page: z.number().int().positive(),
  text: z.string(),
  meanConfidence: z.number().nullable(),
  needsReview: z.boolean(),
});
export type OcrPageText = z.infer<typeof ocrPageTextSchema>;

/** What `ocr-page` read: the engine and models (for exports) and each page's text (for search). */
export const ocrJobDetailSchema = z.looseObject({
  engine: z.looseObject({ name: z.string(), version: z.string() }),
  /** Tesseract models, as the job ran them: `vie`, `tyz+vie`. */
  languages: z.string(),
  ocrPages: z.array(ocrPageTextSchema),
});
export type OcrJobDetail = z.infer<typeof ocrJobDetailSchema>;

/** What `parse-transcript` read from a deposited transcript. */
export const transcriptJobDetailSchema = z.looseObject({
  format: z.string(),
  annotations: z.number().int().nonnegative(),
  /** The recording the annotations are timed against, or `item`. */
  anchoredTo: z.string(),
  skippedTiers: z.array(z.looseObject({ tier: z.string(), reason: z.string() })),
  skippedAnnotations: z.number().int().nonnegative(),
});
export type TranscriptJobDetail = z.infer<typeof transcriptJobDetailSchema>;

/**
 * What a processing job returns (BullMQ stores it; finalise reads it with
 * `getChildrenValues`): derivatives in the work area, measurements for
 * `metadata/item.json` (which is also what the catalog indexes, so that
 * `heritage reindex` can rebuild it), and PREMIS events. `step` is the job's name
 * (the field keeps the name item.json gives it).
 */
function itemJobResultSchema<const J extends JobName, D extends z.ZodType>(name: J, detail: D) {
  return z.object({
    step: z.literal(name),
    asset: z.string(),
    status: z.enum(['done', 'unavailable', 'skipped']),
    detail: z.string().optional(),
    derivatives: z.array(stagedDerivativeSchema).default([]),
    result: detail.optional(),
    events: z.array(eventSchema).default([]),
  });
}

export const audioJobResultSchema = itemJobResultSchema(
  JobName.NormaliseAudio,
  audioJobDetailSchema,
);
export const ocrJobResultSchema = itemJobResultSchema(JobName.OcrPage, ocrJobDetailSchema);
export const transcriptJobResultSchema = itemJobResultSchema(
  JobName.ParseTranscript,
  transcriptJobDetailSchema,
);

/** The result of any processing job, told apart by its `step`. */
export const anyItemJobResultSchema = z.discriminatedUnion('step', [
  audioJobResultSchema,
  ocrJobResultSchema,
  transcriptJobResultSchema,
]);
export type ItemJobResult = z.infer<typeof anyItemJobResultSchema>;
