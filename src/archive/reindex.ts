import { saveEvents, saveItemRecord } from '../catalog/item-rows.js';
import { saveStepIndexes } from '../catalog/step-indexes.js';
import { pendingSteps } from '../ingest/run/ingest-item.js';
import { parseEvents } from '../metadata/events.js';
import { MetadataPath } from '../metadata/item-record.js';
import { statusAfterProcessing } from '../steps/merge-step-results.js';
import type { Archive } from './archive.js';
import { readItemRecord, readObjectText } from './object-files.js';

export interface ReindexReport {
  items: number;
  /** Objects whose metadata could not be read, with why. */
  skipped: { objectId: string; reason: string }[];
}

/**
 * Rebuilds the catalog from storage alone: every object's `metadata/item.json` and
 * `metadata/events.jsonl` at its head version. The catalog is an index; the archive
 * objects are the record.
 */
export async function reindexCatalog(
  archive: Archive,
  onItem?: (objectId: string) => void,
): Promise<ReindexReport> {
  const report: ReindexReport = { items: 0, skipped: [] };
  await archive.catalog.exec('DELETE FROM events; DELETE FROM items; DELETE FROM collections;');
  for await (const objectId of archive.objects.listObjectIds()) {
    try {
      const found = await readItemRecord(archive.objects, objectId);
      if (!found) throw new Error(`has no ${MetadataPath.item}`);
      const events = parseEvents(
        (await readObjectText(archive.objects, objectId, MetadataPath.events)) ?? '',
      );
      const { status, detail } =
        pendingSteps(found.record).length > 0
          ? { status: 'processing' as const, detail: undefined }
          : statusAfterProcessing(found.record);
      await archive.catalog.transaction(async (tx) => {
        await saveItemRecord(tx, found.record, found.version, status, detail);
        await saveEvents(tx, objectId, events);
        await saveStepIndexes(tx, found.record);
      });
      report.items += 1;
    } catch (error) {
      report.skipped.push({ objectId, reason: (error as Error).message });
    }
    onItem?.(objectId);
  }
  return report;
}
