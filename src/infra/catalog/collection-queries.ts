import type { AccessProtocol } from '../../model/access.js';
import type { AccessFacts } from '../../model/access-policy.js';
import type { Database } from './database.js';
import { type AccessFactsRow, accessFactsOfRow } from './item-queries.js';

/** A collection as the catalog describes it. */
export interface CollectionRow {
  id: string;
  title: string;
  community: string | null;
  languages: string[];
  licence: string | null;
  defaultAccess: AccessProtocol;
}

/** The collections of `ids` (all when undefined), by id. */
export async function collectionsOf(
  db: Database,
  ids?: readonly string[],
): Promise<CollectionRow[]> {
  const where = ids === undefined ? '' : 'WHERE id = ANY($1)';
  return db.query<CollectionRow>(
    `SELECT id, title, community, languages, licence, default_access AS "defaultAccess"
       FROM collections ${where} ORDER BY id`,
    ids === undefined ? [] : [ids],
  );
}

/**
 * The access facts of every item whose protocol is one of `accessProtocols`, of one
 * collection or all: what the policy needs to count the items a person may see. The
 * protocols only narrow; the policy still judges each item.
 */
export async function itemFactsByCollection(
  db: Database,
  accessProtocols: readonly string[],
  collection?: string,
): Promise<AccessFacts[]> {
  const params: unknown[] = [accessProtocols];
  const where = collection === undefined ? '' : `AND i.collection_id = $${params.push(collection)}`;
  const rows = await db.query<AccessFactsRow>(
    `SELECT i.id, i.access_protocol, i.consent, i.collection_id, c.community
       FROM items i LEFT JOIN collections c ON c.id = i.collection_id
      WHERE i.access_protocol = ANY($1) ${where}`,
    params,
  );
  return rows.map(accessFactsOfRow);
}
