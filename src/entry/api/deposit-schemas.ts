import { z } from 'zod';
import { identifierSchema } from '../../model/identifier.js';
import {
  depositIdSchema,
  depositProblemSchema,
  depositStates,
} from '../../usecases/deposits/deposit-record.js';

/** The shapes of the deposit routes' requests and answers. */

export const depositParams = z.object({ id: depositIdSchema });

export const depositUploadParams = z.object({
  id: depositIdSchema,
  upload: z.string().regex(/^[0-9a-f]{32}$/, 'an upload id (32 hexadecimal digits)'),
});

export const newDepositBody = z.object({
  collection: identifierSchema,
});

export const checkDepositBody = z
  .object({
    /** The manifest's path in the deposit; default `manifest.csv`, then `manifest.json`. */
    manifest: z.string().min(1).max(1024).optional(),
  })
  .nullish();

export const depositProblem = depositProblemSchema.meta({ id: 'DepositProblem' });

const checkResult = z.object({
  checkedAt: z.string(),
  ok: z.boolean(),
  manifest: z.string().optional(),
  items: z.number().int(),
  problems: z.array(depositProblem),
});

const jobCounts = z.object({
  total: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  running: z.number().int(),
  waiting: z.number().int(),
});

export const depositSchema = z
  .object({
    id: z.string(),
    collection: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
    state: z.enum(depositStates),
    files: z.array(
      z.object({
        path: z.string(),
        state: z.enum(['received', 'uploading']),
        received: z.number().int(),
        size: z.number().int().optional(),
        sha256: z.string().optional(),
      }),
    ),
    check: checkResult.optional(),
    ingest: z
      .object({
        startedAt: z.string(),
        by: z.string(),
        archivedAt: z.string().optional(),
        finishedAt: z.string().optional(),
        batch: z.string().optional(),
        error: z.string().optional(),
        failed: z.array(z.object({ itemId: z.string(), reason: z.string() })),
        items: z.array(
          z.object({
            id: z.string(),
            outcome: z.enum(['created', 'updated', 'unchanged']),
            status: z.string(),
            detail: z.string().optional(),
            jobs: jobCounts,
            quarantined: z.array(z.object({ originalName: z.string(), reason: z.string() })),
          }),
        ),
      })
      .optional(),
  })
  .meta({ id: 'Deposit' });

export const checkAnswer = z
  .object({ state: z.enum(depositStates) })
  .extend(checkResult.shape)
  .meta({ id: 'DepositCheck' });
