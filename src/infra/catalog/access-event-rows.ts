import { randomUUID } from 'node:crypto';
import type { Database } from './database.js';

export type AccessEventKind = 'item' | 'annotations' | 'media';

/** One read of a non-open item through the API. */
export interface AccessEvent {
  occurredAt: Date;
  who: string;
  itemId: string;
  what: AccessEventKind;
  accessProtocol: string;
  community: string | undefined;
}

export async function recordAccessEvent(db: Database, event: AccessEvent): Promise<void> {
  await db.query(
    `INSERT INTO access_events (id, occurred_at, who, item_id, what, access_protocol, community)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      randomUUID(),
      event.occurredAt.toISOString(),
      event.who,
      event.itemId,
      event.what,
      event.accessProtocol,
      event.community ?? null,
    ],
  );
}

/**
 * The latest events first, at most `limit`: every one, or only those of items of the
 * given communities.
 */
export async function listAccessEvents(
  db: Database,
  filter: {
    communities: readonly string[] | 'all';
    /** Communities whose secret/sacred material's reads may be listed (then or now), or all. */
    secretSacredOf: readonly string[] | 'all';
    limit: number;
  },
): Promise<AccessEvent[]> {
  const all = filter.communities === 'all';
  // The secret/sacred reads are left out here, before the limit, so that the number of
  // events answered tells nothing of them.
  const rows = await db.query<{
    occurred_at: Date | string;
    who: string;
    item_id: string;
    what: AccessEventKind;
    access_protocol: string;
    community: string | null;
  }>(
    `SELECT e.occurred_at, e.who, e.item_id, e.what, e.access_protocol, e.community
       FROM access_events e
      WHERE ($1::boolean OR e.community = ANY($2::text[]))
        AND ($5::boolean OR e.access_protocol <> 'secret-sacred' OR e.community = ANY($3::text[]))
        AND ($5::boolean OR NOT EXISTS (
          SELECT 1 FROM items i JOIN collections c ON c.id = i.collection_id
           WHERE i.id = e.item_id AND i.access_protocol = 'secret-sacred'
             AND (c.community IS NULL OR NOT c.community = ANY($3::text[]))))
      ORDER BY e.occurred_at DESC, e.id LIMIT $4`,
    [
      all,
      all ? [] : filter.communities,
      filter.secretSacredOf === 'all' ? [] : filter.secretSacredOf,
      filter.limit,
      filter.secretSacredOf === 'all',
    ],
  );
  return rows.map((row) => ({
    occurredAt: new Date(row.occurred_at),
    who: row.who,
    itemId: row.item_id,
    what: row.what,
    accessProtocol: row.access_protocol,
    community: row.community ?? undefined,
  }));
}
