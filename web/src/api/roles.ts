import type { Caller } from './types';

/*
 * What the app offers a person, read from their grants as `GET /api/me` tells them. The
 * API decides every request again; these only keep links to pages someone cannot use
 * out of their way.
 */

export function isAdmin(who: Caller | undefined): boolean {
  return who?.kind === 'account' && who.grants.some((grant) => grant.role === 'admin');
}

/** The collections `who` is an archivist of. */
export function collectionsKept(who: Caller | undefined): string[] {
  if (who?.kind !== 'account') return [];
  return who.grants.flatMap((grant) => (grant.role === 'archivist' ? [grant.collection] : []));
}

/** Admins and archivists deposit (into the collections they keep). */
export function mayDeposit(who: Caller | undefined): boolean {
  return isAdmin(who) || collectionsKept(who).length > 0;
}

/** The jobs page reads `GET /api/jobs`, which is for admins. */
export function mayRunJobs(who: Caller | undefined): boolean {
  return isAdmin(who);
}
