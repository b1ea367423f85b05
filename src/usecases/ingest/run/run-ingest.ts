import { randomBytes } from 'node:crypto';
import type { Archive } from '../../../archive/archive.js';
import type { ItemLocks } from '../../../archive/item-lock.js';
import type { Settings } from '../../../infra/config/settings-schema.js';
import { inService } from '../../../infra/queue/classify-failure.js';
import { buildItemFlow, type FlowJobRef, jobsOfFlow } from '../../../jobs/item-flow.js';
import type { QueueRuntime } from '../../../jobs/queue-runtime.js';
import { type InspectedFile, inspectFile } from '../inspect/inspect-file.js';
import type { IngestPlan, PlannedItem } from '../plan/ingest-plan.js';
import { type DepositProvenance, type IngestItemResult, ingestItem } from './ingest-item.js';

/** What an ingest reports as it goes, for progress bars and logs. */
export interface IngestListener {
  onBytesHashed?(bytes: number): void;
  onItemArchived?(result: IngestItemResult): void;
  onItemFailed?(itemId: string, error: Error): void;
  /** A flow is about to be added: its parent and children. */
  onFlowAdded?(itemId: string, jobs: FlowJobRef[]): void;
}

export interface IngestReport {
  batch: string;
  results: IngestItemResult[];
  /** Items that could not be archived at all (storage or catalog failure), with why. */
  failed: { itemId: string; reason: string }[];
}

/** How many items are inspected and written at once: hashing is I/O, probing is a child process. */
const ITEM_CONCURRENCY = 4;

/**
 * Archives every item of a plan and adds one processing flow per item that has
 * work to do. One item's failure is reported and the batch goes on.
 */
export async function runIngest(
  { archive, queues, locks }: { archive: Archive; queues: QueueRuntime; locks: ItemLocks },
  plan: IngestPlan,
  settings: Settings,
  listener: IngestListener = {},
  provenance?: DepositProvenance,
): Promise<IngestReport> {
  const batch = `${new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${randomBytes(3).toString('hex')}`;
  const collections = new Map(plan.collections.map((collection) => [collection.id, collection]));
  const report: IngestReport = { batch, results: [], failed: [] };

  const ingestOne = async (planned: PlannedItem) => {
    try {
      const inspected: InspectedFile[] = [];
      for (const file of planned.files)
        inspected.push(await inspectFile(file, settings, listener.onBytesHashed));
      const collection = collections.get(planned.item.collection);
      if (!collection) throw new Error(`collection ${planned.item.collection} is not in the plan`);
      // One writer per object: a finalise job of an earlier batch may be writing this item.
      const result = await locks.withLock(planned.item.id, () =>
        ingestItem(archive, planned, collection, inspected, batch, plan.root, provenance),
      );
      if (result.steps.length > 0) {
        const flow = buildItemFlow(result.itemId, result.version, result.steps);
        listener.onFlowAdded?.(result.itemId, jobsOfFlow(flow));
        await inService('redis', () => queues.addFlow(flow));
      }
      report.results.push(result);
      listener.onItemArchived?.(result);
    } catch (error) {
      report.failed.push({ itemId: planned.item.id, reason: (error as Error).message });
      listener.onItemFailed?.(planned.item.id, error as Error);
    }
  };

  let next = 0;
  const lanes = Array.from({ length: Math.min(ITEM_CONCURRENCY, plan.items.length) }, async () => {
    while (next < plan.items.length) {
      const planned = plan.items[next++] as PlannedItem;
      await ingestOne(planned);
    }
  });
  await Promise.all(lanes);
  return report;
}
