import type { Database } from '../../infra/catalog/database.js';
import { accessFactsOf } from '../../infra/catalog/item-queries.js';
import { decideAccess } from '../../model/access-policy.js';
import type { Grant, Person } from '../../model/person.js';
import type { PeopleListing } from './list-people.js';

/** The item a researcher grant is on, if it is on one. */
const itemOf = (grant: Grant | undefined): string | undefined =>
  grant?.role === 'researcher' && grant.scope.kind === 'item' ? grant.scope.item : undefined;

/**
 * The items of `ids` that exist and `who` may not view (secret/sacred of another
 * community, consent withdrawn): a grant on one of them is a fact about it, so it is
 * shown to nobody who may not see the item, and answered as a grant on a missing item.
 */
export async function itemsHiddenFrom(
  catalog: Database,
  who: Person,
  ids: readonly string[],
): Promise<Set<string>> {
  const facts = await accessFactsOf(catalog, [...new Set(ids)]);
  return new Set(
    [...facts].filter(([, item]) => !decideAccess(who, item, 'view').allowed).map(([id]) => id),
  );
}

/** The listing without the grants, and the events of grants, on items `who` may not view. */
export async function peopleVisibleTo(
  catalog: Database,
  who: Person,
  listing: PeopleListing,
): Promise<PeopleListing> {
  const ids = [
    ...listing.grants.map((held) => itemOf(held.grant)),
    ...listing.events.map((event) => itemOf(event.grant)),
  ].filter((id): id is string => id !== undefined);
  const hidden = await itemsHiddenFrom(catalog, who, ids);
  const shown = (grant: Grant | undefined) => !hidden.has(itemOf(grant) ?? '');
  return {
    ...listing,
    accounts: listing.accounts.map((account) => ({
      ...account,
      grants: account.grants.filter(shown),
    })),
    grants: listing.grants.filter((held) => shown(held.grant)),
    events: listing.events.filter((event) => shown(event.grant)),
  };
}
