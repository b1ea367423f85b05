import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { settingsSchema } from '../../src/infra/config/settings-schema.js';
import { allQueueNames, QueueName } from '../../src/jobs/names.js';
import {
  attemptsFor,
  backoffDelay,
  CAPPED_EXPONENTIAL,
  concurrencyFor,
  defaultJobOptions,
  flowQueuesOptions,
  queuePolicies,
  retryTimingFor,
} from '../../src/jobs/policies.js';

const defaults = settingsSchema.parse({});

describe('queue policies', () => {
  it.each(allQueueNames)('give queue %s values BullMQ can run with', (queue) => {
    const policy = queuePolicies[queue];
    expect(policy.concurrency).toBeGreaterThanOrEqual(1);
    expect(policy.retry.backoffDelayMs).toBeGreaterThan(0);
    expect(policy.retry.maxBackoffMs).toBeGreaterThanOrEqual(policy.retry.backoffDelayMs);
    // A storage, catalog or Redis outage of a few minutes must not fail a job for good.
    expect(policy.retry.retryForMs).toBeGreaterThanOrEqual(10 * 60_000);
    // A lock shorter than ~30 s would expire under ordinary GC pauses on a busy machine.
    expect(policy.lockDurationMs).toBeGreaterThanOrEqual(30_000);
    // A job must be allowed to outlive its lock: the lock is renewed while it runs.
    expect(policy.timeoutMs).toBeGreaterThan(policy.lockDurationMs);
  });

  it('turn a policy into BullMQ options with capped exponential backoff and removal rules', () => {
    const options = defaultJobOptions(QueueName.Audio, defaults);
    expect(options).toEqual({
      attempts: attemptsFor(queuePolicies.audio.retry),
      backoff: { type: CAPPED_EXPONENTIAL, delay: queuePolicies.audio.retry.backoffDelayMs },
      removeOnComplete: queuePolicies.audio.removeOnComplete,
      removeOnFail: queuePolicies.audio.removeOnFail,
    });
  });

  it('give a flow producer the defaults of every queue', () => {
    const options = flowQueuesOptions(defaults);
    expect(Object.keys(options).sort()).toEqual([...allQueueNames].sort());
    expect(options[QueueName.Ocr]?.defaultJobOptions).toEqual(
      defaultJobOptions(QueueName.Ocr, defaults),
    );
  });

  it('double the wait after each failed try, up to the cap', () => {
    const timing = { backoffDelayMs: 1000, maxBackoffMs: 5000, retryForMs: 20_000 };
    expect([1, 2, 3, 4, 5].map((made) => backoffDelay(timing, made))).toEqual([
      1000, 2000, 4000, 5000, 5000,
    ]);
    // 1 + 2 + 4 + 5 + 5 + 5 = 22 s of waits >= 20 s: six retries after the first try.
    expect(attemptsFor(timing)).toBe(7);
  });

  it('retry a transcript job for minutes, not for 15 seconds', () => {
    const timing = retryTimingFor(QueueName.Transcripts, defaults);
    let waited = 0;
    for (let made = 1; made < attemptsFor(timing); made++) waited += backoffDelay(timing, made);
    expect(waited).toBeGreaterThanOrEqual(10 * 60_000);
  });

  it('let settings.retry shorten every queue’s timing', () => {
    const settings = settingsSchema.parse({ retry: { backoffDelayMs: 10, retryForMs: 100 } });
    expect(retryTimingFor(QueueName.Finalise, settings)).toEqual({
      backoffDelayMs: 10,
      maxBackoffMs: queuePolicies.finalise.retry.maxBackoffMs,
      retryForMs: 100,
    });
  });
});

describe('concurrencyFor', () => {
  it("uses the policy's concurrency when the settings say nothing", () => {
    expect(concurrencyFor(QueueName.Transcripts, defaults)).toBe(
      queuePolicies.transcripts.concurrency,
    );
  });

  it('runs one audio job per core the process may use', () => {
    expect(concurrencyFor(QueueName.Audio, defaults)).toBe(availableParallelism());
  });

  it('lets settings.concurrency override the policy', () => {
    const settings = settingsSchema.parse({ concurrency: { audio: 3 } });
    expect(concurrencyFor(QueueName.Audio, settings)).toBe(3);
    expect(concurrencyFor(QueueName.Export, settings)).toBe(queuePolicies.export.concurrency);
  });

  it('runs one OCR job per warm tesseract.js worker unless told otherwise', () => {
    expect(concurrencyFor(QueueName.Ocr, settingsSchema.parse({ ocr: { workers: 5 } }))).toBe(5);
    const both = settingsSchema.parse({ ocr: { workers: 5 }, concurrency: { ocr: 1 } });
    expect(concurrencyFor(QueueName.Ocr, both)).toBe(1);
  });
});
