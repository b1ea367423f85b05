import { type AccessEventKind, recordAccessEvent } from '../../infra/catalog/access-event-rows.js';
import type { Database } from '../../infra/catalog/database.js';
import { accessFactsOf } from '../../infra/catalog/item-queries.js';
import type { AccessFacts } from '../../model/access-policy.js';
import type { Person } from '../../model/person.js';

/**
 * Records a read of an item that is not `open` as an access event (who, what, when),
 * from the API or the CLI alike; an open item's reads are not recorded.
 */
export async function recordRead(
  catalog: Database,
  who: Person,
  facts: AccessFacts,
  what: AccessEventKind,
): Promise<void> {
  if (facts.accessProtocol === 'open') return;
  await recordAccessEvent(catalog, {
    occurredAt: new Date(),
    who: who.kind === 'account' ? who.id : 'public',
    itemId: facts.id,
    what,
    accessProtocol: facts.accessProtocol,
    community: facts.community,
  });
}

/** Records a read of the item `itemId` when it is catalogued and not `open`. */
export async function recordReadOf(
  catalog: Database,
  who: Person,
  itemId: string,
  what: AccessEventKind,
): Promise<void> {
  const facts = (await accessFactsOf(catalog, [itemId])).get(itemId);
  if (facts) await recordRead(catalog, who, facts, what);
}
