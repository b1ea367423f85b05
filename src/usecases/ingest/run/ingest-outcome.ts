import type { Database } from '../../../infra/catalog/database.js';
import { type ItemStatusRow, itemStatusesOf } from '../../../infra/catalog/status-queries.js';
import type { IngestPlan } from '../plan/ingest-plan.js';
import type { IngestReport } from './run-ingest.js';

/** An archived item that did not end ready, with why. */
export interface ItemNotReady {
  id: string;
  status: string;
  detail: string | null;
}

/** A job of the item's processing that failed, as the queues report it. */
export interface FailedStep {
  itemId: string;
  queue: string;
  step: string;
  reason: string;
}

/** How an ingest ended: each item's catalog status and, after waiting, those not ready. */
export interface IngestOutcome {
  statuses: Map<string, ItemStatusRow>;
  notReady: ItemNotReady[];
  /** Everything planned was archived and processed without a problem. */
  succeeded: boolean;
}

/**
 * Judges a finished ingest. It succeeded when the plan had no problems or refused
 * files, no item failed to archive, no file was quarantined, no item is `failed` in the
 * catalog and, when the ingest waited for processing, every item ended ready.
 * `processed` is given when it waited: the jobs that failed, to say why an item is not ready.
 */
export async function ingestOutcome(
  catalog: Database,
  plan: IngestPlan,
  report: IngestReport,
  processed: { failedJobs: readonly FailedStep[] } | undefined,
): Promise<IngestOutcome> {
  const statuses = await itemStatusesOf(
    catalog,
    report.results.map((result) => result.itemId),
  );
  const notReady = processed ? itemsNotReady(processed.failedJobs, report, statuses) : [];
  return { statuses, notReady, succeeded: ingestSucceeded(plan, report, statuses, notReady) };
}

/** The success rule on its own, for what is already known of an ingest. */
export function ingestSucceeded(
  plan: Pick<IngestPlan, 'problems' | 'refused'>,
  report: { results: readonly { quarantined: readonly unknown[] }[]; failed: readonly unknown[] },
  statuses: ReadonlyMap<string, { status: string }>,
  notReady: readonly ItemNotReady[],
): boolean {
  const quarantined = report.results.some((result) => result.quarantined.length > 0);
  const failedItems = [...statuses.values()].some((status) => status.status === 'failed');
  return (
    plan.problems.length === 0 &&
    plan.refused.length === 0 &&
    report.failed.length === 0 &&
    !quarantined &&
    !failedItems &&
    notReady.length === 0
  );
}

/**
 * Archived items that did not end ready, each with why: its catalog status and detail,
 * or the failed job that left it processing.
 */
function itemsNotReady(
  failedJobs: readonly FailedStep[],
  report: IngestReport,
  statuses: ReadonlyMap<string, ItemStatusRow>,
): ItemNotReady[] {
  const notReady: ItemNotReady[] = [];
  for (const { itemId } of report.results) {
    const status = statuses.get(itemId) ?? { status: 'not in the catalog', detail: null };
    if (status.status === 'ready') continue;
    const failedJob = failedJobs.find((job) => job.itemId === itemId);
    const detail = failedJob
      ? `${failedJob.queue} job ${failedJob.step} failed: ${failedJob.reason}`
      : status.detail;
    notReady.push({ id: itemId, status: status.status, detail });
  }
  return notReady;
}
