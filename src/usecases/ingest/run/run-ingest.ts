import { randomBytes } from 'node:crypto';
import type { Archive } from '../../../archive/archive.js';
import type { ItemLocks } from '../../../archive/item-lock.js';
import type { Settings } from '../../../infra/config/settings-schema.js';
import { inService } from '../../../infra/queue/classify-failure.js';
import { buildItemFlow, type FlowJobRef, jobsOfFlow } from '../../../jobs/item-flow.js';
import type { QueueRuntime } from '../../../jobs/queue-runtime.js';
import type { IngestPlan, PlannedItem } from '../plan/ingest-plan.js';
import { type DepositProvenance, type IngestItemResult, ingestItem } from './ingest-item.js';
import { type ItemInspections, inspectAhead } from './inspect-ahead.js';

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

export interface IngestOptions {
  /** Who handed the files in, for a deposit made through the HTTP API. */
  provenance?: DepositProvenance;
  /** Inspections already under way (`inspectAhead`, reporting their own bytes hashed) rather than ones started here. */
  inspections?: ItemInspections;
}

/** How many items are written at once. */
const WRITING_AT_ONCE = 4;

/**
 * Archives every item of a plan and adds one processing flow per item that has
 * work to do. One item's failure is reported and the batch goes on.
 */
export async function runIngest(
  { archive, queues, locks }: { archive: Archive; queues: QueueRuntime; locks: ItemLocks },
  plan: IngestPlan,
  settings: Settings,
  listener: IngestListener = {},
  { provenance, inspections }: IngestOptions = {},
): Promise<IngestReport> {
  const batch = `${new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${randomBytes(3).toString('hex')}`;
  const collections = new Map(plan.collections.map((collection) => [collection.id, collection]));
  const report: IngestReport = { batch, results: [], failed: [] };
  const inspected = inspections ?? inspectAhead(plan.items, settings, listener.onBytesHashed);

  const ingestOne = async (index: number) => {
    const planned = plan.items[index] as PlannedItem;
    try {
      const files = await inspected.take(index);
      const collection = collections.get(planned.item.collection);
      if (!collection) throw new Error(`collection ${planned.item.collection} is not in the plan`);
      // One writer per object: a finalise job of an earlier batch may be writing this item.
      const result = await locks.withLock(planned.item.id, () =>
        ingestItem(archive, planned, collection, files, batch, plan.root, provenance),
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
  const lanes = Array.from({ length: Math.min(WRITING_AT_ONCE, plan.items.length) }, async () => {
    while (next < plan.items.length) await ingestOne(next++);
  });
  await Promise.all(lanes);
  return report;
}
