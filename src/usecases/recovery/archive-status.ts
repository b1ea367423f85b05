import type { Database } from '../../infra/catalog/database.js';
import { recentlyFailedItems, recentQuarantine } from '../../infra/catalog/status-queries.js';
import { allQueueNames } from '../../jobs/names.js';
import type { QueueRuntime } from '../../jobs/queue-runtime.js';
import { findFlowProblems } from './flow-problems.js';

/** How many failed items and refused files the status shows, newest first. */
const SHOWN = 50;

/** Where the archive's items and queues stand. */
export interface ArchiveStatus {
  items: Record<string, number>;
  /**
   * Items whose processing failed: by their catalog status, or by a failed job in any
   * queue (`queue` and `job` then say which); `heritage retry --failed` retries them.
   */
  failed: { id: string; detail: string | null; queue?: string; job?: string }[];
  /** Items left processing with no job waiting or running: `heritage retry --stuck`. */
  stuck: { id: string; since: string }[];
  quarantined: { batch: string; file: string; reason: string; at: string }[];
  queues: Record<string, Record<string, number>>;
}

/**
 * Items by catalog status, failed items (by status or by a failed job), stuck items,
 * recently refused files and the queues' job counts. Without a catalog (in use by
 * another process) only what the queues know is given.
 */
export async function readArchiveStatus(
  catalog: Database | undefined,
  queues: QueueRuntime,
): Promise<ArchiveStatus> {
  const queueCounts: ArchiveStatus['queues'] = {};
  for (const name of allQueueNames) {
    queueCounts[name] = await queues
      .queue(name)
      .getJobCounts('waiting', 'active', 'delayed', 'waiting-children', 'completed', 'failed');
  }
  const problems = await findFlowProblems(queues, catalog);
  const failedJobs = problems.failed.map((job) => ({
    id: job.itemId,
    detail: `${job.step}: ${job.reason}`,
    queue: job.queue,
    job: job.jobId,
  }));
  const stuck = problems.stuck.map((item) => ({ id: item.itemId, since: item.since }));
  if (!catalog)
    return { items: {}, failed: failedJobs, stuck, quarantined: [], queues: queueCounts };
  const failed = await recentlyFailedItems(catalog, SHOWN);
  const quarantined = await recentQuarantine(catalog, SHOWN);
  return {
    // Counted for the person who asks, by statusVisibleTo: a count is content too.
    items: {},
    failed: [
      ...failed
        .filter((row) => !failedJobs.some((job) => job.id === row.id))
        .map((row) => ({ id: row.id, detail: row.detail })),
      ...failedJobs,
    ],
    stuck,
    quarantined: quarantined.map((row) => ({
      batch: row.batch,
      file: row.file,
      reason: row.reason,
      at: new Date(row.occurredAt).toISOString(),
    })),
    queues: queueCounts,
  };
}
