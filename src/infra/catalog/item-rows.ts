import type { ArchiveEvent } from '../../model/event.js';
import type { Collection } from '../../model/item.js';
import type { ItemRecord } from '../../model/item-record.js';
import type { Database } from './database.js';
import { foldForSearch } from './search-text.js';

export type ItemStatus = 'ingested' | 'processing' | 'ready' | 'failed';

/** Inserts or updates a collection's row. */
export async function saveCollection(db: Database, collection: Collection): Promise<void> {
  await db.query(
    `INSERT INTO collections (id, title, community, languages, licence, default_access, depositor, metadata)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (id) DO UPDATE SET title = $2, community = $3, languages = $4, licence = $5,
       default_access = $6, depositor = $7, metadata = $8, updated_at = now()`,
    [
      collection.id,
      collection.title,
      collection.community ?? null,
      collection.languages,
      collection.licence ?? null,
      collection.defaultAccess,
      collection.depositor ?? null,
      JSON.stringify(collection),
    ],
  );
}

/**
 * Writes an item's rows (item, assets, step results) as one object version describes
 * them. Runs in the caller's transaction; the catalog only mirrors the archive.
 */
export async function saveItemRecord(
  db: Database,
  record: ItemRecord,
  objectVersion: string,
  status: ItemStatus,
  statusDetail?: string,
): Promise<void> {
  const { item } = record;
  await saveCollection(db, record.collection);
  await db.query(
    `INSERT INTO items (id, collection_id, title, date_text, place, genre, languages, access_protocol,
       tk_labels, consent, licence, metadata, object_version, status, status_detail, search_text)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     ON CONFLICT (id) DO UPDATE SET collection_id = $2, title = $3, date_text = $4, place = $5, genre = $6,
       languages = $7, access_protocol = $8, tk_labels = $9, consent = $10, licence = $11, metadata = $12,
       object_version = $13, status = $14, status_detail = $15, search_text = $16, updated_at = now()`,
    [
      item.id,
      item.collection,
      item.title,
      item.date ?? null,
      item.place ?? null,
      item.genre ?? null,
      item.languages,
      item.accessProtocol,
      item.tkLabels,
      JSON.stringify(item.consent),
      item.licence ?? record.collection.licence ?? null,
      JSON.stringify({ ...item, extra: record.extra }),
      objectVersion,
      status,
      statusDetail ?? null,
      itemSearchText(record),
    ],
  );
  await db.query('DELETE FROM assets WHERE item_id = $1', [item.id]);
  for (const asset of record.assets) {
    await db.query(
      `INSERT INTO assets (item_id, logical_path, role, original_name, media_type, sha256, size, technical)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        item.id,
        asset.path,
        asset.role,
        asset.originalName ?? null,
        asset.mediaType,
        asset.sha256,
        asset.size,
        JSON.stringify({
          ...asset.technical,
          format: asset.format,
          derivedFrom: asset.derivedFrom,
          derivation: asset.derivation,
        }),
      ],
    );
  }
  await db.query('DELETE FROM step_results WHERE item_id = $1', [item.id]);
  for (const step of record.steps) {
    await db.query(
      `INSERT INTO step_results (item_id, step, asset_path, status, detail, result) VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        item.id,
        step.step,
        step.asset,
        step.status,
        step.detail ?? null,
        JSON.stringify(step.result ?? {}),
      ],
    );
  }
}

/** Appends events to an item's history in the catalog (`itemId` null: about no single item). */
export async function saveEvents(
  db: Database,
  itemId: string | null,
  events: readonly ArchiveEvent[],
): Promise<void> {
  await saveEventRows(
    db,
    events.map((event) => ({ itemId, event })),
  );
}

/** Appends events, each with the item it belongs to, in one statement and in order. */
export async function saveEventRows(
  db: Database,
  rows: readonly { itemId: string | null; event: ArchiveEvent }[],
): Promise<void> {
  if (rows.length === 0) return;
  const column = <T>(pick: (row: { itemId: string | null; event: ArchiveEvent }) => T) =>
    rows.map(pick);
  // One array per column: an export adds thousands of events, one round trip each would dominate.
  await db.query(
    `INSERT INTO events (item_id, type, outcome, agent, detail, occurred_at, data)
     SELECT item_id, type, outcome, agent, detail, occurred_at, data
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
                   $6::timestamptz[], $7::jsonb[]) WITH ORDINALITY
         AS event (item_id, type, outcome, agent, detail, occurred_at, data, position)
      ORDER BY position`,
    [
      column((row) => row.itemId),
      column((row) => row.event.type),
      column((row) => row.event.outcome),
      column((row) => row.event.agent),
      column((row) => row.event.detail),
      column((row) => row.event.occurredAt),
      column(({ event }) => JSON.stringify({ id: event.id, object: event.object, ...event.data })),
    ],
  );
}

/**
 * Empties the rows the archive objects are the record of (events, items and every row
 * that hangs off them, collections, vocabularies), so storage can fill them again.
 */
export async function deleteArchiveRows(db: Database): Promise<void> {
  await db.exec(
    'DELETE FROM events; DELETE FROM items; DELETE FROM collections; DELETE FROM vocabularies;',
  );
}

/** Records a refused file of a batch, so `heritage status` can show it with its reason. */
export async function saveQuarantined(
  db: Database,
  batch: string,
  filePath: string,
  reason: string,
): Promise<void> {
  await db.query('INSERT INTO quarantine (batch, file_path, reason) VALUES ($1, $2, $3)', [
    batch,
    filePath,
    reason,
  ]);
}

function itemSearchText(record: ItemRecord): string {
  const { item } = record;
  return foldForSearch(
    [
      item.id,
      item.title,
      item.description,
      item.place,
      item.genre,
      item.date,
      ...item.languages,
      ...item.contributors.map((contributor) => contributor.name),
      ...item.tkLabels,
      ...Object.values(record.extra),
    ]
      .filter(Boolean)
      .join(' '),
  );
}
