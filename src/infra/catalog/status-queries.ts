import type { Database } from './database.js';
import type { ItemStatus } from './item-rows.js';

/** An item's processing status as the catalog records it. */
export interface ItemStatusRow {
  status: ItemStatus;
  detail: string | null;
}

/** The failed items, most recently changed first. */
export async function recentlyFailedItems(
  db: Database,
  limit: number,
): Promise<{ id: string; detail: string | null }[]> {
  return db.query<{ id: string; detail: string | null }>(
    `SELECT id, status_detail AS detail FROM items WHERE status = 'failed'
      ORDER BY updated_at DESC LIMIT $1`,
    [limit],
  );
}

/** Ids of every failed item. */
export async function failedItemIds(db: Database): Promise<string[]> {
  const rows = await db.query<{ id: string }>("SELECT id FROM items WHERE status = 'failed'");
  return rows.map((row) => row.id);
}

/** Items not finished yet (`ingested` or `processing`), in id order, with when they last changed. */
export async function unfinishedItems(db: Database): Promise<{ id: string; updatedAt: Date }[]> {
  return db.query<{ id: string; updatedAt: Date }>(
    `SELECT id, updated_at AS "updatedAt" FROM items
      WHERE status IN ('processing', 'ingested') ORDER BY id`,
  );
}

/** The status of each item found, by id; items the catalog lacks are absent. */
export async function itemStatusesOf(
  db: Database,
  ids: readonly string[],
): Promise<Map<string, ItemStatusRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<{ id: string } & ItemStatusRow>(
    'SELECT id, status, status_detail AS detail FROM items WHERE id = ANY($1)',
    [ids],
  );
  return new Map(rows.map(({ id, status, detail }) => [id, { status, detail }]));
}

/** The item's status, or undefined when the catalog has no row for it. */
export async function savedItemStatus(
  db: Database,
  id: string,
): Promise<ItemStatusRow | undefined> {
  const [row] = await db.query<ItemStatusRow>(
    'SELECT status, status_detail AS detail FROM items WHERE id = $1',
    [id],
  );
  return row;
}

/** A refused file of a batch, as recorded at ingest. */
export interface QuarantineRow {
  batch: string;
  file: string;
  reason: string;
  occurredAt: Date;
}

/** The most recently refused files, newest first. */
export async function recentQuarantine(db: Database, limit: number): Promise<QuarantineRow[]> {
  return db.query<QuarantineRow>(
    `SELECT batch, file_path AS file, reason, occurred_at AS "occurredAt"
       FROM quarantine ORDER BY id DESC LIMIT $1`,
    [limit],
  );
}

/** The status of every item whose protocol is one of `accessProtocols`, for counting by who may see them. */
export async function itemStatusesAmong(
  db: Database,
  accessProtocols: readonly string[],
): Promise<{ id: string; status: string }[]> {
  return db.query<{ id: string; status: string }>(
    'SELECT id, status FROM items WHERE access_protocol = ANY($1)',
    [accessProtocols],
  );
}
