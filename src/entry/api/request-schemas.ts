import { z } from 'zod';
import type { ItemPosition } from '../../infra/catalog/item-queries.js';
import type { ItemStatus } from '../../infra/catalog/item-rows.js';
import { QueueName } from '../../jobs/names.js';
import { identifierSchema } from '../../model/identifier.js';

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

/** Where the next page of a list starts, as the previous page's `next` gave it. */
const pageCursor = single.max(600).transform((value, context) => {
  const position = decodeCursor(value);
  if (!position) context.addIssue({ code: 'custom', message: "the previous page's `next`" });
  return position ?? z.NEVER;
});

export const itemListQuery = z.object({
  collection: identifierSchema.optional(),
  status: z.enum(['ingested', 'processing', 'ready', 'failed'] satisfies ItemStatus[]).optional(),
  limit: single
    .regex(/^\d{1,4}$/, 'a number from 1 to 1000')
    .transform(Number)
    .refine((value) => value >= 1 && value <= 1000, 'a number from 1 to 1000')
    .optional(),
  after: pageCursor.optional(),
});

/** A list position as an opaque cursor: base64url of `[collection, id]`. */
export function encodeCursor(position: ItemPosition): string {
  return Buffer.from(JSON.stringify([position.collection, position.id])).toString('base64url');
}

function decodeCursor(cursor: string): ItemPosition | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [collection, id] = value;
    if (typeof collection !== 'string' || typeof id !== 'string') return undefined;
    return { collection, id };
  } catch {
    return undefined;
  }
}

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
