import { availableParallelism } from 'node:os';
import type { DefaultJobOptions, FlowQueuesOpts, KeepJobs } from 'bullmq';
import type { Settings } from '../infra/config/settings-schema.js';
import { allQueueNames, QueueName } from './names.js';

/** How one queue's jobs are retried, run, timed out and cleaned up. */
export interface QueuePolicy {
  /** Retries of a job that failed for a transient reason: how soon, how often, how long. */
  retry: RetryTiming;
  /** Jobs one worker process runs at once, unless `settings.concurrency[queue]` says otherwise. */
  concurrency: number;
  /** A running job is aborted (its `AbortSignal` fires) and fails after this long. */
  timeoutMs: number;
  /** Finished jobs kept for `heritage status` and for id-based de-duplication. */
  removeOnComplete: KeepJobs;
  /** Failed jobs kept for inspection and `retry`. */
  removeOnFail: KeepJobs;
  /**
   * How long a worker's claim on a job lasts without renewal. BullMQ renews it every
   * `lockDurationMs / 2`; a lock that lapses makes the job "stalled" and another worker
   * takes it over.
   */
  lockDurationMs: number;
}

/**
 * Retries with capped exponential backoff: the first after `backoffDelayMs`, each later
 * one twice as late up to `maxBackoffMs`, until the waits add up to `retryForMs`. Only
 * transient failures (see `classifyFailure`) are retried; bad input fails at once.
 */
export interface RetryTiming {
  backoffDelayMs: number;
  maxBackoffMs: number;
  /** A storage, catalog or Redis outage shorter than this costs no item its processing. */
  retryForMs: number;
}

/** The BullMQ backoff type whose delays `backoffDelay` computes (a worker `backoffStrategy`). */
export const CAPPED_EXPONENTIAL = 'capped-exponential';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY_IN_SECONDS = 24 * 60 * 60;

/**
 * Lock duration for every queue. CPU-heavy steps run outside the event loop (ffmpeg in
 * child processes, tesseract.js in worker threads), so renewals are never starved by a
 * processor; 60 s (renewed every 30 s) still rides out GC pauses and a briefly slow
 * Redis on a loaded 2-core machine, and a crashed worker's jobs return within a minute.
 */
const LOCK_DURATION_MS = 60 * SECOND;

/** The cores this process may use (its CPU affinity, not the machine's count). */
const CORES = availableParallelism();

/** Keep a week of successes (enough for status pages and to de-duplicate re-ingests). */
const KEEP_COMPLETED: KeepJobs = { age: 7 * DAY_IN_SECONDS, count: 5000 };
/** Keep failures for a month: someone has to look at them. */
const KEEP_FAILED: KeepJobs = { age: 30 * DAY_IN_SECONDS };

/** One policy per queue; see each entry for why its values are what they are. */
export const queuePolicies: Record<QueueName, QueuePolicy> = {
  [QueueName.Finalise]: {
    // Writes an object version and catalog rows: failures are mostly transient
    // (storage or database hiccups, a lock held by a concurrent reindex), so retry often.
    retry: { backoffDelayMs: 2 * SECOND, maxBackoffMs: MINUTE, retryForMs: 15 * MINUTE },
    // I/O-bound, one item per job: two at once keep storage and the catalog busy
    // while one waits on the other.
    concurrency: 2,
    // Copies the derivatives of one item; minutes even for a large S3 upload.
    timeoutMs: 15 * MINUTE,
    removeOnComplete: KEEP_COMPLETED,
    removeOnFail: KEEP_FAILED,
    lockDurationMs: LOCK_DURATION_MS,
  },
  [QueueName.Audio]: {
    // Bad media fails at once (UnrecoverableError); a killed ffmpeg, a full disk or
    // unreachable storage is retried, less often: each try redoes minutes of work.
    retry: { backoffDelayMs: 10 * SECOND, maxBackoffMs: 2 * MINUTE, retryForMs: 15 * MINUTE },
    // A job's two ffmpeg passes run one after the other, each on about one core: one job
    // per core keeps every core busy. Measured on 2 cores, 6 recordings of ~2 min end to
    // end (bench/end-to-end-audio.bench.ts): 1 job at a time took 1.15-1.4x as long as 2.
    concurrency: CORES,
    // Two-pass loudness normalisation of a multi-hour field recording.
    timeoutMs: 60 * MINUTE,
    removeOnComplete: KEEP_COMPLETED,
    removeOnFail: KEEP_FAILED,
    lockDurationMs: LOCK_DURATION_MS,
  },
  [QueueName.Ocr]: {
    retry: { backoffDelayMs: 5 * SECOND, maxBackoffMs: MINUTE, retryForMs: 15 * MINUTE },
    // Overridden by `settings.ocr.workers` (one job per warm tesseract.js worker),
    // see `concurrencyFor`.
    concurrency: 2,
    // One page; a dense 600 dpi song-book page takes well under a minute.
    timeoutMs: 5 * MINUTE,
    removeOnComplete: KEEP_COMPLETED,
    removeOnFail: KEEP_FAILED,
    lockDurationMs: LOCK_DURATION_MS,
  },
  [QueueName.Transcripts]: {
    // Parsing is deterministic (bad documents fail at once): retries ride out storage outages.
    retry: { backoffDelayMs: 2 * SECOND, maxBackoffMs: MINUTE, retryForMs: 15 * MINUTE },
    // Light, streaming XML parsing: several at once cost little.
    concurrency: 4,
    timeoutMs: 2 * MINUTE,
    removeOnComplete: KEEP_COMPLETED,
    removeOnFail: KEEP_FAILED,
    lockDurationMs: LOCK_DURATION_MS,
  },
  [QueueName.Export]: {
    // An export rewrites a whole dataset: retry rarely, after pauses long enough for
    // the storage or database trouble that failed it to pass.
    retry: { backoffDelayMs: MINUTE, maxBackoffMs: 5 * MINUTE, retryForMs: 30 * MINUTE },
    // Heavy on disk and memory: never two at once in one process.
    concurrency: 1,
    // Thousands of items, audio copied or transcoded.
    timeoutMs: 4 * 60 * MINUTE,
    // Exports are a record of what was released: keep them longer.
    removeOnComplete: { age: 90 * DAY_IN_SECONDS },
    removeOnFail: KEEP_FAILED,
    lockDurationMs: LOCK_DURATION_MS,
  },
};

/**
 * Jobs one worker process runs at once on `queue`: `settings.concurrency[queue]` when
 * set, for OCR otherwise the number of warm tesseract.js workers, else the policy's.
 */
export function concurrencyFor(queue: QueueName, settings: Settings): number {
  const configured = settings.concurrency[queue];
  if (configured !== undefined) return configured;
  if (queue === QueueName.Ocr) return settings.ocr.workers;
  return queuePolicies[queue].concurrency;
}

/** The retry timing of `queue`, with `settings.retry`'s overrides (shorter waits in tests). */
export function retryTimingFor(queue: QueueName, settings: Settings): RetryTiming {
  const timing = queuePolicies[queue].retry;
  const override = settings.retry;
  return {
    backoffDelayMs: override.backoffDelayMs ?? timing.backoffDelayMs,
    maxBackoffMs: override.maxBackoffMs ?? timing.maxBackoffMs,
    retryForMs: override.retryForMs ?? timing.retryForMs,
  };
}

/** Wait before the retry that follows `attemptsMade` failed tries. */
export function backoffDelay(timing: RetryTiming, attemptsMade: number): number {
  const doublings = Math.min(Math.max(attemptsMade - 1, 0), 30);
  return Math.min(timing.backoffDelayMs * 2 ** doublings, timing.maxBackoffMs);
}

/** Tries in all, the first included, so that the waits between them add up to `retryForMs`. */
export function attemptsFor(timing: RetryTiming): number {
  let attempts = 1;
  let waited = 0;
  while (waited < timing.retryForMs) {
    waited += backoffDelay(timing, attempts);
    attempts += 1;
  }
  return attempts;
}

/** BullMQ default job options (retries, backoff, removal) for jobs added to `queue`. */
export function defaultJobOptions(queue: QueueName, settings: Settings): DefaultJobOptions {
  const policy = queuePolicies[queue];
  const timing = retryTimingFor(queue, settings);
  return {
    attempts: attemptsFor(timing),
    backoff: { type: CAPPED_EXPONENTIAL, delay: timing.backoffDelayMs },
    removeOnComplete: policy.removeOnComplete,
    removeOnFail: policy.removeOnFail,
  };
}

/**
 * Per-queue default job options for `FlowProducer.add(flow, opts)`: unlike `Queue`,
 * a flow producer does not know each queue's defaults unless they are passed in.
 */
export function flowQueuesOptions(settings: Settings): FlowQueuesOpts {
  return Object.fromEntries(
    allQueueNames.map((queue) => [
      queue,
      { defaultJobOptions: defaultJobOptions(queue, settings) },
    ]),
  );
}
