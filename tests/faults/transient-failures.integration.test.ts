import { UnrecoverableError } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidChangeError } from '../../src/infra/ocfl/errors.js';
import { classifyFailure, inService, isOutage } from '../../src/infra/queue/classify-failure.js';
import { ServiceError } from '../../src/infra/queue/service-error.js';
import { JobName, QueueName } from '../../src/jobs/names.js';
import { startWorkers } from '../../src/jobs/worker-runner.js';
import { BadMediaError, MediaToolError } from '../../src/media/audio/errors.js';
import { BadImageError } from '../../src/media/ocr/errors.js';
import { anyJobHandler } from '../support/any-job-handler.js';
import { openIsolatedQueues, quietLogger } from '../support/redis.js';

const errno = (code: string, message = `${code.toLowerCase()} happened`) =>
  Object.assign(new Error(message), { code });
const zodError = (() => {
  try {
    z.string().parse(1);
  } catch (error) {
    return error;
  }
})();

describe('classifyFailure', () => {
  it.each([
    ['an UnrecoverableError', new UnrecoverableError('bad'), 'permanent'],
    ['media ffmpeg cannot read', new BadMediaError('a.wav', 'not audio'), 'permanent'],
    ['an image tesseract cannot read', new BadImageError('a.png', 'not an image'), 'permanent'],
    ['data that fails its schema', zodError, 'permanent'],
    ['an invalid object change', new InvalidChangeError('added twice'), 'permanent'],
    ['a refused connection', errno('ECONNREFUSED'), 'transient'],
    ['a full disk', errno('ENOSPC'), 'transient'],
    ['a timed-out connection', errno('ETIMEDOUT'), 'transient'],
    ['PostgreSQL shutting down', errno('57P01', 'terminating connection'), 'transient'],
    [
      'an S3 server error',
      Object.assign(new Error('service unavailable'), { $metadata: { httpStatusCode: 503 } }),
      'transient',
    ],
    [
      'a killed ffmpeg',
      new MediaToolError('a.wav', {
        tool: 'ffmpeg',
        exitCode: null,
        signal: 'SIGKILL',
        timedOut: false,
        stderrTail: [],
      }),
      'transient',
    ],
    ['an error nobody classified', new Error('something odd'), 'transient'],
  ])('calls %s %s', (_what, error, kind) => {
    expect(classifyFailure(error).kind).toBe(kind);
  });

  it('names the service of a ServiceError', () => {
    expect(classifyFailure(new ServiceError('catalog', errno('ECONNREFUSED')))).toEqual({
      kind: 'transient',
      service: 'catalog',
    });
  });

  it('sees an outage behind a cause or inside an AggregateError', () => {
    expect(isOutage(new Error('query failed', { cause: errno('ECONNRESET') }))).toBe(true);
    expect(isOutage(new AggregateError([errno('ECONNREFUSED'), errno('ECONNREFUSED')]))).toBe(true);
    expect(isOutage(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isOutage(new Error('duplicate key value'))).toBe(false);
  });
});

describe('inService', () => {
  it('turns an outage into an error that names the service and what to check', async () => {
    const failing = inService('catalog', async () => {
      throw errno('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5433');
    });
    await expect(failing).rejects.toThrow(
      /^the catalog database failed: connect ECONNREFUSED 127\.0\.0\.1:5433 \(check that PostgreSQL is running.*DATABASE_URL\)$/,
    );
  });

  it('leaves other errors as they are', async () => {
    const bad = new InvalidChangeError('added twice');
    await expect(inService('storage', async () => Promise.reject(bad))).rejects.toBe(bad);
  });
});

describe('jobs failing for a transient reason', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  const isolatedWithShortRetries = async () => {
    const queues = await openIsolatedQueues({
      retry: { backoffDelayMs: 20, maxBackoffMs: 50, retryForMs: 2_000 },
    });
    cleanups.push(queues.cleanup);
    return queues;
  };

  it('are retried until the service is back, more than three times', async () => {
    const queues = await isolatedWithShortRetries();
    let calls = 0;
    const runner = await startWorkers({
      runtime: queues.runtime,
      settings: queues.settings,
      queues: [QueueName.Transcripts],
      handlers: {
        [JobName.ParseTranscript]: anyJobHandler(async () => {
          calls += 1;
          if (calls <= 6) throw errno('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9000');
          return 'parsed';
        }),
      },
      logger: quietLogger,
    });
    cleanups.push(async () => {
      await runner.stop({ timeoutMs: 1000 });
    });
    const job = await queues.runtime.queue(QueueName.Transcripts).add(JobName.ParseTranscript, {});
    const events = await queues.runtime.queueEvents(QueueName.Transcripts);
    expect(await job.waitUntilFinished(events, 30_000)).toBe('parsed');
    expect(calls).toBe(7);
  });

  it('fail at once when the error says the input is bad, even without UnrecoverableError', async () => {
    const queues = await isolatedWithShortRetries();
    let calls = 0;
    const runner = await startWorkers({
      runtime: queues.runtime,
      settings: queues.settings,
      queues: [QueueName.Audio],
      handlers: {
        [JobName.NormaliseAudio]: async () => {
          calls += 1;
          throw new BadMediaError('a.wav', 'no audio stream');
        },
      },
      logger: quietLogger,
    });
    cleanups.push(async () => {
      await runner.stop({ timeoutMs: 1000 });
    });
    const job = await queues.runtime.queue(QueueName.Audio).add(JobName.NormaliseAudio, {});
    const events = await queues.runtime.queueEvents(QueueName.Audio);
    await expect(job.waitUntilFinished(events, 30_000)).rejects.toThrow('no audio stream');
    expect(calls).toBe(1);
  });
});
