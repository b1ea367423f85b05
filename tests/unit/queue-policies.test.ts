import { describe, expect, it } from 'vitest';
import { settingsSchema } from '../../src/config/settings-schema.js';
import { allQueueNames, QueueName } from '../../src/queue/names.js';
import {
  concurrencyFor,
  defaultJobOptions,
  flowQueuesOptions,
  queuePolicies,
} from '../../src/queue/policies.js';

const defaults = settingsSchema.parse({});

describe('queue policies', () => {
  it.each(allQueueNames)('give queue %s values BullMQ can run with', (queue) => {
    const policy = queuePolicies[queue];
    expect(policy.attempts).toBeGreaterThanOrEqual(1);
    expect(policy.concurrency).toBeGreaterThanOrEqual(1);
    expect(policy.backoffDelayMs).toBeGreaterThan(0);
    // A lock shorter than ~30 s would expire under ordinary GC pauses on a busy machine.
    expect(policy.lockDurationMs).toBeGreaterThanOrEqual(30_000);
    // A job must be allowed to outlive its lock: the lock is renewed while it runs.
    expect(policy.timeoutMs).toBeGreaterThan(policy.lockDurationMs);
  });

  it('turn a policy into BullMQ options with exponential backoff and removal rules', () => {
    const options = defaultJobOptions(QueueName.Audio);
    expect(options).toEqual({
      attempts: queuePolicies.audio.attempts,
      backoff: { type: 'exponential', delay: queuePolicies.audio.backoffDelayMs },
      removeOnComplete: queuePolicies.audio.removeOnComplete,
      removeOnFail: queuePolicies.audio.removeOnFail,
    });
  });

  it('give a flow producer the defaults of every queue', () => {
    const options = flowQueuesOptions();
    expect(Object.keys(options).sort()).toEqual([...allQueueNames].sort());
    expect(options[QueueName.Ocr]?.defaultJobOptions).toEqual(defaultJobOptions(QueueName.Ocr));
  });
});

describe('concurrencyFor', () => {
  it("uses the policy's concurrency when the settings say nothing", () => {
    expect(concurrencyFor(QueueName.Transcripts, defaults)).toBe(
      queuePolicies.transcripts.concurrency,
    );
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
