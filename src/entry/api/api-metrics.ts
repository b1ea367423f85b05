import type { Queue } from 'bullmq';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../../infra/catalog/database.js';
import { archivedBytes } from '../../infra/catalog/operations-queries.js';
import { allQueueNames } from '../../jobs/names.js';
import type { QueueRuntime } from '../../jobs/queue-runtime.js';

/** The job states counted per queue, as BullMQ names them. */
const JOB_STATES = [
  'waiting',
  'prioritized',
  'waiting-children',
  'active',
  'delayed',
  'completed',
  'failed',
] as const;

/** How many of each queue's latest completed jobs the duration quantiles are taken from. */
export const RECENT_JOBS = 100;
const QUANTILES = [0.5, 0.9, 0.99];

export interface ApiMetrics {
  readonly registry: Registry;
  /** Records one answered request: `route` is the route's pattern (`/api/items/:id`), never the URL. */
  observeRequest(method: string, route: string, status: number, seconds: number): void;
}

/**
 * The API's Prometheus metrics, in a registry of its own (one per API instance). Labels
 * name queues, job states, HTTP methods, route patterns and statuses only: no item,
 * collection or community ever becomes a label, so a scrape tells nothing about what
 * the archive holds beyond its total size.
 *
 * Queue and catalog figures are read when Prometheus scrapes, so they are as fresh as
 * the scrape and cost nothing in between.
 */
export function createApiMetrics(catalog: Database, queues: QueueRuntime): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'heritage_api_' });

  const requests = new Histogram({
    name: 'heritage_http_request_duration_seconds',
    help: 'Time to answer an API request, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  new Gauge({
    name: 'heritage_jobs',
    help: 'Jobs in each queue, by state',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        allQueueNames.map(async (name) => {
          const counts = await queues.queue(name).getJobCounts(...JOB_STATES);
          for (const state of JOB_STATES) this.set({ queue: name, state }, counts[state] ?? 0);
        }),
      );
    },
  });

  // Registered after the quantiles, whose collect sets it: the registry reads its
  // metrics in order, so both come from one read of the recent jobs.
  let recentCounts: Gauge<'queue'> | undefined;
  new Gauge({
    name: 'heritage_job_duration_recent_seconds',
    help: `Processing time (processedOn to finishedOn) of the last ${RECENT_JOBS} completed jobs of each queue, as quantiles`,
    labelNames: ['queue', 'quantile'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      recentCounts?.reset();
      await Promise.all(
        allQueueNames.map(async (name) => {
          const seconds = await recentJobSeconds(queues.queue(name));
          recentCounts?.set({ queue: name }, seconds.length);
          for (const quantile of QUANTILES) {
            const value = quantileOf(seconds, quantile);
            if (value !== undefined) this.set({ queue: name, quantile: String(quantile) }, value);
          }
        }),
      );
    },
  });
  recentCounts = new Gauge({
    name: 'heritage_job_duration_recent_jobs',
    help: 'How many completed jobs heritage_job_duration_recent_seconds was taken from, per queue',
    labelNames: ['queue'] as const,
    registers: [registry],
  });

  new Gauge({
    name: 'heritage_archived_bytes',
    help: 'Bytes of every asset the catalog records (originals and derivatives)',
    registers: [registry],
    async collect() {
      this.set(await archivedBytes(catalog));
    },
  });

  return {
    registry,
    observeRequest(method, route, status, seconds) {
      requests.observe({ method, route, status: String(status) }, seconds);
    },
  };
}

/**
 * The processing times of the queue's latest completed jobs, read as two fields of each
 * job's hash: `getJobs` would fetch every job's data and result too
 * (an OCR job's result holds its pages' text).
 */
async function recentJobSeconds(queue: Queue): Promise<number[]> {
  const ids = await queue.getRanges(['completed'], 0, RECENT_JOBS - 1);
  if (ids.length === 0) return [];
  const client = await queue.getBackend().client;
  // Sent together on the one connection, so one round trip in practice.
  const answers = await Promise.all(
    ids.map((id) => client.hmget(queue.toKey(id), 'processedOn', 'finishedOn')),
  );
  const seconds: number[] = [];
  for (const [processedOn, finishedOn] of answers) {
    if (processedOn && finishedOn) seconds.push((Number(finishedOn) - Number(processedOn)) / 1000);
  }
  return seconds.sort((a, b) => a - b);
}

/** The nearest-rank quantile of sorted values; undefined for none. */
function quantileOf(sorted: number[], quantile: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
  return sorted[Math.max(0, rank)];
}
