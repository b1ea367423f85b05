/**
 * Queue runtime overhead: how many tiny jobs per second go through add, a worker and
 * completion on the embedded redis-server (unix socket, AOF on), against a baseline
 * measured in the same run: the same code on the machine's Redis over TCP
 * (`REDIS_URL`, default 127.0.0.1:6379). Also times opening and closing a runtime
 * that starts and stops its own redis-server. Figures are medians of several runs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { type Settings, settingsSchema } from '../src/infra/config/settings-schema.js';
import { JobName, QueueName } from '../src/jobs/names.js';
import { openQueueRuntime } from '../src/jobs/queue-runtime.js';
import { type JobHandler, startWorkers } from '../src/jobs/worker-runner.js';

const JOBS = 1500;
const CONCURRENCY = 8;
const RUNS = 3;
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const silent = {
  info: () => {},
  warn: () => {},
  error: (message: string) => console.error(message),
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Jobs per second from the first add to the last completion. */
async function throughput(settings: Settings, prefix: string): Promise<number> {
  const runtime = await openQueueRuntime(settings, { prefix, logger: silent });
  let done = 0;
  let allDone: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    allDone = resolve;
  });
  const runner = await startWorkers({
    runtime,
    settings: { ...settings, concurrency: { [QueueName.Transcripts]: CONCURRENCY } },
    queues: [QueueName.Transcripts],
    handlers: {
      // Jobs of the right name with a payload of their own: the queue's cost is measured.
      [JobName.ParseTranscript]: (async (job: Job) => {
        done += 1;
        if (done === JOBS) allDone();
        return job.data.n;
      }) as unknown as JobHandler<typeof JobName.ParseTranscript>,
    },
    logger: silent,
  });
  const start = performance.now();
  await runtime
    .queue(QueueName.Transcripts)
    .addBulk(
      Array.from({ length: JOBS }, (_, n) => ({ name: JobName.ParseTranscript, data: { n } })),
    );
  await finished;
  const seconds = (performance.now() - start) / 1000;
  await runner.stop({ timeoutMs: 5000 });
  await runtime.close();
  return JOBS / seconds;
}

async function deletePrefix(prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 1000 })) {
    if ((keys as string[]).length > 0) await redis.unlink(...(keys as string[]));
  }
  redis.disconnect();
}

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'heritage-bench-queue-'));
try {
  const embeddedRates: number[] = [];
  const tcpRates: number[] = [];
  const startStopMs: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const prefix = `bench-${process.pid}-${run}`;
    embeddedRates.push(await throughput(settingsSchema.parse({ dataDir }), prefix));
    tcpRates.push(await throughput(settingsSchema.parse({ redisUrl }), prefix));
    await deletePrefix(prefix);

    const start = performance.now();
    const runtime = await openQueueRuntime(settingsSchema.parse({ dataDir: `${dataDir}-${run}` }), {
      logger: silent,
    });
    await runtime.close();
    startStopMs.push(performance.now() - start);
    await rm(`${dataDir}-${run}`, { recursive: true, force: true });
  }
  const embedded = median(embeddedRates);
  const tcp = median(tcpRates);
  console.log(`${JOBS} no-op jobs, concurrency ${CONCURRENCY}, median of ${RUNS} runs`);
  console.log(`embedded redis-server (unix socket, AOF): ${Math.round(embedded)} jobs/s`);
  console.log(`baseline, machine Redis over TCP:        ${Math.round(tcp)} jobs/s`);
  console.log(`ratio embedded / baseline:               ${(embedded / tcp).toFixed(2)}x`);
  console.log(`open + close with its own redis-server:  ${Math.round(median(startStopMs))} ms`);
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
