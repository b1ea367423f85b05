import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { JobTimeoutError, runWithTimeout } from '../../../src/infra/queue/job-timeout.js';

describe('runWithTimeout', () => {
  it("returns the work's result when it finishes in time", async () => {
    const result = await runWithTimeout(async () => 'parsed', {
      timeoutMs: 1000,
      description: 'job',
    });
    expect(result).toBe('parsed');
  });

  it('aborts the signal and rejects with a JobTimeoutError naming the job', async () => {
    let seen: AbortSignal | undefined;
    const run = runWithTimeout(
      async (signal) => {
        seen = signal;
        await sleep(5000, undefined, { signal });
      },
      { timeoutMs: 30, description: 'ocr job ocr-page 7' },
    );
    await expect(run).rejects.toThrow(JobTimeoutError);
    await expect(run).rejects.toThrow('ocr job ocr-page 7 timed out after 30 ms');
    expect(seen?.aborted).toBe(true);
  });

  it('rejects on time even when the work ignores its signal', async () => {
    const ignoring = () => new Promise<never>(() => {});
    await expect(runWithTimeout(ignoring, { timeoutMs: 30, description: 'job' })).rejects.toThrow(
      /timed out/,
    );
  });

  it('ends when the outer signal aborts, turning a string reason into an Error', async () => {
    const outer = new AbortController();
    const run = runWithTimeout(() => new Promise<never>(() => {}), {
      timeoutMs: 10_000,
      signal: outer.signal,
      description: 'job',
    });
    outer.abort('operator request');
    await expect(run).rejects.toThrow('cancelled: operator request');
  });

  it('passes on a failure of the work unchanged', async () => {
    const failure = new Error('EAF file has no TIME_ORDER');
    await expect(
      runWithTimeout(() => Promise.reject(failure), { timeoutMs: 1000, description: 'job' }),
    ).rejects.toBe(failure);
  });
});
