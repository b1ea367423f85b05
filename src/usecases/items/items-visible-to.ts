import type { Database } from '../../infra/catalog/database.js';
import {
  accessFactsOf,
  getItem,
  type ItemDetail,
  type ItemFilters,
  type ItemPosition,
  type ItemSummary,
  itemRecordsOf,
  listItems,
  type SearchHit,
  searchCatalog,
} from '../../infra/catalog/item-queries.js';
import { foldForSearch } from '../../infra/catalog/search-text.js';
import {
  type AccessFacts,
  decideAccess,
  isStaffFor,
  type Purpose,
  protocolsReachable,
} from '../../model/access-policy.js';
import type { Person } from '../../model/person.js';
import {
  type PublicItem,
  type PublicItemSummary,
  publicItem,
  publicItemSummary,
  publicMetadata,
  publicSearchableText,
} from '../../model/public-view.js';

/**
 * What one person may see of the catalog, as the access policy decides item by item
 * (purpose `view` unless said): staff of an item's collection read its catalog record,
 * everyone else its public view. A hidden item is as absent as an unknown one.
 */

/** The access facts of those of `ids` that `who` may act on for `purpose`, by id. */
export async function factsVisibleTo(
  catalog: Database,
  who: Person,
  ids: readonly string[],
  purpose: Purpose = 'view',
): Promise<Map<string, AccessFacts>> {
  const facts = await accessFactsOf(catalog, [...new Set(ids)]);
  return new Map(
    [...facts].filter(([, itemFacts]) => decideAccess(who, itemFacts, purpose).allowed),
  );
}

/** A page of the items `who` may see, and where the next page starts when there is one. */
export interface ItemPage {
  items: (ItemSummary | PublicItemSummary)[];
  next?: ItemPosition;
}

/**
 * The items matching the filters that `who` may see, `limit` at most, after `after`:
 * catalog summaries for staff, public ones else. The policy judges the rows the catalog
 * narrowed by protocol; the page is filled from further rows until it is full or the
 * catalog has no more, so a person sees every item they may, however many others hide
 * them.
 */
export async function itemsVisibleTo(
  catalog: Database,
  who: Person,
  filters: ItemFilters = {},
  { limit = 200, after }: { limit?: number; after?: ItemPosition } = {},
): Promise<ItemPage> {
  const items: ItemPage['items'] = [];
  let position = after;
  for (;;) {
    const rows = await listItems(catalog, filters, protocolsReachable(who, 'view'), {
      after: position,
      limit: limit + 1,
    });
    const visible = await factsVisibleTo(
      catalog,
      who,
      rows.map((row) => row.id),
    );
    for (const row of rows) {
      const facts = visible.get(row.id);
      if (facts) {
        if (items.length === limit) return { items, next: position };
        items.push(isStaffFor(who, facts) ? row : publicItemSummary(row));
      }
      position = { collection: row.collection, id: row.id };
    }
    if (rows.length <= limit) return { items };
  }
}

/** Every item matching the filters that `who` may see, page after page. */
export async function allItemsVisibleTo(
  catalog: Database,
  who: Person,
  filters: ItemFilters = {},
): Promise<ItemPage['items']> {
  const all: ItemPage['items'] = [];
  let after: ItemPosition | undefined;
  do {
    const page = await itemsVisibleTo(catalog, who, filters, { limit: 1000, after });
    all.push(...page.items);
    after = page.next;
  } while (after);
  return all;
}

/** The item as `who` may see it, or undefined when it is unknown or hidden from them alike. */
export async function itemVisibleTo(
  catalog: Database,
  who: Person,
  id: string,
): Promise<ItemDetail | PublicItem | undefined> {
  const facts = (await factsVisibleTo(catalog, who, [id])).get(id);
  if (!facts) return undefined;
  const item = await getItem(catalog, id);
  if (!item) return undefined;
  return isStaffFor(who, facts) ? item : publicItem(item, facts.consent);
}

/**
 * Search hits of items `who` may see. The catalog's search text holds every
 * contributor's name and extra column; who reads an item's public view may find it
 * only by what that view shows.
 */
export async function searchVisibleTo(
  catalog: Database,
  who: Person,
  words: string,
): Promise<SearchHit[]> {
  const hits = await searchCatalog(catalog, words, protocolsReachable(who, 'view'));
  const visible = await factsVisibleTo(
    catalog,
    who,
    hits.map((hit) => hit.itemId),
  );
  const publicIds = [...visible.values()]
    .filter((facts) => !isStaffFor(who, facts))
    .map((facts) => facts.id);
  const records = await itemRecordsOf(catalog, publicIds);
  const folded = foldForSearch(words);
  const findable = (itemId: string) => {
    const facts = visible.get(itemId);
    const record = records.get(itemId);
    if (!facts || !record) return false;
    const text = publicSearchableText(itemId, publicMetadata(record, facts.consent));
    return foldForSearch(text).includes(folded);
  };
  return hits.filter((hit) => {
    const facts = visible.get(hit.itemId);
    if (!facts) return false;
    return isStaffFor(who, facts) || hit.source !== 'metadata' || findable(hit.itemId);
  });
}
