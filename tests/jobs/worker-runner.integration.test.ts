import { setTimeout as sleep } from 'node:timers/promises';
import { type Job, UnrecoverableError } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { JobName, QueueName } from '../../src/jobs/names.js';
import { attemptsFor, CAPPED_EXPONENTIAL, retryTimingFor } from '../../src/jobs/policies.js';
import { startWorkers, type WorkerRunner } from '../../src/jobs/worker-runner.js';
import { anyJobHandler, type UntypedHandler } from '../support/any-job-handler.js';
import { type IsolatedQueues, openIsolatedQueues } from '../support/redis.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function isolated(overrides: Record<string, unknown> = {}): Promise<IsolatedQueues> {
  const queues = await openIsolatedQueues(overrides);
  cleanups.push(queues.cleanup);
  return queues;
}

/** Records log lines so tests can check what the runner reports. */
function recordingLogger() {
  const lines: Array<{ level: string; message: string }> = [];
  const record = (level: string) => (message: string) => lines.push({ level, message });
  return { lines, info: record('info'), warn: record('warn'), error: record('error') };
}

async function serveTranscripts(
  queues: IsolatedQueues,
  handler: UntypedHandler,
  logger = recordingLogger(),
): Promise<WorkerRunner> {
  const runner = await startWorkers({
    runtime: queues.runtime,
    settings: queues.settings,
    queues: [QueueName.Transcripts],
    handlers: { [JobName.ParseTranscript]: anyJobHandler(handler) },
    logger,
  });
  cleanups.push(() => runner.stop({ timeoutMs: 1000 }));
  return runner;
}

async function finished(queues: IsolatedQueues, job: Job): Promise<unknown> {
  const events = await queues.runtime.queueEvents(QueueName.Transcripts);
  return job.waitUntilFinished(events, 60_000);
}

describe('startWorkers', () => {
  it('runs as many jobs at once as settings.concurrency allows, no more', async () => {
    const queues = await isolated({ concurrency: { transcripts: 3 } });
    let running = 0;
    let mostAtOnce = 0;
    let releaseAll: () => void = () => {};
    const allThreeStarted = new Promise<void>((resolve) => {
      releaseAll = resolve;
    });
    await serveTranscripts(queues, async (_job, { signal }) => {
      expect(signal.aborted).toBe(false);
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      if (running === 3) releaseAll();
      // Hold every job until three run together (or give up, and the count tells).
      await Promise.race([allThreeStarted, sleep(10_000)]);
      await sleep(50);
      running -= 1;
      return 'done';
    });
    const queue = queues.runtime.queue(QueueName.Transcripts);
    const jobs = await queue.addBulk(
      Array.from({ length: 6 }, (_, n) => ({ name: JobName.ParseTranscript, data: { n } })),
    );
    await Promise.all(jobs.map((job) => finished(queues, job)));
    expect(mostAtOnce).toBe(3);
  });

  it('retries a failing job with exponential backoff until it succeeds', async () => {
    const queues = await isolated();
    const startedAt: number[] = [];
    const logger = recordingLogger();
    await serveTranscripts(
      queues,
      async () => {
        startedAt.push(Date.now());
        if (startedAt.length < 3) throw new Error(`storage hiccup ${startedAt.length}`);
        return { tiers: 4 };
      },
      logger,
    );
    const job = await queues.runtime
      .queue(QueueName.Transcripts)
      .add(
        JobName.ParseTranscript,
        {},
        { attempts: 4, backoff: { type: 'exponential', delay: 200 } },
      );
    expect(await finished(queues, job)).toEqual({ tiers: 4 });
    expect(startedAt).toHaveLength(3);
    const [first = 0, second = 0, third = 0] = startedAt;
    // Exponential: 200 ms before the 2nd try, 400 ms before the 3rd.
    expect(second - first).toBeGreaterThanOrEqual(200);
    expect(third - second).toBeGreaterThanOrEqual(400);
    const retries = logger.lines.filter((line) => line.level === 'warn');
    expect(retries).toHaveLength(2);
    expect(retries[0]?.message).toContain(`transcripts job parse-transcript ${job.id} failed`);
    expect(retries[0]?.message).toContain('storage hiccup 1; will retry');
  });

  it('fails an UnrecoverableError at once, without using the remaining attempts', async () => {
    const queues = await isolated();
    let calls = 0;
    const logger = recordingLogger();
    await serveTranscripts(
      queues,
      async () => {
        calls += 1;
        throw new UnrecoverableError('not an EAF file: root element is <html>');
      },
      logger,
    );
    const job = await queues.runtime
      .queue(QueueName.Transcripts)
      .add(JobName.ParseTranscript, {}, { attempts: 5, backoff: { type: 'fixed', delay: 10 } });
    await expect(finished(queues, job)).rejects.toThrow('root element is <html>');
    const failed = await queues.runtime.queue(QueueName.Transcripts).getJob(job.id as string);
    expect(await failed?.getState()).toBe('failed');
    expect(calls).toBe(1);
    expect(logger.lines).toContainEqual({
      level: 'error',
      message: expect.stringMatching(/attempt 1 of 5\): not an EAF file.*giving up$/),
    });
  });

  it("gives jobs added through the runtime their queue policy's retries and backoff", async () => {
    const queues = await isolated();
    const job = await queues.runtime.queue(QueueName.Audio).add(JobName.NormaliseAudio, {});
    const timing = retryTimingFor(QueueName.Audio, queues.settings);
    expect(job.opts.attempts).toBe(attemptsFor(timing));
    expect(job.opts.backoff).toEqual({ type: CAPPED_EXPONENTIAL, delay: timing.backoffDelayMs });
  });

  it('runs a flow: children on their queues with their policies, then the parent with their results', async () => {
    const queues = await isolated();
    const runner = await startWorkers({
      runtime: queues.runtime,
      settings: queues.settings,
      queues: [QueueName.Finalise, QueueName.Ocr],
      handlers: {
        [JobName.OcrPage]: anyJobHandler(async (job) => ({ words: 10 * Number(job.data.asset) })),
        [JobName.FinaliseItem]: anyJobHandler(async (job) =>
          Object.values(await job.getChildrenValues<{ words: number }>()).reduce(
            (sum, child) => sum + child.words,
            0,
          ),
        ),
      },
      logger: recordingLogger(),
    });
    cleanups.push(() => runner.stop({ timeoutMs: 1000 }));
    const node = await queues.runtime.addFlow({
      name: JobName.FinaliseItem,
      queueName: QueueName.Finalise,
      data: { itemId: 'tay-then-001', version: 'v1' },
      children: [1, 2, 3].map((page) => ({
        name: JobName.OcrPage,
        queueName: QueueName.Ocr,
        data: { itemId: 'tay-then-001', version: 'v1', asset: String(page), sha256: '' },
      })),
    });
    const attemptsOf = (queue: QueueName) => attemptsFor(retryTimingFor(queue, queues.settings));
    expect(node.children?.[0]?.job.opts.attempts).toBe(attemptsOf(QueueName.Ocr));
    expect(node.job.opts.attempts).toBe(attemptsOf(QueueName.Finalise));
    const events = await queues.runtime.queueEvents(QueueName.Finalise);
    expect(await node.job.waitUntilFinished(events, 60_000)).toBe(60);
  });

  it('refuses to start without a handler for every job of its queues', async () => {
    const queues = await isolated();
    const starting = startWorkers({
      runtime: queues.runtime,
      settings: queues.settings,
      queues: [QueueName.Ocr],
      // @ts-expect-error the compiler, too, sees that ocr-page has no handler
      handlers: {},
    });
    await expect(starting).rejects.toThrow(
      'no handler for job "ocr-page", which runs on queue "ocr"',
    );
  });

  it('refuses a queue name it does not know, listing the real ones', async () => {
    const queues = await isolated();
    const starting = startWorkers({
      runtime: queues.runtime,
      settings: queues.settings,
      // @ts-expect-error not a queue name
      queues: ['ocr-pages'],
      handlers: {} as never,
    });
    await expect(starting).rejects.toThrow(
      /unknown queue\(s\) ocr-pages; the queues are finalise, audio/,
    );
  });
});

describe('WorkerRunner.stop', () => {
  it('waits for a running job to finish when it fits in the timeout', async () => {
    const queues = await isolated();
    let started: () => void = () => {};
    const jobStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const runner = await serveTranscripts(queues, async () => {
      started();
      await sleep(300);
      return 'parsed';
    });
    const job = await queues.runtime.queue(QueueName.Transcripts).add(JobName.ParseTranscript, {});
    await jobStarted;
    expect(await runner.stop({ timeoutMs: 10_000 })).toEqual({
      drained: true,
      returnedToQueue: 0,
      abandoned: 0,
    });
    const done = await queues.runtime.queue(QueueName.Transcripts).getJob(job.id as string);
    expect(await done?.getState()).toBe('completed');
    expect(done?.returnvalue).toBe('parsed');
  });

  it('aborts a job that outlasts the timeout and puts it back in its queue, no attempt used', async () => {
    const queues = await isolated();
    let aborted = false;
    let started: () => void = () => {};
    const jobStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const runner = await serveTranscripts(queues, async (_job, { signal }) => {
      started();
      await sleep(60_000, undefined, { signal }).catch((error) => {
        aborted = signal.aborted;
        throw error;
      });
    });
    const job = await queues.runtime.queue(QueueName.Transcripts).add(JobName.ParseTranscript, {});
    await jobStarted;
    expect(await runner.stop({ timeoutMs: 200 })).toEqual({
      drained: false,
      returnedToQueue: 1,
      abandoned: 0,
    });
    expect(aborted).toBe(true);
    const returned = await queues.runtime.queue(QueueName.Transcripts).getJob(job.id as string);
    expect(await returned?.getState()).toBe('waiting');
    expect(returned?.attemptsMade).toBe(0);
  });

  // While one job runs, the worker waits for more; a wait already under way when the
  // worker pauses still takes a job: one added meanwhile, or the very job the stop puts back.
  it.each([
    ['a job added while it stops', true],
    ['the job the stop has just put back', false],
  ])('puts back, without running it, %s', async (_case, addLate) => {
    const queues = await isolated();
    const startedIds: string[] = [];
    let started: () => void = () => {};
    const firstStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const runner = await serveTranscripts(queues, async (job, { signal }) => {
      startedIds.push(job.id as string);
      started();
      await sleep(60_000, undefined, { signal });
    });
    const queue = queues.runtime.queue(QueueName.Transcripts);
    const first = await queue.add(JobName.ParseTranscript, {});
    await firstStarted;
    await sleep(200); // the worker's wait for a second job is under way by then
    const stopping = runner.stop({ timeoutMs: 300 });
    const jobs = addLate ? [first, await queue.add(JobName.ParseTranscript, {})] : [first];
    expect(await stopping).toEqual({
      drained: false,
      returnedToQueue: jobs.length,
      abandoned: 0,
    });
    expect(startedIds).toEqual([first.id]);
    for (const job of jobs) {
      const returned = await queue.getJob(job.id as string);
      expect(await returned?.getState()).toBe('waiting');
      expect(returned?.attemptsMade).toBe(0);
    }
  });
});
