import type { Database } from '../../infra/catalog/database.js';
import type { QueueRuntime } from '../../jobs/queue-runtime.js';
import type { Person } from '../../model/person.js';
import { readArchiveStatus } from './archive-status.js';
import { statusVisibleTo } from './status-visible-to.js';

/** The job counts each queue is shown with. */
export const queueCountNames = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

export interface QueueCounts {
  name: string;
  counts: Record<(typeof queueCountNames)[number], number>;
}

/**
 * A failure as someone who runs the archive is shown it. One of an item they may not
 * see keeps only its queue, as on the queue board: no item, no job id (it holds the
 * item's id), no reason (it may quote a file name or text).
 */
export type JobFailure =
  | { hidden: false; item: string; queue?: string; job?: string; reason: string }
  | { hidden: true; queue: string };

export interface JobOverview {
  queues: QueueCounts[];
  failures: JobFailure[];
  stuck: { item: string; since: string }[];
}

/**
 * The queues' counts, the failures and the stuck items, as `heritage status` reads them
 * and as `who` may see them (statusVisibleTo): what the jobs page of the web app shows.
 */
export async function jobOverviewFor(
  catalog: Database,
  queues: QueueRuntime,
  who: Person,
): Promise<JobOverview> {
  const status = await readArchiveStatus(catalog, queues);
  const visible = await statusVisibleTo(status, catalog, who);
  const key = (failure: { id: string; queue?: string; job?: string }) =>
    `${failure.id}\u0000${failure.queue ?? ''}\u0000${failure.job ?? ''}`;
  const shown = new Set(visible.failed.map(key));
  return {
    // Only admins get counts (statusVisibleTo): they run the archive.
    queues: Object.entries(visible.queues).map(([name, counts]) => ({
      name,
      counts: Object.fromEntries(
        queueCountNames.map((count) => [
          count,
          // A parent waiting for its children is waiting too, for whoever reads the page.
          (counts[count] ?? 0) + (count === 'waiting' ? (counts['waiting-children'] ?? 0) : 0),
        ]),
      ) as QueueCounts['counts'],
    })),
    // A hidden item's failure shows only as a failed job, which the queue's count already
    // tells; a hidden item failed by its catalog status alone is not shown at all.
    failures: status.failed.flatMap((failure): JobFailure[] => {
      if (!shown.has(key(failure)))
        return failure.queue ? [{ hidden: true, queue: failure.queue }] : [];
      return [
        {
          hidden: false,
          item: failure.id,
          ...(failure.queue ? { queue: failure.queue } : {}),
          ...(failure.job ? { job: failure.job } : {}),
          reason: failure.detail ?? 'no reason recorded',
        },
      ];
    }),
    stuck: visible.stuck.map((item) => ({ item: item.id, since: item.since })),
  };
}
