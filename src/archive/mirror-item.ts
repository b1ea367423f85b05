import { saveAnnotationRows } from '../infra/catalog/annotation-rows.js';
import type { Database } from '../infra/catalog/database.js';
import { savedEventIdsOf } from '../infra/catalog/item-queries.js';
import { type ItemStatus, saveEvents, saveItemRecord } from '../infra/catalog/item-rows.js';
import { applyOcrCorrections } from '../infra/catalog/ocr-corrections.js';
import { inService } from '../infra/queue/classify-failure.js';
import { parseEvents } from '../model/event-log.js';
import { readAnnotationsDocument } from './annotations-document.js';
import type { Archive } from './archive.js';
import { saveJobResultIndexes } from './job-result-indexes.js';
import type { ItemMetadata } from './object-files.js';

/**
 * Brings an item's catalog rows in line with one version of its object: the item, its
 * assets, steps, OCR pages and annotations are replaced, and every event of the object
 * that the catalog lacks is added. Everything comes from the object, not from what the
 * caller just wrote, so running it again after an attempt that failed half-way fills in
 * whatever that attempt left out. `alsoInTransaction` adds rows of the caller's own.
 */
export async function mirrorItem(
  archive: Archive,
  found: ItemMetadata,
  { status, detail }: { status: ItemStatus; detail?: string },
  alsoInTransaction?: (tx: Database) => Promise<void>,
): Promise<void> {
  const itemId = found.record.item.id;
  const annotations = await inService('storage', () =>
    readAnnotationsDocument(archive.objects, itemId, found.version),
  );
  await inService('catalog', () =>
    archive.catalog.transaction(async (tx) => {
      await saveItemRecord(tx, found.record, found.version, status, detail);
      await saveMissingEvents(tx, itemId, found.eventsJsonl);
      await saveJobResultIndexes(tx, found.record);
      await saveAnnotationRows(tx, itemId, annotations.annotations);
      await applyOcrCorrections(tx, itemId);
      await alsoInTransaction?.(tx);
    }),
  );
}

/** The object's events that the catalog does not have yet, by event id, in object order. */
async function saveMissingEvents(db: Database, itemId: string, eventsJsonl: string) {
  const ids = await savedEventIdsOf(db, itemId);
  await saveEvents(
    db,
    itemId,
    parseEvents(eventsJsonl).filter((event) => !ids.has(event.id)),
  );
}
