/**
 * Makes sure the suite has a Redis and a PostgreSQL to talk to. It uses the ones at
 * REDIS_URL and TEST_DATABASE_URL (defaults 127.0.0.1:6379 and
 * postgres://postgres@127.0.0.1:5432/postgres) when they answer, and otherwise starts
 * private servers from the installed binaries in a temporary folder, on free ports,
 * for this run only. So `npm test` works both on a machine with services and on a
 * fresh one where `npm run setup` only installed the packages.
 * It also says once whether the corpus tests run (see corpus.ts).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import pg from 'pg';
import { corpusLabel, corpusMissing } from './corpus.js';

const started: { process: ChildProcess; folder: string }[] = [];

export async function setup(): Promise<void> {
  // Importing corpus.ts already failed the run if HERITAGE_REQUIRE_CORPUS=1 and it is absent.
  if (corpusMissing) console.log(`corpus tests skipped: ${corpusLabel} not found`);
  process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
  process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
  if (!(await redisAnswers(process.env.REDIS_URL)))
    process.env.REDIS_URL = await startPrivateRedis();
  if (!(await postgresAnswers(process.env.TEST_DATABASE_URL)))
    process.env.TEST_DATABASE_URL = await startPrivatePostgres();
}

export async function teardown(): Promise<void> {
  for (const server of started.reverse()) {
    server.process.kill('SIGTERM');
    await new Promise((resolve) => server.process.once('exit', resolve));
    rmSync(server.folder, { recursive: true, force: true });
  }
}

async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

async function postgresAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function startPrivateRedis(): Promise<string> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'heritage-test-redis-'));
  const port = await freePort();
  const server = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      folder,
    ],
    {
      stdio: 'ignore',
    },
  );
  started.push({ process: server, folder });
  const url = `redis://127.0.0.1:${port}`;
  await waitFor(
    () => redisAnswers(url),
    'a private redis-server (is redis-server installed? npm run setup)',
  );
  return url;
}

async function startPrivatePostgres(): Promise<string> {
  const bin = postgresBinaries();
  const folder = mkdtempSync(path.join(os.tmpdir(), 'heritage-test-postgres-'));
  // PostgreSQL refuses to run as root: as root, run it as the postgres user.
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: string[]) =>
    (asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args]) as [
      string,
      string[],
    ];
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(folder, uid, gid);
  }
  const data = path.join(folder, 'data');
  execFileSync(
    ...run(path.join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--no-sync',
    ]),
    { stdio: 'ignore' },
  );
  const port = await freePort();
  const server = spawn(
    ...run(path.join(bin, 'postgres'), [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      folder,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
    ]),
    { stdio: 'ignore' },
  );
  started.push({ process: server, folder });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await waitFor(
    () => postgresAnswers(url),
    'a private PostgreSQL (is postgresql installed? npm run setup)',
  );
  return url;
}

function postgresBinaries(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const bin = versions
    .map((version) => path.join(root, version, 'bin'))
    .find((folder) => existsSync(path.join(folder, 'initdb')));
  if (!bin)
    throw new Error(
      'no PostgreSQL server answers and none is installed: run npm run setup (Debian: apt-get install postgresql)',
    );
  return bin;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitFor(ready: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 150; attempt += 1) {
    if (await ready()) return;
    await sleep(200);
  }
  throw new Error(`${what} did not start`);
}
