import type { Database } from '../infra/catalog/database.js';
import { type ItemStatus, saveEvents, saveItemRecord } from '../infra/catalog/item-rows.js';
import { savedItemStatus } from '../infra/catalog/status-queries.js';
import type { FileToAdd } from '../infra/ocfl/index.js';
import { itemStatusOf } from '../jobs/pending-jobs.js';
import type { ArchiveEvent } from '../model/event.js';
import { appendEvents } from '../model/event-log.js';
import type { ItemRecord } from '../model/item-record.js';
import type { Archive } from './archive.js';
import type { ItemLocks } from './item-lock.js';
import { metadataFiles } from './metadata-files.js';
import { type ItemMetadata, readItemMetadata } from './object-files.js';

/** Thrown for an item id with no archive object. */
export class UnknownItemError extends Error {
  override readonly name = 'UnknownItemError';
}

/** Runs `change` under the item's lock, with the item's head version (record and events). */
export async function withItemHead<T>(
  archive: Archive,
  locks: ItemLocks,
  itemId: string,
  change: (head: ItemMetadata) => Promise<T>,
): Promise<T> {
  return locks.withLock(itemId, async () => {
    const head = await readItemMetadata(archive.objects, itemId);
    if (!head) throw new UnknownItemError(`no item "${itemId}" in the archive`);
    return change(head);
  });
}

/** What an edit of an item (not an ingest or a finalise) writes as its next version. */
export interface ItemEdit {
  record: ItemRecord;
  /** Appended to the item's events. */
  events: ArchiveEvent[];
  /** Files written besides the metadata documents. */
  files?: FileToAdd[];
  message: string;
  author: string;
  /** More catalog rows, in the same transaction as the item's. */
  catalog?: (tx: Database) => Promise<void>;
}

/**
 * Commits an edit as the item's next object version (`item.json`, RO-Crate, events and
 * `edit.files`), then mirrors it in the catalog, keeping the item's processing status.
 * Call it inside `withItemHead`, with the head it gave. Returns the version written.
 */
export async function writeItemVersion(
  archive: Archive,
  head: ItemMetadata,
  edit: ItemEdit,
): Promise<string> {
  const itemId = edit.record.item.id;
  const add: FileToAdd[] = [
    ...(edit.files ?? []),
    ...metadataFiles(edit.record, appendEvents(head.eventsJsonl, edit.events)),
  ];
  const commit = await archive.objects.commitVersion(
    itemId,
    { add },
    { message: edit.message, user: { name: edit.author } },
  );
  await archive.catalog.transaction(async (tx) => {
    const { status, detail } = await catalogStatus(tx, edit.record);
    await saveItemRecord(tx, edit.record, commit.version, status, detail);
    await saveEvents(tx, itemId, edit.events);
    await edit.catalog?.(tx);
  });
  return commit.version;
}

/** The item's status as the catalog has it; worked out from the record when it has no row. */
async function catalogStatus(
  db: Database,
  record: ItemRecord,
): Promise<{ status: ItemStatus; detail?: string }> {
  const row = await savedItemStatus(db, record.item.id);
  if (row) return { status: row.status, ...(row.detail ? { detail: row.detail } : {}) };
  return itemStatusOf(record);
}
