import { saveAnnotationRows } from '../catalog/annotation-rows.js';
import { saveEvents, saveItemRecord } from '../catalog/item-rows.js';
import { applyOcrCorrections } from '../catalog/ocr-corrections.js';
import { saveStepIndexes } from '../catalog/step-indexes.js';
import { isExportRecordObject, reindexExportRecord } from '../export/export-record.js';
import { pendingSteps } from '../ingest/run/ingest-item.js';
import { parseEvents } from '../metadata/events.js';
import { MetadataPath } from '../metadata/item-record.js';
import { statusAfterProcessing } from '../steps/merge-step-results.js';
import { readAnnotationsDocument } from './annotations/annotations-document.js';
import {
  collectionOfVocabularyObject,
  reindexCollectionVocabulary,
} from './annotations/collection-vocabulary.js';
import type { Archive } from './archive.js';
import { readItemMetadata } from './object-files.js';

export interface ReindexReport {
  items: number;
  /** Collection vocabulary objects mirrored into the catalog. */
  vocabularies: number;
  /** Export record objects whose item events went back into the catalog. */
  exports: number;
  /** Objects whose metadata could not be read, with why. */
  skipped: { objectId: string; reason: string }[];
}

/**
 * Rebuilds the catalog from storage alone: every object's `metadata/item.json`,
 * `metadata/events.jsonl` and `metadata/annotations.json` at its head version, every
 * collection vocabulary object, and the item events kept by every export record. The
 * catalog is an index; the archive objects are the record.
 */
export async function reindexCatalog(
  archive: Archive,
  onItem?: (objectId: string) => void,
): Promise<ReindexReport> {
  const report: ReindexReport = { items: 0, vocabularies: 0, exports: 0, skipped: [] };
  // Export records name items, so their events go in once every item is back.
  const exportRecords: string[] = [];
  await archive.catalog.exec(
    'DELETE FROM events; DELETE FROM items; DELETE FROM collections; DELETE FROM vocabularies;',
  );
  for await (const objectId of archive.objects.listObjectIds()) {
    try {
      if (collectionOfVocabularyObject(objectId) !== undefined) {
        await reindexCollectionVocabulary(archive, objectId);
        report.vocabularies += 1;
        onItem?.(objectId);
        continue;
      }
      if (isExportRecordObject(objectId)) {
        exportRecords.push(objectId);
        continue;
      }
      const found = await readItemMetadata(archive.objects, objectId);
      if (!found) throw new Error(`has no ${MetadataPath.item}`);
      const events = parseEvents(found.eventsJsonl);
      const { status, detail } =
        pendingSteps(found.record).length > 0
          ? { status: 'processing' as const, detail: undefined }
          : statusAfterProcessing(found.record);
      const annotations = await readAnnotationsDocument(archive.objects, objectId, found.version);
      await archive.catalog.transaction(async (tx) => {
        await saveItemRecord(tx, found.record, found.version, status, detail);
        await saveEvents(tx, objectId, events);
        await saveStepIndexes(tx, found.record);
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
      const { withoutItem } = await reindexExportRecord(archive, objectId);
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
  return report;
}
