import type { Job, JobType } from 'bullmq';
import type { Database } from '../../infra/catalog/database.js';
import { unfinishedItems } from '../../infra/catalog/status-queries.js';
import { allQueueNames, type QueueName } from '../../jobs/names.js';
import type { QueueRuntime } from '../../jobs/queue-runtime.js';

/** A job that failed for good (kept by BullMQ for `heritage retry`). */
export interface FailedJob {
  /** The item the job works on; the job id for jobs about no single item (exports). */
  itemId: string;
  queue: QueueName;
  jobId: string;
  step: string;
  reason: string;
}

/** Items whose processing will not finish by itself, in any queue. */
export interface FlowProblems {
  /** Every failed job, oldest first. */
  failed: FailedJob[];
  /** Items the catalog says are processing while no job of theirs is waiting or running. */
  stuck: { itemId: string; since: string }[];
  /** Items with a job waiting, delayed or running. */
  live: Set<string>;
}

/** Job states in which a flow still moves by itself (a stalled job returns to waiting). */
const liveStates: JobType[] = ['waiting', 'active', 'delayed', 'waiting-children', 'prioritized'];

/**
 * Looks through every queue for failed jobs and every job still under way, and, when
 * the catalog is at hand, for items left `processing` with nothing under way.
 */
export async function findFlowProblems(
  runtime: QueueRuntime,
  catalog: Database | undefined,
): Promise<FlowProblems> {
  const failed: FailedJob[] = [];
  const live = new Set<string>();
  for (const queue of allQueueNames) {
    for (const job of await runtime.queue(queue).getJobs(['failed'])) {
      if (!job?.id) continue;
      failed.push({
        itemId: itemOf(job),
        queue,
        jobId: job.id,
        step: job.name,
        reason: job.failedReason ?? 'no reason recorded',
      });
    }
    for (const job of await runtime.queue(queue).getJobs(liveStates)) {
      if (job?.id) live.add(itemOf(job));
    }
  }
  failed.sort((a, b) => a.itemId.localeCompare(b.itemId));
  const stuck: FlowProblems['stuck'] = [];
  if (catalog) {
    const processing = await unfinishedItems(catalog);
    const withFailedJob = new Set(failed.map((job) => job.itemId));
    for (const row of processing) {
      if (live.has(row.id) || withFailedJob.has(row.id)) continue;
      stuck.push({ itemId: row.id, since: new Date(row.updatedAt).toISOString() });
    }
  }
  return { failed, stuck, live };
}

function itemOf(job: Job): string {
  const itemId = (job.data as { itemId?: unknown } | undefined)?.itemId;
  return typeof itemId === 'string' ? itemId : (job.id as string);
}
