import { pMapIterable } from 'p-map';
import { readAnnotationsDocument } from '../../archive/annotations-document.js';
import type { Archive } from '../../archive/archive.js';
import { saveJobResultIndexes } from '../../archive/job-result-indexes.js';
import { readItemMetadata } from '../../archive/object-files.js';
import { saveAnnotationRows } from '../../infra/catalog/annotation-rows.js';
import { deleteArchiveRows, saveEvents, saveItemRecord } from '../../infra/catalog/item-rows.js';
import { applyOcrCorrections } from '../../infra/catalog/ocr-corrections.js';
import { deletePeopleRows } from '../../infra/catalog/people-rows.js';
import { itemStatusOf } from '../../jobs/pending-jobs.js';
import { parseEvents } from '../../model/event-log.js';
import { MetadataPath } from '../../model/item-record.js';
import {
  collectionOfVocabularyObject,
  reindexCollectionVocabulary,
} from '../annotations/collection-vocabulary.js';
import { isExportRecordObject, reindexExportRecord } from '../export/export-record.js';
import { isPeopleObject, reindexPeopleObject } from '../people/people-object.js';
import { isFixityLogObject, reindexFixityLog } from '../verify/fixity-log.js';

/** Items whose files are read while the catalog writes the rows of those before them. */
const ITEMS_READ_AHEAD = 8;

export interface ReindexReport {
  items: number;
  /** Collection vocabulary objects mirrored into the catalog. */
  vocabularies: number;
  /** Export record objects whose item events went back into the catalog. */
  exports: number;
  /** Fixity log objects whose fixity-check events went back into the catalog. */
  fixityLogs: number;
  /** People objects (accounts, communities, grants) mirrored into the catalog: 0 or 1. */
  people: number;
  /** Objects whose metadata could not be read, with why. */
  skipped: { objectId: string; reason: string }[];
}

/**
 * Rebuilds the catalog from storage alone: every object's `metadata/item.json`,
 * `metadata/events.jsonl` and `metadata/annotations.json` at its head version, every
 * collection vocabulary object, the people object, and the item events kept by every export record and
 * fixity log. The catalog is an index; the archive objects are the record.
 *
 * All of it is one catalog transaction: readers see the old catalog until the new one
 * is complete, and a reindex that stops (storage gone, the process killed) leaves the
 * old catalog as it was. An object that cannot be read is skipped and reported.
 */
export async function reindexCatalog(
  archive: Archive,
  onItem?: (objectId: string) => void,
): Promise<ReindexReport> {
  return archive.catalog.transaction((tx) => rebuild({ ...archive, catalog: tx }, onItem));
}

async function rebuild(
  archive: Archive,
  onItem?: (objectId: string) => void,
): Promise<ReindexReport> {
  const report: ReindexReport = {
    items: 0,
    vocabularies: 0,
    exports: 0,
    fixityLogs: 0,
    people: 0,
    skipped: [],
  };
  // Export records and fixity logs name items, so their events go in once every item is back.
  const exportRecords: string[] = [];
  const fixityLogs: string[] = [];
  await deleteArchiveRows(archive.catalog);
  await deletePeopleRows(archive.catalog);
  // The catalog's writes go one at a time in the one transaction; the next items' files
  // are read meanwhile, a few at once.
  const objects = pMapIterable(
    archive.objects.scanObjects(),
    async (found) => {
      if (found.objectId === undefined) return { found };
      const kind = kindOf(found.objectId);
      return {
        found,
        kind,
        item: kind === 'item' ? await readItem(archive, found.objectId) : undefined,
      };
    },
    { concurrency: ITEMS_READ_AHEAD },
  );
  for await (const { found, kind, item } of objects) {
    const objectId = found.objectId;
    if (objectId === undefined) {
      report.skipped.push({ objectId: found.objectRoot, reason: found.problem });
      onItem?.(found.objectRoot);
      continue;
    }
    try {
      if (kind === 'vocabulary') {
        await reindexCollectionVocabulary(archive, objectId);
        report.vocabularies += 1;
        onItem?.(objectId);
        continue;
      }
      if (kind === 'people') {
        await inSavepoint(archive, reindexPeopleObject);
        report.people += 1;
        onItem?.(objectId);
        continue;
      }
      if (kind === 'export record') {
        exportRecords.push(objectId);
        continue;
      }
      if (kind === 'fixity log') {
        fixityLogs.push(objectId);
        continue;
      }
      if (item === undefined || 'reason' in item) throw new Error(item?.reason);
      const { metadata, events, annotations } = item;
      const { status, detail } = itemStatusOf(metadata.record);
      await archive.catalog.transaction(async (tx) => {
        await saveItemRecord(tx, metadata.record, metadata.version, status, detail);
        await saveEvents(tx, objectId, events);
        await saveJobResultIndexes(tx, metadata.record);
        await saveAnnotationRows(tx, objectId, annotations.annotations);
        await applyOcrCorrections(tx, objectId);
      });
      report.items += 1;
    } catch (error) {
      report.skipped.push({ objectId, reason: (error as Error).message });
    }
    onItem?.(objectId);
  }
  for (const objectId of exportRecords) {
    try {
      const { withoutItem } = await inSavepoint(archive, (scoped) =>
        reindexExportRecord(scoped, objectId),
      );
      report.exports += 1;
      if (withoutItem > 0)
        report.skipped.push({
          objectId,
          reason: `${withoutItem} export event(s) name items the archive no longer has`,
        });
    } catch (error) {
      report.skipped.push({ objectId, reason: (error as Error).message });
    }
    onItem?.(objectId);
  }
  for (const objectId of fixityLogs) {
    try {
      await inSavepoint(archive, (scoped) => reindexFixityLog(scoped, objectId));
      report.fixityLogs += 1;
    } catch (error) {
      report.skipped.push({ objectId, reason: (error as Error).message });
    }
    onItem?.(objectId);
  }
  return report;
}

/** What an object holds, by its id: one of the archive's own kinds, or an item. */
function kindOf(
  objectId: string,
): 'vocabulary' | 'people' | 'export record' | 'fixity log' | 'item' {
  if (collectionOfVocabularyObject(objectId) !== undefined) return 'vocabulary';
  if (isPeopleObject(objectId)) return 'people';
  if (isExportRecordObject(objectId)) return 'export record';
  if (isFixityLogObject(objectId)) return 'fixity log';
  return 'item';
}

/** An item's files at its head version, as its rows need them; why not, when they cannot be read. */
async function readItem(archive: Archive, objectId: string) {
  try {
    const metadata = await readItemMetadata(archive.objects, objectId);
    if (!metadata) throw new Error(`has no ${MetadataPath.item}`);
    const events = parseEvents(metadata.eventsJsonl);
    const annotations = await readAnnotationsDocument(archive.objects, objectId, metadata.version);
    return { metadata, events, annotations };
  } catch (error) {
    return { reason: (error as Error).message };
  }
}

/** Runs `work` in a savepoint, so that a failed statement skips one object, not the reindex. */
function inSavepoint<T>(archive: Archive, work: (scoped: Archive) => Promise<T>): Promise<T> {
  return archive.catalog.transaction((tx) => work({ ...archive, catalog: tx }));
}
