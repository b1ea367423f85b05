import { collectionsOf, itemFactsByCollection } from '../../infra/catalog/collection-queries.js';
import type { Database } from '../../infra/catalog/database.js';
import { vocabularyRows } from '../../infra/catalog/vocabulary-rows.js';
import type { AccessProtocol } from '../../model/access.js';
import { decideAccess, protocolsReachable } from '../../model/access-policy.js';
import type { Person } from '../../model/person.js';

/** A collection as one person sees it: only the items they may view are counted. */
export interface VisibleCollection {
  id: string;
  title: string;
  community?: string;
  languages: string[];
  licence?: string;
  /** Items of the collection the person may view. */
  items: number;
  /** Of those, how many under each access protocol. */
  byAccessProtocol: Partial<Record<AccessProtocol, number>>;
  /** The id of the collection's controlled vocabulary, when it has one. */
  vocabulary?: string;
}

/**
 * The collections `who` may view at least one item of (or the one named), each with
 * the count of those items only: a collection of items hidden from them is as absent
 * as an unknown one, and a hidden item is never counted. The access policy judges
 * every item.
 */
export async function collectionsVisibleTo(
  catalog: Database,
  who: Person,
  collection?: string,
): Promise<VisibleCollection[]> {
  const facts = await itemFactsByCollection(catalog, protocolsReachable(who, 'view'), collection);
  const counts = new Map<string, Partial<Record<AccessProtocol, number>>>();
  for (const item of facts) {
    if (!decideAccess(who, item, 'view').allowed) continue;
    const byProtocol = counts.get(item.collection) ?? {};
    byProtocol[item.accessProtocol] = (byProtocol[item.accessProtocol] ?? 0) + 1;
    counts.set(item.collection, byProtocol);
  }
  if (counts.size === 0) return [];
  const ids = [...counts.keys()];
  const vocabularies = new Map(
    (await vocabularyRows(catalog, ids)).map((row) => [row.collection, row.vocabulary.id]),
  );
  return (await collectionsOf(catalog, ids)).map((row) => {
    const byAccessProtocol = counts.get(row.id) ?? {};
    const vocabulary = vocabularies.get(row.id);
    return {
      id: row.id,
      title: row.title,
      ...(row.community !== null ? { community: row.community } : {}),
      languages: row.languages,
      ...(row.licence !== null ? { licence: row.licence } : {}),
      items: Object.values(byAccessProtocol).reduce((sum, count) => sum + count, 0),
      byAccessProtocol,
      ...(vocabulary !== undefined ? { vocabulary } : {}),
    };
  });
}
