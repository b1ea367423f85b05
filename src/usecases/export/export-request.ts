import { z } from 'zod';
import { qualityFlagCodes } from '../../media/audio/recording-result.js';
import { accessProtocolSchema } from '../../model/access.js';
import { identifierSchema } from '../../model/identifier.js';
import { type TextOriginKind, textOriginKindSchema } from './text-origin.js';

/** The splits every export assigns to, in this order. */
export const splitNames = ['train', 'validation', 'test'] as const;
export type SplitName = (typeof splitNames)[number];

/** The configs (parts) a dataset can hold; an export writes those asked for, all by default. */
export const datasetConfigs = ['speech', 'unlabelled', 'text', 'parallel', 'ocr-lines'] as const;
export type DatasetConfig = (typeof datasetConfigs)[number];

const MEBIBYTE = 1024 ** 2;
const year = z.number().int().min(0).max(9999);

const splitRatiosSchema = z
  .object({
    train: z.number().min(0).max(1).default(0.8),
    validation: z.number().min(0).max(1).default(0.1),
    test: z.number().min(0).max(1).default(0.1),
  })
  .prefault({})
  .refine((ratios) => Math.abs(ratios.train + ratios.validation + ratios.test - 1) < 1e-9, {
    message: 'train, validation and test must add up to 1 (e.g. 0.8, 0.1, 0.1)',
  });

/**
 * What an ML team asks for: where the dataset goes, which items it may hold, and how
 * it is split. It travels as the export job's data, so it stays plain JSON.
 */
export const exportRequestSchema = z.object({
  /** A folder, or `s3://bucket/prefix`. */
  out: z.string().min(1, 'name a folder or s3://bucket/prefix'),
  /** Replace what is already at `out` (default: refuse to write over anything). */
  overwrite: z.boolean().default(false),
  filters: z
    .object({
      /** Collection ids; all when empty. */
      collections: z.array(identifierSchema).default([]),
      /** Language tags an item must have one of (`tyz` also matches `tyz-Latn`); all when empty. */
      languages: z.array(z.string().min(1)).default([]),
      /** Genres, compared without case; all when empty. */
      genres: z.array(z.string().min(1)).default([]),
      /** Items whose date (EDTF) may fall in [dateFrom, dateTo], in years; undated items are left out when either is set. */
      dateFrom: year.optional(),
      dateTo: year.optional(),
      /** Access protocols an item may have. `secret-sacred` is never exported. */
      accessProtocols: z
        .array(accessProtocolSchema)
        .min(1)
        .default(['open'])
        .refine((protocols) => !protocols.includes('secret-sacred'), {
          message: 'secret-sacred material is never exported',
        }),
      /** SPDX ids (compared without case) an item's licence must be one of; any licence when empty. */
      licences: z.array(z.string().min(1)).default([]),
      /** Origins a row's text may have (`human`, `ocr`, `ocr-corrected`, `machine`); all when empty. */
      textOrigins: z.array(textOriginKindSchema).default([]),
    })
    .prefault({}),
  quality: z
    .object({
      /** Uncorrected OCR pages whose mean word confidence is below this are left out. */
      minOcrConfidence: z.number().min(0).max(100).default(60),
      /** Recordings (tracks) with any of these quality flags are left out. */
      excludeAudioFlags: z.array(z.enum(qualityFlagCodes)).default(['clipping', 'decode-errors']),
    })
    .prefault({}),
  /** The configs to write: `unlabelled` clips untranscribed speech by voice activity. */
  configs: z
    .array(z.enum(datasetConfigs))
    .min(1, `name at least one of ${datasetConfigs.join(', ')}`)
    .default([...datasetConfigs])
    // Kept in one order, so that the same configs give the same export id.
    .transform((configs) => datasetConfigs.filter((config) => configs.includes(config))),
  splits: splitRatiosSchema,
  /**
   * Groups (speakers, items) each split with a share should hold at least; short splits
   * take groups from the largest one (see `split-plan.ts`). 0 leaves the hash alone.
   */
  minSplit: z.number().int().min(0).default(0),
  /** Salt of the split hash: another seed gives another, equally deterministic split. */
  splitSeed: z.string().min(1).default('heritage-split-v1'),
  /** Audio bytes per parquet shard before a new one starts (Hugging Face advises under 500 MB). */
  maxShardBytes: z
    .number()
    .int()
    .min(MEBIBYTE)
    .default(256 * MEBIBYTE),
});

export type ExportRequest = z.infer<typeof exportRequestSchema>;
export type ExportRequestInput = z.input<typeof exportRequestSchema>;
export type SplitRatios = ExportRequest['splits'];

/** A request that breaks the schema; the message names every field at fault. */
export class ExportRequestError extends Error {
  override readonly name = 'ExportRequestError';
}

/** Validates a request, with an error that names each bad field. */
export function parseExportRequest(input: unknown): ExportRequest {
  const parsed = exportRequestSchema.safeParse(input);
  if (parsed.success) {
    const { dateFrom, dateTo } = parsed.data.filters;
    if (dateFrom !== undefined && dateTo !== undefined && dateFrom > dateTo)
      throw new ExportRequestError(
        `filters.dateFrom ${dateFrom} is after filters.dateTo ${dateTo}`,
      );
    return parsed.data;
  }
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || '(request)'}: ${issue.message}`,
  );
  throw new ExportRequestError(`invalid export request: ${problems.join('; ')}`);
}

/** True when the request asks for this config. */
export function wantsConfig(request: ExportRequest, config: DatasetConfig): boolean {
  return request.configs.includes(config);
}

/** True when the request takes rows whose text has this origin. */
export function allowsOrigin(request: ExportRequest, origin: TextOriginKind): boolean {
  const { textOrigins } = request.filters;
  return textOrigins.length === 0 || textOrigins.includes(origin);
}
