import type { QueueEvents } from 'bullmq';
import type { FlowJobRef } from '../../../jobs/item-flow.js';
import { allQueueNames, type QueueName } from '../../../jobs/names.js';
import type { QueueRuntime } from '../../../jobs/queue-runtime.js';

export interface FlowCounts {
  jobs: number;
  done: number;
  failed: number;
  /** Items whose finalise job has finished. */
  itemsFinished: number;
  items: number;
}

/**
 * Follows the jobs of the flows one ingest added, through queue events, so the CLI
 * can show jobs done and failed and wait until every item is finalised. It listens
 * before flows are added and then asks for the state of each job, so jobs that
 * finished earlier (an unchanged item's flow) or very fast are counted too.
 */
export class FlowTracker {
  readonly #runtime: QueueRuntime;
  readonly #expected = new Map<string, FlowJobRef>();
  readonly #finished = new Map<string, 'done' | 'failed'>();
  readonly #listeners = new Set<() => void>();
  #events: QueueEvents[] = [];

  constructor(runtime: QueueRuntime) {
    this.#runtime = runtime;
  }

  async start(): Promise<void> {
    this.#events = await Promise.all(allQueueNames.map((name) => this.#runtime.queueEvents(name)));
    for (const events of this.#events) {
      events.on('completed', ({ jobId }) => this.#finish(jobId, 'done'));
      events.on('failed', ({ jobId }) => this.#finish(jobId, 'failed'));
    }
  }

  /** Registers a flow's jobs, before the flow is added. */
  expect(jobs: FlowJobRef[]): void {
    for (const job of jobs) this.#expected.set(job.id, job);
  }

  /** Counts the expected jobs that had already finished (an earlier run's, or very fast ones). */
  async catchUp(): Promise<void> {
    for (const job of this.#expected.values()) {
      const state = await this.#runtime.queue(job.queue as QueueName).getJobState(job.id);
      if (state === 'completed') this.#finish(job.id, 'done');
      else if (state === 'failed') this.#finish(job.id, 'failed');
    }
  }

  counts(): FlowCounts {
    let done = 0;
    let failed = 0;
    let itemsFinished = 0;
    for (const [id, outcome] of this.#finished) {
      if (outcome === 'done') done += 1;
      else failed += 1;
      if (this.#expected.get(id)?.role === 'parent') itemsFinished += 1;
    }
    const items = [...this.#expected.values()].filter((job) => job.role === 'parent').length;
    return { jobs: this.#expected.size, done, failed, itemsFinished, items };
  }

  onChange(listener: () => void): void {
    this.#listeners.add(listener);
  }

  /** Resolves when every expected item's finalise job has finished. */
  async allFinished(): Promise<FlowCounts> {
    return new Promise((resolve) => {
      const check = () => {
        const counts = this.counts();
        if (counts.itemsFinished >= counts.items) {
          this.#listeners.delete(check);
          resolve(counts);
        }
      };
      this.#listeners.add(check);
      check();
    });
  }

  #finish(jobId: string, outcome: 'done' | 'failed'): void {
    if (!this.#expected.has(jobId) || this.#finished.has(jobId)) return;
    this.#finished.set(jobId, outcome);
    for (const listener of [...this.#listeners]) listener();
  }
}
