/**
 * The fault-injection suite: real `heritage worker` processes on external Redis,
 * PostgreSQL and the filesystem or S3 (s3rver), a deposit of generated recordings and
 * transcripts, and one kind of fault per scenario at seeded random moments. After the
 * faults, with no operator's help, every item must be ready, `verify` clean, no version
 * a repeat of the one before, and the catalog equal to a fresh `reindex`.
 *
 * `HERITAGE_FAULT_RUNS` (default 1) runs per scenario, 20 for a soak;
 * `HERITAGE_FAULT_SEED` replays the timing of a failed run (its seed is in the failure).
 * PGlite is one process's database, so the worker processes here share a PostgreSQL
 * catalog.
 */
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestCommand } from '../../src/entry/cli/commands/ingest-command.js';
import { type ArchiveStatus, statusCommand } from '../../src/entry/cli/commands/status-command.js';
import { verifyCommand } from '../../src/entry/cli/commands/verify-command.js';
import { openServices, type Services } from '../../src/entry/services.js';
import type { Settings } from '../../src/infra/config/settings-schema.js';
import { QueueName } from '../../src/jobs/names.js';
import { recordingOutput } from '../support/annotation-archive.js';
import { catalogAndReindex, repeatedVersions, waitFor } from '../support/archive-checks.js';
import { toneWav, writeDeposit } from '../support/deposit.js';
import { makeTempDir, quietLogger, uniquePrefix } from '../support/redis.js';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';
import { type RunningS3rver, startS3rver } from '../support/s3rver.js';
import { seededRandom } from '../support/seeded-random.js';
import { mountSmallDisk, type SmallDisk } from '../support/small-disk.js';
import { startTcpProxy, type TcpProxy, throughProxy } from '../support/tcp-proxy.js';
import { openTestArchive } from '../support/test-archive.js';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-processes.js';

/** One run per scenario by default: five scenarios take about five minutes on a loaded 2-core machine. */
const runs = Number(process.env.HERITAGE_FAULT_RUNS ?? 1);
const firstSeed = Number(process.env.HERITAGE_FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** Short waits, and retries long enough that no outage here fails a job for good. */
const retry = { backoffDelayMs: 200, maxBackoffMs: 2_000, retryForMs: 10 * 60_000 };
/** A killed worker's jobs come back after seconds, not the default minute. */
const jobLockMs = 3_000;
/** A connection gone silent fails in seconds, so that its job is retried within the run. */
const catalogTimeouts = { databaseConnectTimeoutMs: 5_000, databaseQueryTimeoutMs: 15_000 };
const storageTimeouts = { connectTimeoutMs: 5_000, idleTimeoutMs: 15_000 };
const stepQueues = [QueueName.Audio, QueueName.Ocr, QueueName.Transcripts];
const runTimeoutMs = 240_000;

const transcriptIds = Array.from({ length: 10 }, (_, index) => `song-${index + 1}`);
const recordingIds = ['tone-1', 'tone-2'];
const itemIds = [...recordingIds, ...transcriptIds].sort();

/** What a run can touch to inject its faults. */
interface RunParts {
  random: ReturnType<typeof seededRandom>;
  services: Services;
  workers: { steps: WorkerProcess; finalise: WorkerProcess };
  restartFinalise(): Promise<void>;
  allReady(): Promise<boolean>;
  redis: RedisServer;
  proxies?: { catalog: TcpProxy; storage: TcpProxy };
  disk?: SmallDisk;
}

interface Scenario {
  title: string;
  store: 'fs' | 's3';
  /**
   * Runs only in a soak (`HERITAGE_FAULT_RUNS` set): a scenario that does not yet pass
   * every run, kept out of `npm test` until it does, and named in the README.
   */
  soakOnly?: boolean;
  proxied?: boolean;
  smallDisk?: boolean;
  /** Injects the run's faults; returns how many. */
  inject(parts: RunParts): Promise<number>;
}

/** Figures of one scenario's runs, printed at its end (and quoted in the README). */
interface Tally {
  runs: number;
  faults: number;
  items: number;
}

let redis: RedisServer;
let s3: RunningS3rver;
let depositFolder: string;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  cleanups.push(() => redis.close());
  s3 = await startS3rver();
  cleanups.push(() => s3.stop());
  const deposit = await makeTempDir('faults-deposit');
  cleanups.push(deposit.remove);
  depositFolder = deposit.dir;
  await writeDeposit(depositFolder, {
    ...Object.fromEntries(
      transcriptIds.map((id) => [`${id}.txt`, `${id}: Then nói "khửn" fạ, pây tàng slam vằn\n`]),
    ),
    ...Object.fromEntries(
      recordingIds.map((id, index) => [`${id}.wav`, toneWav(1, 330 + 110 * index)]),
    ),
  });
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function itemStatuses(services: Services): Promise<Map<string, string>> {
  const rows = await services.archive.catalog.query<{ id: string; status: string }>(
    'SELECT id, status FROM items',
  );
  return new Map(rows.map((row) => [row.id, row.status]));
}

async function archiveStatus(settings: Settings): Promise<ArchiveStatus> {
  const output = recordingOutput();
  await statusCommand({}, settings, output);
  return output.results[0] as ArchiveStatus;
}

/**
 * Waits until every item is ready by itself: every fault here is transient, so no item
 * may fail or stay stuck (an operator would have to run `heritage retry`).
 */
async function waitUntilReady(
  settings: Settings,
  services: Services,
  workers: RunParts['workers'],
): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (let poll = 1; ; poll++) {
    const statuses = await itemStatuses(services);
    if (itemIds.every((id) => statuses.get(id) === 'ready')) return;
    // A failed job is final: no need to wait for the deadline.
    const status =
      poll % 4 === 0 || Date.now() > deadline ? await archiveStatus(settings) : undefined;
    if (Date.now() > deadline || (status?.failed.length ?? 0) > 0)
      throw new Error(
        `not every item ended ready: ${JSON.stringify(Object.fromEntries(statuses))}; status ${JSON.stringify(status)}${deadWorkers(workers)}`,
      );
    await sleep(500);
  }
}

/** Worker processes that exited by themselves (a crash leaves their jobs active), with their last words. */
function deadWorkers(workers: RunParts['workers']): string {
  return Object.entries(workers)
    .filter(([, worker]) => worker.child.exitCode !== null)
    .map(
      ([name, worker]) =>
        `; the ${name} worker exited with ${worker.child.exitCode}: ${worker.errors.slice(-20).join('\n')}`,
    )
    .join('');
}

/** One run of a scenario, from an empty archive to the checks, counted in `tally`. */
async function runOnce(scenario: Scenario, seed: number, tally: Tally): Promise<void> {
  const random = seededRandom(seed);
  const runCleanups: (() => Promise<unknown>)[] = [];
  try {
    let disk: SmallDisk | undefined;
    if (scenario.smallDisk) {
      disk = await mountSmallDisk(32);
      runCleanups.push(() => (disk as SmallDisk).close());
    }
    const archive = await openTestArchive('postgres', {
      redisUrl: redis.url,
      retry,
      jobLockMs,
      ...catalogTimeouts,
      ...(disk ? { dataDir: path.join(disk.dir, 'data') } : {}),
      ...(scenario.store === 's3'
        ? { s3: { ...s3.settings, ...storageTimeouts, prefix: `${uniquePrefix()}/` } }
        : {}),
    });
    runCleanups.push(archive.cleanup);
    const settings = archive.settings;

    let workerSettings = settings;
    let proxies: RunParts['proxies'];
    if (scenario.proxied) {
      const catalogUrl = new URL(settings.databaseUrl as string);
      const storageUrl = new URL(settings.s3?.endpoint as string);
      proxies = {
        catalog: await startTcpProxy({ host: catalogUrl.hostname, port: Number(catalogUrl.port) }),
        storage: await startTcpProxy({ host: storageUrl.hostname, port: Number(storageUrl.port) }),
      };
      const { catalog, storage } = proxies;
      runCleanups.push(
        () => catalog.close(),
        () => storage.close(),
      );
      workerSettings = {
        ...settings,
        databaseUrl: throughProxy(catalogUrl.toString(), catalog),
        s3: {
          ...(settings.s3 as NonNullable<Settings['s3']>),
          endpoint: throughProxy(storageUrl.toString(), storage).replace(/\/$/, ''),
        },
      };
    }

    const ingested = recordingOutput();
    const code = await ingestCommand(
      depositFolder,
      { collection: 'faults', workers: false, wait: false },
      settings,
      ingested,
    );
    expect(ingested.errors, 'the ingest reports no error').toEqual([]);
    expect(code).toBe(0);

    const services = await openServices(settings, { workers: false, logger: quietLogger });
    runCleanups.push(() => services.close());
    const workers = {
      steps: await startWorkerProcess(workerSettings, stepQueues),
      finalise: await startWorkerProcess(workerSettings, [QueueName.Finalise]),
    };
    runCleanups.push(
      () => workers.steps.stop(),
      () => workers.finalise.stop(),
    );
    const allReady = async () => {
      const statuses = await itemStatuses(services);
      return itemIds.every((id) => statuses.get(id) === 'ready');
    };

    tally.faults += await scenario.inject({
      random,
      services,
      workers,
      async restartFinalise() {
        workers.finalise = await startWorkerProcess(workerSettings, [QueueName.Finalise]);
      },
      allReady,
      redis,
      proxies,
      disk,
    });
    await waitUntilReady(settings, services, workers);

    const verified = recordingOutput();
    const verifyCode = await verifyCommand([], settings, verified);
    const { reports } = verified.results[0] as { reports: { ok: boolean }[] };
    expect(
      reports.filter((report) => !report.ok),
      'verify finds every object intact',
    ).toEqual([]);
    expect(verifyCode).toBe(0);
    expect(await repeatedVersions(services.archive, itemIds)).toEqual([]);
    const { catalog, reindexed } = await catalogAndReindex(services.archive);
    expect(catalog.items.map((item) => [item.id, item.status])).toEqual(
      itemIds.map((id) => [id, 'ready']),
    );
    expect(catalog).toEqual(reindexed);
    tally.items += itemIds.length;
    tally.runs += 1;
  } finally {
    for (const cleanup of runCleanups.reverse()) await cleanup().catch(() => {});
  }
}

/** Runs a scenario `runs` times, each with its own seed, naming the seed of a failed run. */
async function soak(scenario: Scenario): Promise<void> {
  const tally: Tally = { runs: 0, faults: 0, items: 0 };
  for (let run = 0; run < runs; run++) {
    const seed = firstSeed + run;
    try {
      const faultsBefore = tally.faults;
      await runOnce(scenario, seed, tally);
      if (runs > 1)
        console.log(
          `fault suite: ${scenario.title}: run ${run + 1} of ${runs} passed, ${tally.faults - faultsBefore} faults (seed ${seed})`,
        );
    } catch (error) {
      const failure = error as Error;
      failure.message = `${scenario.title}, run ${run + 1} of ${runs} (HERITAGE_FAULT_SEED=${seed} HERITAGE_FAULT_RUNS=1 replays it): ${failure.message}`;
      throw failure;
    }
  }
  console.log(
    `fault suite: ${scenario.title}: ${tally.runs} runs, ${tally.faults} faults injected, ${tally.items} items, lost 0`,
  );
}

/** SIGKILLs the finalise worker while it runs a job, three times, restarting it each time. */
async function killFinaliseWorker(parts: RunParts): Promise<number> {
  const finalise = parts.services.queues.queue(QueueName.Finalise);
  let kills = 0;
  for (let round = 0; round < 3; round++) {
    let active = false;
    await waitFor('a finalise job runs, or every item is ready', async () => {
      active = (await finalise.getActiveCount()) > 0;
      return active || (await parts.allReady());
    });
    if (!active) break;
    await sleep(parts.random.between(0, 400));
    await parts.workers.finalise.kill();
    kills += 1;
    await sleep(parts.random.between(0, 1_000));
    await parts.restartFinalise();
  }
  return kills;
}

/** Stops Redis twice, by SIGTERM or SIGKILL, for 1-4 s each time. */
async function stopRedis(parts: RunParts): Promise<number> {
  let stops = 0;
  for (let round = 0; round < 2; round++) {
    await sleep(parts.random.between(0, 1_500));
    if (await parts.allReady()) break;
    await parts.redis.stop(parts.random.next() < 0.5 ? 'SIGTERM' : 'SIGKILL');
    stops += 1;
    await sleep(parts.random.between(1_000, 4_000));
    await parts.redis.start();
  }
  return stops;
}

/** Cuts the catalog, the storage or both, twice, for 1.5-5 s each time. */
async function cutCatalogAndStorage(parts: RunParts): Promise<number> {
  const { catalog, storage } = parts.proxies as NonNullable<RunParts['proxies']>;
  let cuts = 0;
  for (let round = 0; round < 2; round++) {
    await sleep(parts.random.between(0, 1_500));
    if (await parts.allReady()) break;
    const which = [[catalog], [storage], [catalog, storage]][parts.random.between(0, 2)] ?? [];
    await Promise.all(which.map((proxy) => proxy.cut()));
    cuts += which.length;
    await sleep(parts.random.between(1_500, 5_000));
    await Promise.all(which.map((proxy) => proxy.restore()));
  }
  return cuts;
}

/** Fills the data folder's disk twice, for 1-4 s each time, then frees it. */
async function fillDisk(parts: RunParts): Promise<number> {
  const disk = parts.disk as SmallDisk;
  let fills = 0;
  for (let round = 0; round < 2; round++) {
    await sleep(parts.random.between(0, 1_500));
    if (await parts.allReady()) break;
    await disk.fill();
    fills += 1;
    await sleep(parts.random.between(1_000, 4_000));
    await disk.free();
  }
  return fills;
}

const scenarios: Scenario[] = [
  {
    title: 'the finalise worker SIGKILLed in a job (filesystem, PostgreSQL)',
    store: 'fs',
    inject: killFinaliseWorker,
  },
  {
    title: 'the finalise worker SIGKILLed in a job (S3, PostgreSQL)',
    store: 's3',
    inject: killFinaliseWorker,
  },
  {
    title: 'Redis stopped and started again (filesystem, PostgreSQL)',
    store: 'fs',
    inject: stopRedis,
  },
  {
    title: 'PostgreSQL and S3 unreachable for seconds (S3, PostgreSQL)',
    store: 's3',
    proxied: true,
    inject: cutCatalogAndStorage,
  },
  {
    title: 'the data folder’s disk full, then freed (filesystem, PostgreSQL)',
    store: 'fs',
    smallDisk: true,
    inject: fillDisk,
  },
];

const soaking = process.env.HERITAGE_FAULT_RUNS !== undefined;

describe('the archive under injected faults', () => {
  for (const scenario of scenarios.filter((each) => soaking || !each.soakOnly)) {
    it(
      `ends with every item ready and intact: ${scenario.title}`,
      async (context) => {
        if (scenario.smallDisk) {
          // Mounting needs root (or CAP_SYS_ADMIN); elsewhere the scenario says why it is skipped.
          const probe = await mountSmallDisk(1).catch((error: Error) => error);
          if (probe instanceof Error) return context.skip(probe.message);
          await probe.close();
        }
        await soak(scenario);
      },
      runs * runTimeoutMs,
    );
  }
});
