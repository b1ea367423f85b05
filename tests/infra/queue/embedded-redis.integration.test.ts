import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { access, mkdir, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { settingsSchema } from '../../../src/infra/config/settings-schema.js';
import {
  RedisServerMissingError,
  startEmbeddedRedis,
} from '../../../src/infra/queue/embedded-redis.js';
import { MAX_SOCKET_PATH_BYTES } from '../../../src/infra/queue/embedded-redis-config.js';
import { QueueName } from '../../../src/jobs/names.js';
import { openQueueRuntime, type QueueRuntime } from '../../../src/jobs/queue-runtime.js';
import { makeTempDir, quietLogger } from '../../support/redis.js';

const holderScript = path.resolve('tests/fixtures/queue/hold-embedded-redis.ts');
const stopperScript = path.resolve('tests/fixtures/queue/start-and-stop-embedded-redis.ts');
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDataDir(): Promise<string> {
  const temp = await makeTempDir('embedded-redis');
  cleanups.push(temp.remove);
  return temp.dir;
}

/** Runs a fixture script on `dataDir` (killed after the test) and reads the JSON line it reports. */
async function runFixture<Report>(
  script: string,
  dataDir: string,
): Promise<{ child: ChildProcess; report: Report }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  cleanups.push(async () => child.kill('SIGKILL'));
  const lines = createInterface({ input: child.stdout as Readable });
  const [firstLine] = (await once(lines, 'line')) as [string];
  return { child, report: JSON.parse(firstLine) as Report };
}

async function openEmbedded(dataDir: string): Promise<QueueRuntime> {
  const runtime = await openQueueRuntime(settingsSchema.parse({ dataDir }), {
    logger: quietLogger,
  });
  cleanups.push(() => runtime.close());
  return runtime;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilGone(pid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (!isRunning(pid)) return true;
    await sleep(50);
  }
  return !isRunning(pid);
}

async function readPid(pidFile: string): Promise<number> {
  return Number((await readFile(pidFile, 'utf8')).trim());
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

describe('the embedded redis-server', () => {
  it('starts with AOF, no eviction and only a private unix socket', async () => {
    const dataDir = await tempDataDir();
    const runtime = await openEmbedded(dataDir);
    const embedded = runtime.embedded;
    expect(embedded?.owned).toBe(true);
    expect(embedded?.socketPath).toBe(path.join(dataDir, 'redis', 'redis.sock'));
    expect(runtime.server.appendonly).toBe(true);
    expect(runtime.server.maxmemoryPolicy).toBe('noeviction');
    expect(runtime.server.warnings).toEqual([]);

    const client = new Redis({ path: embedded?.socketPath });
    try {
      expect(await client.config('GET', 'port')).toEqual(['port', '0']);
      expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
    } finally {
      client.disconnect();
    }
    // Redis 7 keeps its AOF files in appendonlydir/ under --dir.
    expect((await stat(path.join(dataDir, 'redis', 'appendonlydir'))).isDirectory()).toBe(true);
    // Only the owner may connect (unixsocketperm 700).
    expect((await stat(path.join(dataDir, 'redis', 'redis.sock'))).mode & 0o077).toBe(0);
  });

  it('is shared by a second runtime on the same folder, and stopped only by its owner', async () => {
    const dataDir = await tempDataDir();
    const owner = await openEmbedded(dataDir);
    const guest = await openEmbedded(dataDir);
    expect(guest.embedded?.owned).toBe(false);
    expect(guest.embedded?.socketPath).toBe(owner.embedded?.socketPath);
    const redisPid = await readPid(path.join(dataDir, 'redis', 'redis.pid'));

    const added = await owner.queue(QueueName.Transcripts).add('parse-transcript', { n: 1 });
    const seen = await guest.queue(QueueName.Transcripts).getJob(added.id as string);
    expect(seen?.data).toEqual({ n: 1 });

    await guest.close();
    expect(isRunning(redisPid)).toBe(true);
    await owner.close();
    expect(await waitUntilGone(redisPid, 5000)).toBe(true);
    expect(await exists(path.join(dataDir, 'redis', 'redis.sock'))).toBe(false);
  });

  it('leaves nothing holding its owner open once stopped', async () => {
    // ioredis keeps a timer for a connection it was asked to end after the server had
    // closed it (as after SHUTDOWN), and it would keep a finished command running.
    const dataDir = await tempDataDir();
    const { report } = await runFixture<{ resources: string[] }>(stopperScript, dataDir);
    const resources = report.resources;
    expect(resources.filter((resource) => resource === 'Timeout')).toEqual([]);
  });

  it('keeps queued jobs across a restart (AOF)', async () => {
    const dataDir = await tempDataDir();
    const first = await openEmbedded(dataDir);
    const added = await first.queue(QueueName.Export).add('export-dataset', { split: 'train' });
    await first.close();

    const second = await openEmbedded(dataDir);
    expect(second.embedded?.owned).toBe(true);
    const job = await second.queue(QueueName.Export).getJob(added.id as string);
    expect(job?.data).toEqual({ split: 'train' });
    expect(await job?.getState()).toBe('waiting');
  });

  it('does not outlive a parent killed with SIGKILL', async () => {
    const dataDir = await tempDataDir();
    const { child: parent, report } = await runFixture<{ redisPid: number; owned: boolean }>(
      holderScript,
      dataDir,
    );
    const { redisPid, owned } = report;
    expect(owned).toBe(true);
    expect(isRunning(redisPid)).toBe(true);

    parent.kill('SIGKILL');
    await once(parent, 'exit');
    // The watchdog sees its pipe close and sends SIGTERM; redis flushes the AOF and exits.
    expect(await waitUntilGone(redisPid, 5000)).toBe(true);
    expect(await exists(path.join(dataDir, 'redis', 'redis.sock'))).toBe(false);
  });

  it('replaces a server that crashed and left its socket behind', async () => {
    const dataDir = await tempDataDir();
    const first = await startEmbeddedRedis({ dataDir });
    cleanups.push(() => first.stop());
    const crashedPid = await readPid(first.paths.pidFile);
    process.kill(crashedPid, 'SIGKILL');
    expect(await waitUntilGone(crashedPid, 5000)).toBe(true);
    expect(await exists(first.paths.socketPath)).toBe(true);

    const second = await startEmbeddedRedis({ dataDir });
    cleanups.push(() => second.stop());
    expect(second.owned).toBe(true);
    expect(await readPid(second.paths.pidFile)).not.toBe(crashedPid);
  });

  it('puts its socket in the temp folder when the data folder path is too long', async () => {
    let dataDir = await tempDataDir();
    while (Buffer.byteLength(path.join(dataDir, 'redis', 'redis.sock')) <= MAX_SOCKET_PATH_BYTES) {
      dataDir = path.join(dataDir, 'a-deeper-folder-of-recordings');
    }
    await mkdir(dataDir, { recursive: true });
    const runtime = await openEmbedded(dataDir);
    expect(path.dirname(runtime.embedded?.socketPath ?? '')).toBe(os.tmpdir());
    expect(await runtime.queue(QueueName.Ocr).count()).toBe(0);
    // The data still lives in the data folder.
    expect(await exists(path.join(dataDir, 'redis', 'appendonlydir'))).toBe(true);
  });

  it('explains how to install redis-server when it is missing', async () => {
    const dataDir = await tempDataDir();
    const missing = '/nonexistent/bin/redis-server';
    const opening = openQueueRuntime(settingsSchema.parse({ dataDir, redisServerPath: missing }));
    await expect(opening).rejects.toThrow(RedisServerMissingError);
    await expect(opening).rejects.toThrow(missing);
    await expect(opening).rejects.toThrow('apt-get install redis-server');
    await expect(opening).rejects.toThrow('brew install redis');
  });
});
