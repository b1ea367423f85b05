import { z } from 'zod';
import { identifierSchema } from './identifier.js';

/**
 * What a person may do, granted by an explicit, recorded act (never as a side effect).
 * - `admin`: runs the archive; sees everything but secret/sacred content of communities
 *   they are not custodians of.
 * - `archivist` of a collection: deposits into it and curates it.
 * - `custodian` of a community: the only people who may see or annotate that
 *   community's secret/sacred items, inside the archive only.
 * - `member` of a community: sees its `community` items and annotates them (and its
 *   `open` ones) inside the archive.
 * - `researcher`, with a named grant on one `restricted` item or a whole collection.
 */
export const grantSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('admin') }),
  z.object({ role: z.literal('archivist'), collection: identifierSchema }),
  z.object({ role: z.literal('custodian'), community: identifierSchema }),
  z.object({ role: z.literal('member'), community: identifierSchema }),
  z.object({
    role: z.literal('researcher'),
    scope: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('item'), item: identifierSchema }),
      z.object({ kind: z.literal('collection'), collection: identifierSchema }),
    ]),
  }),
]);
export type Grant = z.infer<typeof grantSchema>;
export type Role = Grant['role'];

/** Someone the archive knows: a signed-in account, or the public (no account). */
export type Person =
  | { kind: 'account'; id: string; name: string; grants: readonly Grant[] }
  | { kind: 'public' };

export const publicPerson: Person = { kind: 'public' };

/** Whether `who` holds an admin grant. */
export function isAdmin(who: Person): boolean {
  return who.kind === 'account' && who.grants.some((grant) => grant.role === 'admin');
}
