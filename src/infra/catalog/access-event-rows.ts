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
  filter: { communities: readonly string[] | 'all'; limit: number },
): Promise<AccessEvent[]> {
  const all = filter.communities === 'all';
  const rows = await db.query<{
    occurred_at: Date | string;
    who: string;
    item_id: string;
    what: AccessEventKind;
    access_protocol: string;
    community: string | null;
  }>(
    `SELECT occurred_at, who, item_id, what, access_protocol, community FROM access_events
     WHERE $1::boolean OR community = ANY($2::text[])
     ORDER BY occurred_at DESC, id LIMIT $3`,
    [all, all ? [] : filter.communities, filter.limit],
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
