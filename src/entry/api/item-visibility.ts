import type { FastifyRequest } from 'fastify';
import type { Database } from '../../infra/catalog/database.js';
import { accessFactsOf } from '../../infra/catalog/item-queries.js';
import { type AccessFacts, decideAccess, type Purpose } from '../../model/access-policy.js';
import type { Person } from '../../model/person.js';
import { Problem } from './problem.js';

/**
 * One body for every id the caller may not reach, so that a hidden item's answer is a
 * missing one's, byte for byte, after the same single catalog query.
 */
export const notVisible = (): Problem => new Problem(404, 'no such item is visible here');

export function mayUse(
  who: Person,
  facts: AccessFacts | undefined,
  purpose: Purpose = 'view',
): facts is AccessFacts {
  return facts !== undefined && decideAccess(who, facts, purpose).allowed;
}

/**
 * The item's access facts when the caller may use it for `purpose` (default `view`);
 * otherwise the 404 of a missing item. An item the caller may see but not use for the
 * purpose is a 403 that names the purpose only.
 */
export async function visibleFacts(
  catalog: Database,
  request: FastifyRequest,
  id: string,
  purpose: Purpose = 'view',
): Promise<AccessFacts> {
  const facts = (await accessFactsOf(catalog, [id])).get(id);
  if (!mayUse(request.caller, facts, 'view')) throw notVisible();
  if (purpose !== 'view' && !mayUse(request.caller, facts, purpose))
    throw new Problem(403, `you may not ${purpose} this item`);
  return facts;
}
