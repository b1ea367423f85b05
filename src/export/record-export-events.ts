import pMap from 'p-map';
import type { Archive } from '../archive/archive.js';
import type { ItemLocks } from '../archive/item-lock.js';
import { saveEvents } from '../catalog/item-rows.js';
import { appendEvents, newEvent } from '../metadata/events.js';
import { MetadataPath } from '../metadata/item-record.js';
import { heritageAgent } from '../version.js';
import { ObjectSnapshot } from './object-snapshot.js';

/** One included item and what of it went into the dataset. */
export interface ExportedItem {
  itemId: string;
  /** e.g. `12 utterance(s), 1 text(s), 0 OCR line(s)`. */
  contents: string;
}

/** Items written at once; each is its own object, so they do not wait on each other's locks. */
const CONCURRENCY = 8;

/**
 * Adds an `export` PREMIS event to every included item: a new object version that
 * changes only `metadata/events.jsonl` (so `reindex` keeps the history), written
 * under the item's lock, then mirrored in the catalog's events and object versions.
 * See `bench/export.bench.ts` for what it costs per item.
 */
export async function recordExportEvents(
  archive: Archive,
  locks: ItemLocks,
  items: readonly ExportedItem[],
  exportId: string,
  location: string,
  onItem?: (done: number, total: number) => void,
): Promise<void> {
  let done = 0;
  const committed = await pMap(
    items,
    async ({ itemId, contents }) => {
      const event = newEvent({
        type: 'export',
        agent: heritageAgent,
        outcome: 'success',
        detail: `included in dataset export ${exportId} at ${location}: ${contents}`,
        data: { exportId, location },
      });
      const version = await locks.withLock(itemId, async () => {
        // One inventory load for the current events (`readObjectText` loads it three times).
        const head = await ObjectSnapshot.open(archive.objects, itemId);
        const previous = head?.has(MetadataPath.events)
          ? await head.readText(MetadataPath.events)
          : '';
        const commit = await archive.objects.commitVersion(
          itemId,
          { add: [{ logicalPath: MetadataPath.events, body: appendEvents(previous, [event]) }] },
          { message: `Dataset export ${exportId}`, user: { name: heritageAgent } },
        );
        return commit.version;
      });
      onItem?.(++done, items.length);
      return { itemId, event, version };
    },
    { concurrency: CONCURRENCY },
  );
  // One catalog transaction for all: the objects are the record (reindex rebuilds these
  // rows from them), and one commit per item costs more than the object versions do.
  await archive.catalog.transaction(async (tx) => {
    for (const { itemId, event, version } of committed) {
      await saveEvents(tx, itemId, [event]);
      await tx.query('UPDATE items SET object_version = $2, updated_at = now() WHERE id = $1', [
        itemId,
        version,
      ]);
    }
  });
}
