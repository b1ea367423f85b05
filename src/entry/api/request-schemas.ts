import { z } from 'zod';
import type { ItemStatus } from '../../infra/catalog/item-rows.js';
import { QueueName } from '../../jobs/names.js';
import { identifierSchema } from '../../model/identifier.js';
import { invalidParameters } from './problem.js';

/** A query value given once: `?q=a&q=b` arrives as an array and is refused. */
const single = z.string({ error: 'give it once, as text' });

/** Seconds into a recording (`12.5`), as whole milliseconds for the catalog's integer columns. */
const seconds = single
  .regex(/^\d{1,7}(\.\d+)?$/, 'a number of seconds, e.g. 12.5')
  .transform((value) => Math.round(Number(value) * 1000));

const words = single
  .trim()
  .min(1, 'give the words to search for')
  .max(200, 'at most 200 characters');

/** The body of `POST /session`. */
export const signInBody = z.object({
  user: z.string({ error: 'give the account id' }).min(1).max(128),
  password: z.string({ error: 'give the password' }).min(1).max(1024),
});

export const itemParams = z.object({ id: identifierSchema });

export const itemListQuery = z.object({
  collection: identifierSchema.optional(),
  status: z.enum(['ingested', 'processing', 'ready', 'failed'] satisfies ItemStatus[]).optional(),
});

export const annotationQuery = z.object({
  type: single.max(200).optional(),
  term: single.max(200).optional(),
  from: seconds.optional(),
  to: seconds.optional(),
});

export const searchQuery = z.object({ q: words });

export const jobParams = z.object({
  queue: z.enum(QueueName),
  id: single.regex(/^[\x21-\x7e]{1,256}$/, 'a job id'),
});

/** `value` as `schema` reads it, or a 400 problem naming each wrong parameter. */
export function parseRequest<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw invalidParameters(
    parsed.error.issues.map((issue) => ({
      name: issue.path.join('.') || 'request',
      reason: issue.message,
    })),
  );
}
