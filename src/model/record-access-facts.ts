import type { AccessFacts } from './access-policy.js';
import type { ItemRecord } from './item-record.js';

/** What the access policy looks at in an item record: the community is its collection's. */
export function accessFactsOfRecord(record: Pick<ItemRecord, 'item' | 'collection'>): AccessFacts {
  const { id, accessProtocol, consent, collection } = record.item;
  return { id, accessProtocol, consent, collection, community: record.collection.community };
}
