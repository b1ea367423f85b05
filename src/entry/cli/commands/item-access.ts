import type { Database } from '../../../infra/catalog/database.js';
import { decideAccess, type Purpose } from '../../../model/access-policy.js';
import { isAdmin, type Person } from '../../../model/person.js';
import { factsVisibleTo } from '../../../usecases/items/items-visible-to.js';
import { isLocalAdmin } from './acting-user.js';

/** The one answer for an item that is unknown or hidden from the acting user, alike. */
export function noSuchItem(id: string): string {
  return `no item "${id}" in the catalog`;
}

/** The acting user may not do this to an item (exit 1, message printed once). */
export class ItemAccessRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ItemAccessRefused';
  }
}

/**
 * Refuses a named user an item they may not act on for `purpose`: one they may not see
 * gets an unknown item's answer, one they see the policy's reason. The local admin
 * keeps every operator command, as the CLI always gave it.
 */
export async function checkItemAccess(
  catalog: Database,
  who: Person,
  itemId: string,
  purpose: Purpose,
): Promise<void> {
  if (isLocalAdmin(who)) return;
  const facts = (await factsVisibleTo(catalog, who, [itemId])).get(itemId);
  if (!facts) throw new ItemAccessRefused(noSuchItem(itemId));
  const decision = decideAccess(who, facts, purpose);
  if (!decision.allowed)
    throw new ItemAccessRefused(
      `${who.kind === 'account' ? who.id : 'the public'} may not ${purpose} item "${itemId}": ${decision.reason}`,
    );
}

/** Refuses an item the acting user may not view, with an unknown item's answer; the local admin too. */
export async function requireVisible(
  catalog: Database,
  who: Person,
  itemId: string,
): Promise<void> {
  if (!(await factsVisibleTo(catalog, who, [itemId])).has(itemId))
    throw new ItemAccessRefused(noSuchItem(itemId));
}

/**
 * Refuses a named user who holds no admin grant work that is the archive's as a whole
 * (vocabularies, dataset exports); the local admin keeps it.
 */
export function requireAdmin(who: Person, work: string): void {
  if (isLocalAdmin(who)) return;
  if (isAdmin(who)) return;
  throw new ItemAccessRefused(
    `${who.kind === 'account' ? who.id : 'the public'} may not ${work}: it needs an admin grant`,
  );
}
