import { randomBytes } from 'node:crypto';
import type { Archive } from '../../archive/archive.js';
import { readItemMetadata } from '../../archive/object-files.js';
import { failedItemIds } from '../../infra/catalog/status-queries.js';
import { connectRedis } from '../../infra/queue/redis-connection.js';
import { buildItemFlow } from '../../jobs/item-flow.js';
import { QueueName } from '../../jobs/names.js';
import { pendingJobs } from '../../jobs/pending-jobs.js';
import type { QueueRuntime } from '../../jobs/queue-runtime.js';
import { findFlowProblems } from './flow-problems.js';

export interface RetrySelection {
  /** Items to retry whatever their state. */
  ids?: readonly string[];
  /** Every item with a failed job or a failed step. */
  failed?: boolean;
  /** Every item left processing with no job under way. */
  stuck?: boolean;
  /** With `stuck`: only items left so for at least this long. */
  stuckForMs?: number;
}

export interface RetryOutcome {
  itemId: string;
  /**
   * `finalise`: its failed finalise job runs again with its steps' results;
   * `steps`: a new flow re-runs its failed and unfinished steps, then finalises;
   * `skipped`: nothing was done, see `detail`.
   */
  action: 'finalise' | 'steps' | 'skipped';
  steps: number;
  detail?: string;
}

/**
 * Puts failed or stalled items back on their way. A failed finalise whose steps all
 * succeeded runs again as it is (its children's results are kept); otherwise a new flow,
 * with job ids of its own, re-runs every step that failed or never reported, and the old
 * failed jobs are removed. An item with a job still under way is left alone.
 */
export async function retryItems(
  { archive, queues }: { archive: Archive; queues: QueueRuntime },
  selection: RetrySelection,
): Promise<RetryOutcome[]> {
  const problems = await findFlowProblems(queues, archive.catalog);
  const targets = new Set(selection.ids ?? []);
  if (selection.failed) {
    for (const job of problems.failed) targets.add(job.itemId);
    for (const id of await failedItemIds(archive.catalog)) targets.add(id);
  }
  if (selection.stuck) {
    const before = Date.now() - (selection.stuckForMs ?? 0);
    for (const item of problems.stuck)
      if (Date.parse(item.since) <= before) targets.add(item.itemId);
  }

  const outcomes: RetryOutcome[] = [];
  for (const itemId of [...targets].sort()) {
    const failedJobs = problems.failed.filter((job) => job.itemId === itemId);
    const skip = (detail: string) => outcomes.push({ itemId, action: 'skipped', steps: 0, detail });
    if (problems.live.has(itemId)) {
      skip('it still has jobs waiting or running');
      continue;
    }
    const failedFinalise = failedJobs.find((job) => job.queue === QueueName.Finalise);
    const failedSteps = failedJobs.filter((job) => job.queue !== QueueName.Finalise);
    if (failedFinalise && failedSteps.length === 0) {
      const job = await queues.queue(QueueName.Finalise).getJob(failedFinalise.jobId);
      await job?.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      outcomes.push({ itemId, action: 'finalise', steps: 0 });
      continue;
    }
    const found = await readItemMetadata(archive.objects, itemId);
    if (!found) {
      skip('the archive has no object for it');
      continue;
    }
    const steps = pendingJobs(found.record, { rerunFailed: true });
    const tag = `r${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
    await queues.addFlow(buildItemFlow(itemId, found.version, steps, tag));
    for (const failed of failedJobs) {
      const job = await queues.queue(failed.queue).getJob(failed.jobId);
      await job?.remove();
    }
    outcomes.push({ itemId, action: 'steps', steps: steps.length });
  }
  return outcomes;
}

/**
 * How long an item must sit in `processing` with no job before a starting worker queues
 * it again: an ingest catalogues an item a moment before it queues the item's flow.
 */
export const STUCK_AT_WORKER_START_MS = 10 * 60_000;

/**
 * Run when a worker starts: queues again the items left processing with no job (their
 * flow was lost with a Redis that lost its data, or never added). One worker of those
 * starting together does it; duplicates would only cost work, since finalise is idempotent.
 */
export async function requeueStuckItems(services: {
  archive: Archive;
  queues: QueueRuntime;
}): Promise<RetryOutcome[]> {
  const redis = await connectRedis(services.queues.target, 'producer');
  let claimed: string | null;
  try {
    const key = `${services.queues.prefix}:stuck-scan`;
    claimed = await redis.set(key, String(process.pid), 'PX', 60_000, 'NX');
  } finally {
    redis.disconnect();
  }
  if (claimed !== 'OK') return [];
  const outcomes = await retryItems(services, {
    stuck: true,
    stuckForMs: STUCK_AT_WORKER_START_MS,
  });
  return outcomes.filter((outcome) => outcome.action !== 'skipped');
}
