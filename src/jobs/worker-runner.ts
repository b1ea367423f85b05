import os from 'node:os';
import { type Job, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import type { Settings } from '../infra/config/settings-schema.js';
import { classifyFailure } from '../infra/queue/classify-failure.js';
import { settlesWithin } from '../infra/queue/deadline.js';
import { runWithTimeout } from '../infra/queue/job-timeout.js';
import type { QueueLogger } from '../infra/queue/queue-logger.js';
import type { JobOf, JobResult } from './job-contract.js';
import {
  allQueueNames,
  type JobName,
  type JobNameOf,
  type QueueName,
  queueOfJob,
} from './names.js';
import { backoffDelay, concurrencyFor, queuePolicies, retryTimingFor } from './policies.js';
import type { QueueRuntime } from './queue-runtime.js';

/** What a handler gets besides its job. */
export interface JobContext {
  /**
   * Aborts when the job times out (its queue policy's `timeoutMs`) or the worker shuts
   * down and gives up waiting: stop the work (kill ffmpeg, drop the OCR request) and
   * throw. Pass it on to child processes and streams.
   */
  signal: AbortSignal;
}

/**
 * Does one job and returns its result (stored in Redis, read by a flow's parent with
 * `getChildrenValues`). Throw `UnrecoverableError` (or an error `classifyFailure` calls
 * permanent) for bad input that no retry will fix; anything else is retried.
 * Heavy CPU work must run in a child process or worker thread, as ffmpeg and
 * tesseract.js do here: a processor that blocks the event loop also blocks BullMQ's
 * lock renewal, and its job is then taken for stalled and run twice.
 */
export type JobHandler<J extends JobName> = (
  job: JobOf<J>,
  context: JobContext,
) => Promise<JobResult[J]>;

/**
 * One handler for every job that runs on the queues `Q`, each given its job's payload
 * and returning its job's result: the compiler checks none is missing or returns
 * another job's result.
 */
export type JobHandlers<Q extends QueueName = QueueName> = { [J in JobNameOf<Q>]: JobHandler<J> };

/** A handler as the runner calls it, for a job name only known when the job comes in. */
type AnyJobHandler = (job: Job, context: JobContext) => Promise<unknown>;

export interface StartWorkersOptions<Q extends QueueName> {
  runtime: QueueRuntime;
  settings: Settings;
  handlers: JobHandlers<Q>;
  /** Queues this process serves. Default: all of them. */
  queues?: readonly Q[];
  /** Default `console`. */
  logger?: QueueLogger;
}

/** How a `stop` went. */
export interface StopReport {
  /** Every running job finished within the timeout. */
  drained: boolean;
  /** Jobs put back in their queue, untouched, for another worker (or the next start). */
  returnedToQueue: number;
  /** Jobs still running at the end; they return to their queue when their lock expires. */
  abandoned: number;
}

export interface WorkerRunner {
  readonly workers: ReadonlyMap<QueueName, Worker>;
  /**
   * Stops taking jobs, waits up to `timeoutMs` (default 20 s) for running ones, then
   * aborts the rest and puts them back in their queue, and closes the workers.
   */
  stop(options?: { timeoutMs?: number }): Promise<StopReport>;
}

export const DEFAULT_STOP_TIMEOUT_MS = 20_000;
/** After aborting jobs at shutdown, how long they get to be put back in their queue. */
export const RETURN_GRACE_MS = 3_000;
const SHUTDOWN_REASON = 'the worker is shutting down';

/**
 * Times a job may lose its worker (killed, machine lost) and go back to its queue; one
 * more and it fails. Bounded, so a job that kills every worker it runs on stops.
 */
const MAX_STALLS = 5;

/**
 * Starts one BullMQ worker per queue, with the queue policy's concurrency (or
 * `settings.concurrency`), lock duration and job timeout, and logs failures.
 */
export async function startWorkers<const Q extends QueueName = QueueName>(
  options: StartWorkersOptions<Q>,
): Promise<WorkerRunner> {
  const { runtime, settings } = options;
  const logger = options.logger ?? console;
  const queues = (options.queues ?? allQueueNames) as readonly QueueName[];
  const unknown = queues.filter((queue) => !allQueueNames.includes(queue));
  if (unknown.length > 0) {
    throw new Error(
      `unknown queue(s) ${unknown.join(', ')}; the queues are ${allQueueNames.join(', ')}`,
    );
  }
  // The type already demands every handler; this guards callers that bypass it. Each
  // handler is called only for jobs of its own name (checked below), whose payload the
  // producers typed by the same contract.
  const handlers = options.handlers as unknown as Partial<Record<JobName, AnyJobHandler>>;
  for (const [job, queue] of Object.entries(queueOfJob)) {
    if (queues.includes(queue) && typeof handlers[job as JobName] !== 'function') {
      throw new Error(`no handler for job "${job}", which runs on queue "${queue}"`);
    }
  }

  /** One promise per running processor, resolved once it has fully finished (job moved, too). */
  const running = new Set<Promise<void>>();
  /** Ids of the jobs put back in their queue at shutdown (one may be put back twice). */
  const returnedToQueue = new Set<string>();
  let stopRequested = false;
  const returnToQueue = async (job: Job, token: string | undefined): Promise<never> => {
    // Not the job's fault: put it back untouched (no attempt used) and tell BullMQ it
    // moved, as its docs do for manually moved jobs.
    await job.moveToWait(token);
    returnedToQueue.add(String(job.id));
    throw new WaitingError();
  };

  const processorFor =
    (queue: QueueName) =>
    // BullMQ passes the abort signal only to processors that declare three parameters.
    async (job: Job, token?: string, cancellation?: AbortSignal): Promise<unknown> => {
      const handler = handlers[job.name as JobName];
      if (!handler || queueOfJob[job.name as JobName] !== queue) {
        throw new UnrecoverableError(`no handler for job "${job.name}" on queue "${queue}"`);
      }
      let finished: () => void = () => {};
      const processing = new Promise<void>((resolve) => {
        finished = resolve;
      });
      running.add(processing);
      try {
        // A paused worker still takes a job that its wait for work, already under way,
        // finds: often the very job the stop has just put back. It goes back unrun.
        if (stopRequested) return await returnToQueue(job, token);
        return await runWithTimeout((signal) => handler(job, { signal }), {
          timeoutMs: queuePolicies[queue].timeoutMs,
          signal: cancellation,
          description: `${queue} job ${job.name} ${job.id}`,
        });
      } catch (error) {
        if (error instanceof WaitingError) throw error;
        if (cancellation?.aborted && cancellation.reason === SHUTDOWN_REASON) {
          return await returnToQueue(job, token);
        }
        if (classifyFailure(error).kind === 'permanent' && !(error instanceof UnrecoverableError))
          throw new UnrecoverableError((error as Error).message);
        throw error;
      } finally {
        running.delete(processing);
        finished();
      }
    };

  const workers = new Map<QueueName, Worker>();
  for (const queue of queues) {
    const retryTiming = retryTimingFor(queue, settings);
    const lockDuration = settings.jobLockMs ?? queuePolicies[queue].lockDurationMs;
    const worker = new Worker(queue, processorFor(queue), {
      settings: { backoffStrategy: (attemptsMade) => backoffDelay(retryTiming, attemptsMade) },
      connection: runtime.connectionOptions('worker'),
      prefix: runtime.prefix,
      concurrency: concurrencyFor(queue, settings),
      lockDuration,
      // Stalled jobs are looked for twice per lock duration (BullMQ's default for 60 s).
      stalledInterval: lockDuration / 2,
      // A job whose worker died is a transient failure: BullMQ's default (one stall, then
      // failed for good) left an item failed after its finalise worker was killed twice.
      maxStalledCount: MAX_STALLS,
      name: `${os.hostname()}#${process.pid}`,
    });
    reportEvents(worker, queue, logger);
    workers.set(queue, worker);
  }
  try {
    await Promise.all([...workers.values()].map((worker) => worker.waitUntilReady()));
  } catch (error) {
    await Promise.allSettled([...workers.values()].map((worker) => worker.close(true)));
    throw error;
  }

  const whenIdle = async () => {
    // Jobs fetched just before the pause join `running` late: look again until none is left.
    // Each promise settles only after leaving the set, so this loop always makes progress.
    while (running.size > 0) await Promise.all([...running]);
  };

  let stopping: Promise<StopReport> | undefined;
  const stop = async (timeoutMs: number): Promise<StopReport> => {
    stopRequested = true;
    const all = [...workers.values()];
    // `pause(true)` stops fetching without waiting; `close()` would wait without a bound.
    await Promise.allSettled(all.map((worker) => worker.pause(true)));
    const drained = await settlesWithin(whenIdle(), timeoutMs);
    if (!drained) {
      logger.warn(
        `${running.size} job(s) still running after ${timeoutMs} ms: returning them to their queue`,
      );
      for (const worker of all) worker.cancelAllJobs(SHUTDOWN_REASON);
      await settlesWithin(whenIdle(), RETURN_GRACE_MS);
    }
    const abandoned = running.size;
    await Promise.allSettled(all.map((worker) => worker.close(abandoned > 0)));
    return { drained, returnedToQueue: returnedToQueue.size, abandoned };
  };

  return {
    workers,
    stop(stopOptions = {}) {
      stopping ??= stop(stopOptions.timeoutMs ?? DEFAULT_STOP_TIMEOUT_MS);
      return stopping;
    },
  };
}

function reportEvents(worker: Worker, queue: QueueName, logger: QueueLogger): void {
  worker.on('failed', (job, error) => {
    if (!job) {
      logger.error(`${queue}: a job failed and was removed: ${error.message}`);
      return;
    }
    const attempts = job.opts.attempts ?? 1;
    const line = `${queue} job ${job.name} ${job.id} failed (attempt ${job.attemptsMade} of ${attempts}): ${error.message}`;
    const retrying = !(error instanceof UnrecoverableError) && job.attemptsMade < attempts;
    if (retrying) logger.warn(`${line}; will retry`);
    else logger.error(`${line}; giving up`);
  });
  worker.on('stalled', (jobId) => {
    logger.warn(
      `${queue} job ${jobId} stalled (its worker stopped renewing the lock): queued again`,
    );
  });
  worker.on('error', (error) => logger.error(`${queue} worker: ${error.message}`));
}
