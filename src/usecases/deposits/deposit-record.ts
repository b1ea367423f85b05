import { z } from 'zod';
import { accessProtocolSchema, consentSchema } from '../../model/access.js';
import { identifierSchema } from '../../model/identifier.js';

/**
 * Where a deposit stands: `receiving` files, `checked` (the manifest and files make a
 * plan without problems), `problems` (the check found some), `ingesting` (archived item
 * by item, then processed by the queued jobs), `done` (every item ready) or `failed`
 * (an item could not be archived or its processing failed; ingesting again retries).
 */
export const depositStates = [
  'receiving',
  'checked',
  'problems',
  'ingesting',
  'done',
  'failed',
] as const;
export type DepositState = (typeof depositStates)[number];

/** A deposit's id: random, so that one cannot be guessed from another. */
export const depositIdSchema = z
  .string()
  .regex(/^dep-[0-9a-f]{24}$/, 'a deposit id (dep- and 24 hexadecimal digits)');

/** One thing that keeps a deposit from being ingested, located as the archivist looks for it. */
export const depositProblemSchema = z.object({
  file: z.string(),
  row: z.number().int().optional(),
  column: z.string().optional(),
  reason: z.string(),
});
export type DepositProblem = z.infer<typeof depositProblemSchema>;

export const stagedFileSchema = z.object({
  size: z.number().int().nonnegative(),
  sha256: z.string(),
  receivedAt: z.iso.datetime(),
});
export type StagedFile = z.infer<typeof stagedFileSchema>;

/**
 * An item the last check planned, with the facts the access policy needs and its
 * files: what lets the deposit show someone other than its creator only the items (and
 * file names) they may see.
 */
export const plannedItemSchema = z.object({
  id: z.string(),
  accessProtocol: accessProtocolSchema,
  consent: consentSchema,
  collection: z.string(),
  community: z.string().optional(),
  paths: z.array(z.string()),
});
export type PlannedDepositItem = z.infer<typeof plannedItemSchema>;

const flowJobSchema = z.object({
  id: z.string(),
  queue: z.string(),
  role: z.enum(['parent', 'child']),
});

export const depositRecordSchema = z.object({
  id: depositIdSchema,
  collection: identifierSchema,
  /** The account that made the deposit. */
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  state: z.enum(depositStates),
  /** The items of the last check's plan. */
  planned: z.array(plannedItemSchema).optional(),
  /** Files received whole and moved into the staging folder, by relative path. */
  files: z.record(z.string(), stagedFileSchema),
  check: z
    .object({
      checkedAt: z.iso.datetime(),
      ok: z.boolean(),
      manifest: z.string().optional(),
      items: z.number().int(),
      problems: z.array(depositProblemSchema),
    })
    .optional(),
  ingest: z
    .object({
      startedAt: z.iso.datetime(),
      by: z.string(),
      /** Set once every item was archived (or failed to be); processing may go on. */
      archivedAt: z.iso.datetime().optional(),
      finishedAt: z.iso.datetime().optional(),
      batch: z.string().optional(),
      items: z.array(
        z.object({
          id: z.string(),
          outcome: z.enum(['created', 'updated', 'unchanged']),
          version: z.string(),
          jobs: z.array(flowJobSchema),
          quarantined: z.array(z.object({ originalName: z.string(), reason: z.string() })),
        }),
      ),
      failed: z.array(z.object({ itemId: z.string(), reason: z.string() })),
      /** Why the ingest stopped before every item was tried. */
      error: z.string().optional(),
    })
    .optional(),
});
export type DepositRecord = z.infer<typeof depositRecordSchema>;
