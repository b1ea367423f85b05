import type { QueueEvents } from 'bullmq';
import { allQueueNames, JobName, queueOfJob } from '../../queue/names.js';
import type { QueueRuntime } from '../../queue/queue-runtime.js';

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
  readonly #expected = new Map<string, 'parent' | 'child'>();
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

  /** Registers a flow's job ids: the parent (finalise) first, then its children. */
  expect(jobIds: string[]): void {
    for (const [index, id] of jobIds.entries())
      this.#expected.set(id, index === 0 ? 'parent' : 'child');
  }

  /** Counts jobs of these ids that were already finished when their flow was added. */
  async catchUp(jobIds: string[]): Promise<void> {
    for (const id of jobIds) {
      const jobName = id.split('.')[1] as JobName;
      const queueName = queueOfJob[jobName] ?? queueOfJob[JobName.FinaliseItem];
      const state = await this.#runtime.queue(queueName).getJobState(id);
      if (state === 'completed') this.#finish(id, 'done');
      else if (state === 'failed') this.#finish(id, 'failed');
    }
  }

  counts(): FlowCounts {
    let done = 0;
    let failed = 0;
    let itemsFinished = 0;
    for (const [id, outcome] of this.#finished) {
      if (outcome === 'done') done += 1;
      else failed += 1;
      if (this.#expected.get(id) === 'parent') itemsFinished += 1;
    }
    const items = [...this.#expected.values()].filter((role) => role === 'parent').length;
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
