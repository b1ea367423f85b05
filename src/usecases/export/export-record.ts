import type { Archive } from '../../archive/archive.js';
import type { ItemLocks } from '../../archive/item-lock.js';
import { readObjectText } from '../../archive/object-files.js';
import { existingItemIds } from '../../infra/catalog/item-queries.js';
import { saveEventRows } from '../../infra/catalog/item-rows.js';
import { heritageAgent } from '../../infra/package/heritage-version.js';
import type { ArchiveEvent } from '../../model/event.js';
import { appendEvents, newEvent, parseEvents } from '../../model/event-log.js';

/*
 * Every export leaves a record in the archive: an OCFL object of its own,
 * `urn:heritage:export:<exportId>`, beside the item objects (as collection vocabularies
 * are). It keeps what the ML team received (dataset card, `export_manifest.json`,
 * `SHA256SUMS`) and `events.jsonl`, one PREMIS `export` event per included item, whose
 * `data.item` names the item. One object per export, rather than a new version of
 * every item, leaves the items as they were (an export changes nothing in them) and
 * costs one commit instead of thousands; `reindex` puts the events back into each
 * item's history. The same export run again (same id) adds a version, events appended.
 * Its id contains `:`, which item ids cannot, so the two never collide.
 */

const OBJECT_ID_PREFIX = 'urn:heritage:export:';
const EVENTS_PATH = 'events.jsonl';

/** The OCFL object id of an export's record. */
export function exportRecordObjectId(exportId: string): string {
  return `${OBJECT_ID_PREFIX}${exportId}`;
}

/** True for the record object of an export. */
export function isExportRecordObject(objectId: string): boolean {
  return objectId.startsWith(OBJECT_ID_PREFIX);
}

/** One included item and what of it went into the dataset. */
export interface ExportedItem {
  itemId: string;
  /** e.g. `12 utterance(s), 1 text(s), 0 OCR line(s)`. */
  contents: string;
}

/** An export as its record keeps it. */
export interface ExportRecord {
  exportId: string;
  /** Where the dataset was published, as the events name it. */
  location: string;
  items: readonly ExportedItem[];
  /** Files of the dataset kept with the record, by their dataset path. */
  files: readonly { path: string; body: string }[];
}

/**
 * Writes the next version of the export's record object (under its lock), then adds
 * each item's `export` event to the catalog in one statement. Returns the version.
 */
export async function recordExport(
  archive: Archive,
  locks: ItemLocks,
  record: ExportRecord,
): Promise<string> {
  const { exportId, location } = record;
  const events = record.items.map(({ itemId, contents }) =>
    newEvent({
      type: 'export',
      agent: heritageAgent,
      outcome: 'success',
      detail: `included in dataset export ${exportId} at ${location}: ${contents}`,
      data: { exportId, location, item: itemId },
    }),
  );
  const objectId = exportRecordObjectId(exportId);
  const version = await locks.withLock(objectId, async () => {
    const previous = (await readObjectText(archive.objects, objectId, EVENTS_PATH)) ?? '';
    const commit = await archive.objects.commitVersion(
      objectId,
      {
        add: [
          ...record.files.map((file) => ({ logicalPath: file.path, body: file.body })),
          { logicalPath: EVENTS_PATH, body: appendEvents(previous, events) },
        ],
      },
      { message: `Dataset export ${exportId} to ${location}`, user: { name: heritageAgent } },
    );
    return commit.version;
  });
  await saveItemEvents(archive, events);
  return version;
}

/**
 * Puts the events of an export record back into the catalog (for `reindex`, after the
 * items): events of items the catalog no longer has are left out and counted.
 */
export async function reindexExportRecord(
  archive: Archive,
  objectId: string,
): Promise<{ events: number; withoutItem: number }> {
  const jsonl = await readObjectText(archive.objects, objectId, EVENTS_PATH);
  if (jsonl === undefined) throw new Error(`has no ${EVENTS_PATH}`);
  const events = parseEvents(jsonl);
  // Only the items this record names: reindex calls this once per export.
  const named = [...new Set(events.map(itemOf))];
  const known = await existingItemIds(archive.catalog, named);
  const kept = events.filter((event) => known.has(itemOf(event)));
  await saveItemEvents(archive, kept);
  return { events: kept.length, withoutItem: events.length - kept.length };
}

async function saveItemEvents(archive: Archive, events: readonly ArchiveEvent[]): Promise<void> {
  await saveEventRows(
    archive.catalog,
    events.map((event) => ({ itemId: itemOf(event), event })),
  );
}

function itemOf(event: ArchiveEvent): string {
  const item = event.data?.item;
  if (typeof item !== 'string') throw new Error(`export event ${event.id} names no item`);
  return item;
}
