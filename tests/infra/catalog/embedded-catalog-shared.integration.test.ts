import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { stopEmbeddedPostgres } from '../../../src/infra/catalog/embedded-postgres.js';
import { toneFlac, writeDeposit } from '../../support/deposit.js';
import { deleteKeysWithPrefix, testRedisUrl, uniquePrefix } from '../../support/redis.js';
import { tempDir } from '../../support/temp-dir.js';

const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));
const token = 'archivist-token-for-the-shared-catalog-test';

interface Command {
  child: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
}

/** Runs `heritage <args>` as a real process of its own on the data folder. */
function heritage(env: NodeJS.ProcessEnv, ...args: string[]): Command {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/heritage.ts', ...args], {
    cwd: repositoryRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, exited, output: () => output };
}

/** Waits until a long-running command prints `text`, or fails with what it printed. */
async function untilPrinted(command: Command, text: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (command.output().includes(text)) resolve();
    };
    command.child.stdout?.on('data', check);
    void command.exited.then((code) =>
      reject(new Error(`exited with ${code} before printing "${text}":\n${command.output()}`)),
    );
    check();
  });
}

async function finished(command: Command): Promise<{ code: number | null; output: string }> {
  const code = await command.exited;
  return { code, output: command.output() };
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

describe('the embedded catalog of one data folder', () => {
  const longRunning: Command[] = [];
  let dataDir: string | undefined;
  let prefix: string | undefined;

  afterEach(async () => {
    for (const command of longRunning.splice(0)) {
      command.child.kill('SIGTERM');
      await command.exited;
    }
    if (dataDir) await stopEmbeddedPostgres(dataDir);
    if (prefix) await deleteKeysWithPrefix(prefix);
  });

  it('serves heritage serve, a worker, an ingest and items list running at the same time', async () => {
    dataDir = await tempDir('heritage-shared-catalog-');
    prefix = uniquePrefix();
    const deposit = await tempDir('heritage-shared-deposit-');
    await toneFlac(path.join(deposit, 'song-a.flac'), 2, 440);
    await toneFlac(path.join(deposit, 'song-b.flac'), 2, 660);
    const manifestFolder = await tempDir('heritage-shared-manifest-');
    const manifest = path.join(manifestFolder, 'items.csv');
    await writeDeposit(manifestFolder, {
      'items.csv':
        'id,title,files,access,consent,languages\n' +
        'song-a,Song A,song-a.flac,open,archive;research,tyz\n' +
        'song-b,Song B,song-b.flac,open,archive;research,tyz\n',
    });
    const port = await freePort();
    const env = {
      HERITAGE_DATA_DIR: dataDir,
      REDIS_URL: testRedisUrl,
      HERITAGE_QUEUE_PREFIX: prefix,
      HERITAGE_API_TOKEN: token,
      DATABASE_URL: '',
      HERITAGE_EMBEDDED_CATALOG: '',
    };

    // Both find an empty data folder: one of them starts the catalog server.
    const serve = heritage(env, 'serve', '--host', '127.0.0.1', '--port', String(port));
    const worker = heritage(env, 'worker');
    longRunning.push(serve, worker);
    await Promise.all([
      untilPrinted(serve, 'listening'),
      untilPrinted(worker, 'heritage worker: serving'),
    ]);

    // The ingest leaves its jobs to the worker, and items list runs while it does.
    const ingest = heritage(env, 'ingest', deposit, '--manifest', manifest, '--no-workers');
    const listDuringIngest = heritage(env, 'items', 'list');
    const listed = await finished(listDuringIngest);
    expect(listed.output).not.toContain('already open');
    expect(listed.code, listed.output).toBe(0);
    const ingested = await finished(ingest);
    expect(ingested.code, ingested.output).toBe(0);

    const listAfter = await finished(heritage(env, 'items', 'list', '--json'));
    expect(listAfter.code, listAfter.output).toBe(0);
    const items = JSON.parse(listAfter.output) as { id: string; status: string }[];
    expect(items.map((item) => [item.id, item.status]).sort()).toEqual([
      ['song-a', 'ready'],
      ['song-b', 'ready'],
    ]);

    const response = await fetch(`http://127.0.0.1:${port}/api/items`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: { id: string }[] };
    expect(body.items.map((item) => item.id).sort()).toEqual(['song-a', 'song-b']);
  }, 600_000);
});
