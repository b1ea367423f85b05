import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { JobName, QueueName } from '../../src/jobs/names.js';
import { RETURN_GRACE_MS } from '../../src/jobs/worker-runner.js';
import { type IsolatedQueues, openIsolatedQueues, testRedisUrl } from '../support/redis.js';

const workerScript = path.resolve('tests/fixtures/queue/slow-worker.ts');
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface WorkerProcess {
  child: ChildProcess;
  /** Resolves with the first output line that starts with `prefix`. */
  nextLine(prefix: string): Promise<string>;
  output: string[];
}

function spawnWorker(prefix: string, jobMs: number, stopTimeoutMs: number): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', workerScript], {
    env: {
      ...process.env,
      REDIS_URL: testRedisUrl,
      PREFIX: prefix,
      JOB_MS: String(jobMs),
      STOP_TIMEOUT_MS: String(stopTimeoutMs),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const output: string[] = [];
  const waiters: Array<{ prefix: string; resolve: (line: string) => void }> = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      output.push(line);
      for (const waiter of waiters.filter((w) => line.startsWith(w.prefix))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    });
  }
  return {
    child,
    output,
    nextLine: (linePrefix) =>
      new Promise((resolve) => waiters.push({ prefix: linePrefix, resolve })),
  };
}

/** The exit code, or a failure if the process is still running after `withinMs`. */
async function exitCodeWithin(child: ChildProcess, withinMs: number): Promise<number | null> {
  const exit = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const result = await Promise.race([exit, sleep(withinMs, 'still running' as const)]);
  if (result === 'still running') throw new Error(`the worker did not exit within ${withinMs} ms`);
  return result[0];
}

async function runUntilJobStarts(queues: IsolatedQueues, jobMs: number, stopTimeoutMs: number) {
  const worker = spawnWorker(queues.prefix, jobMs, stopTimeoutMs);
  await worker.nextLine('ready');
  const job = await queues.runtime
    .queue(QueueName.Transcripts)
    .add(JobName.ParseTranscript, { file: 'lượn-01.eaf' });
  await worker.nextLine(`started ${job.id}`);
  return { worker, job };
}

describe('a worker process asked to stop', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'on %s finishes the running job, then exits 0',
    async (signal) => {
      const queues = await openIsolatedQueues();
      cleanups.push(queues.cleanup);
      const { worker, job } = await runUntilJobStarts(queues, 1500, 20_000);

      worker.child.kill(signal);
      expect(await exitCodeWithin(worker.child, 20_000 + RETURN_GRACE_MS + 10_000)).toBe(0);
      const finished = await queues.runtime.queue(QueueName.Transcripts).getJob(job.id as string);
      expect(await finished?.getState()).toBe('completed');
      expect(finished?.returnvalue).toEqual({ parsedBy: worker.child.pid });
    },
  );

  it('on SIGTERM returns a job that outlasts the timeout to its queue, then exits 0 within the bound', async () => {
    const queues = await openIsolatedQueues();
    cleanups.push(queues.cleanup);
    const stopTimeoutMs = 500;
    const { worker, job } = await runUntilJobStarts(queues, 120_000, stopTimeoutMs);

    worker.child.kill('SIGTERM');
    // The bound the signal handler promises: stop timeout, return grace, closing.
    expect(await exitCodeWithin(worker.child, stopTimeoutMs + RETURN_GRACE_MS + 5_000)).toBe(0);
    const returned = await queues.runtime.queue(QueueName.Transcripts).getJob(job.id as string);
    expect(await returned?.getState()).toBe('waiting');
    expect(returned?.attemptsMade).toBe(0);
    expect(worker.output).toContain('1 unfinished job(s) returned to their queue');
  });
});
