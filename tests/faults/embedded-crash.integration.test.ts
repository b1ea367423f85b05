/**
 * The embedded default under crashes: `heritage ingest` running its work in its own
 * process, on the data folder's embedded catalog (PGlite in the process, or the private
 * PostgreSQL server the first command starts) and embedded Redis, SIGKILLed as a whole
 * at seeded random moments of an ingest of 12 items. What a user then does is run the
 * same ingest again: it must end with every item ready, `verify` clean, no version a
 * repeat of the one before, and the catalog equal to a fresh `reindex`.
 *
 * `HERITAGE_FAULT_RUNS` (default 1) runs per catalog, 20 for a soak;
 * `HERITAGE_FAULT_SEED` replays the timing of a failed run (its seed is in the failure).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive/archive.js';
import { verifyCommand } from '../../src/entry/cli/commands/verify-command.js';
import { stopEmbeddedPostgres } from '../../src/infra/catalog/embedded-postgres.js';
import { loadSettings } from '../../src/infra/config/load-settings.js';
import { recordingOutput } from '../support/annotation-archive.js';
import { catalogAndReindex, repeatedVersions } from '../support/archive-checks.js';
import { toneWav, writeDeposit } from '../support/deposit.js';
import { seededRandom } from '../support/seeded-random.js';

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));
const runs = Number(process.env.HERITAGE_FAULT_RUNS ?? 1);
const firstSeed = Number(process.env.HERITAGE_FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** SIGKILLs of the ingest per run, each at a random moment of its work. */
const killsPerRun = 3;
const runTimeoutMs = 300_000;

const transcriptIds = Array.from({ length: 10 }, (_, index) => `song-${index + 1}`);
const recordingIds = ['tone-1', 'tone-2'];
const itemIds = [...recordingIds, ...transcriptIds].sort();

type Catalog = 'pglite' | 'server';

/** Settings a user could give: only the data folder, the catalog kind and short waits. */
function userEnvironment(dataDir: string, catalog: Catalog): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // The embedded default: no external Redis, PostgreSQL or S3.
  for (const name of Object.keys(env))
    if (/^(REDIS_URL|DATABASE_URL|TEST_DATABASE_URL|S3_|HERITAGE_)/.test(name)) delete env[name];
  return {
    ...env,
    HERITAGE_DATA_DIR: dataDir,
    HERITAGE_LOG_LEVEL: 'warn',
    ...(catalog === 'pglite' ? { HERITAGE_EMBEDDED_CATALOG: 'pglite' } : {}),
    // A killed process's jobs come back after seconds rather than the default minute.
    HERITAGE_JOB_LOCK_MS: '3000',
    HERITAGE_RETRY_BACKOFF_MS: '200',
    HERITAGE_RETRY_MAX_BACKOFF_MS: '2000',
  };
}

interface Command {
  child: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
}

function heritage(env: NodeJS.ProcessEnv, ...args: string[]): Command {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/heritage.ts', ...args], {
    cwd: repositoryRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: string) => {
    output += chunk;
  };
  child.stdout?.setEncoding('utf8').on('data', collect);
  child.stderr?.setEncoding('utf8').on('data', collect);
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, exited, output: () => output };
}

let depositFolder: string;

beforeAll(async () => {
  depositFolder = await mkdtemp(path.join(os.tmpdir(), 'crash-deposit-'));
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
  await rm(depositFolder, { recursive: true, force: true });
});

interface Tally {
  runs: number;
  kills: number;
  /** Kills after the command had opened its catalog and queues. */
  inWork: number;
  items: number;
}

/**
 * Resolves with undefined once a command started at `since` has opened its queues: the
 * embedded Redis it starts writes its pid file after the catalog is open.
 */
async function queuesOpened(dataDir: string, since: number, command: Command): Promise<'go'> {
  const pidFile = path.join(dataDir, 'redis', 'redis.pid');
  while (command.child.exitCode === null && command.child.signalCode === null) {
    const written = await stat(pidFile).catch(() => undefined);
    if (written && written.mtimeMs >= since - 1_000) break;
    await sleep(50);
  }
  return 'go';
}

/** One run: ingest, SIGKILLed `killsPerRun` times at random moments, then the same ingest to its end. */
async function runOnce(catalog: Catalog, seed: number, tally: Tally): Promise<void> {
  const random = seededRandom(seed);
  // Short: the catalog server's unix socket lives under it.
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'crash-'));
  const env = userEnvironment(dataDir, catalog);
  const ingest = () => heritage(env, 'ingest', depositFolder, '--collection', 'faults');
  try {
    for (let kill = 0; kill < killsPerRun; kill++) {
      const startedAt = Date.now();
      const command = ingest();
      // One kill in three anywhere from the start (opening or creating the catalog,
      // starting Redis); the others in the work itself, which starts once the queues are open.
      const inWork = random.next() < 2 / 3;
      const pause = inWork ? random.between(0, 4_000) : random.between(0, 10_000);
      const done = command.exited.then(() => 'done' as const);
      const ready = inWork ? queuesOpened(dataDir, startedAt, command) : 'go';
      if ((await Promise.race([done, ready])) === 'done') break;
      if ((await Promise.race([done, sleep(pause, 'kill' as const)])) === 'done') break;
      command.child.kill('SIGKILL');
      await command.exited;
      tally.kills += 1;
      if (inWork) tally.inWork += 1;
    }

    const last = ingest();
    const code = await last.exited;
    expect(code, `the ingest after the crashes ends well:\n${last.output()}`).toBe(0);

    const settings = loadSettings({ env });
    const verified = recordingOutput();
    const verifyCode = await verifyCommand([], settings, verified);
    const { reports } = verified.results[0] as { reports: { ok: boolean }[] };
    expect(
      reports.filter((report) => !report.ok),
      'verify finds every object intact',
    ).toEqual([]);
    expect(verifyCode).toBe(0);
    const archive = await openArchive(settings);
    try {
      expect(await repeatedVersions(archive, itemIds)).toEqual([]);
      const { catalog: rows, reindexed } = await catalogAndReindex(archive);
      expect(rows.items.map((item) => [item.id, item.status])).toEqual(
        itemIds.map((id) => [id, 'ready']),
      );
      expect(rows).toEqual(reindexed);
    } finally {
      await archive.close();
    }
    tally.items += itemIds.length;
    tally.runs += 1;
  } finally {
    if (catalog === 'server') await stopEmbeddedPostgres(dataDir).catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function soak(catalog: Catalog, title: string): Promise<void> {
  const tally: Tally = { runs: 0, kills: 0, inWork: 0, items: 0 };
  for (let run = 0; run < runs; run++) {
    const seed = firstSeed + run;
    try {
      const killsBefore = tally.kills;
      await runOnce(catalog, seed, tally);
      if (runs > 1)
        console.log(
          `embedded crashes: ${title}: run ${run + 1} of ${runs} passed, ${tally.kills - killsBefore} SIGKILLs (seed ${seed})`,
        );
    } catch (error) {
      const failure = error as Error;
      failure.message = `${title}, run ${run + 1} of ${runs} (HERITAGE_FAULT_SEED=${seed} HERITAGE_FAULT_RUNS=1 replays it): ${failure.message}`;
      throw failure;
    }
  }
  console.log(
    `embedded crashes: ${title}: ${tally.runs} runs, ${tally.kills} SIGKILLs (${tally.inWork} in the work), ${tally.items} items, lost 0`,
  );
}

describe('the embedded default when its one process is SIGKILLed', () => {
  it(
    'ends with every item ready and intact after the same ingest again: PGlite in the process',
    () => soak('pglite', 'PGlite in the process'),
    runs * runTimeoutMs,
  );
  it(
    'ends with every item ready and intact after the same ingest again: the catalog server',
    () => soak('server', 'the embedded catalog server'),
    runs * runTimeoutMs,
  );
});
