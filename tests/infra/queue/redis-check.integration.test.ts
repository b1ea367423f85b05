import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import {
  checkRedis,
  connectRedis,
  RedisSetupError,
} from '../../../src/infra/queue/redis-connection.js';
import { spawnTiedToParent } from '../../../src/infra/queue/tied-child-process.js';
import { testRedisUrl } from '../../support/redis.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function connected(target: Parameters<typeof connectRedis>[0]): Promise<Redis> {
  const connection = await connectRedis(target, 'producer');
  cleanups.push(() => connection.quit());
  return connection;
}

describe('checkRedis', () => {
  it("reports the server's version, eviction policy and AOF state", async () => {
    const info = await checkRedis(await connected({ url: testRedisUrl }));
    // The same server, asked another way.
    const cli = (setting: string) =>
      execFileSync('redis-cli', ['-u', testRedisUrl, 'CONFIG', 'GET', setting], {
        encoding: 'utf8',
      })
        .trim()
        .split('\n')[1];
    const serverVersion = execFileSync('redis-cli', ['-u', testRedisUrl, 'INFO', 'server'], {
      encoding: 'utf8',
    }).match(/redis_version:(\S+)/)?.[1];
    expect(info.version).toBe(serverVersion);
    expect(info.maxmemoryPolicy).toBe(cli('maxmemory-policy'));
    expect(info.appendonly).toBe(cli('appendonly') === 'yes');
    expect(info.warnings.length > 0).toBe(!info.appendonly);
  });

  it('refuses a server that evicts keys, saying how to fix it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'heritage-evicting-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const socketPath = path.join(dir, 'redis.sock');
    const server = spawnTiedToParent('redis-server', [
      '--port',
      '0',
      '--unixsocket',
      socketPath,
      '--dir',
      dir,
      '--save',
      '',
      '--maxmemory-policy',
      'allkeys-lru',
    ]);
    cleanups.push(async () => {
      server.signal('SIGTERM');
      await server.exited;
    });
    let connection: Redis | undefined;
    for (let tries = 0; !connection; tries += 1) {
      try {
        connection = await connected({ socketPath });
      } catch (error) {
        if (tries > 100) throw error;
        await sleep(50);
      }
    }
    const check = checkRedis(connection);
    await expect(check).rejects.toThrow(RedisSetupError);
    await expect(check).rejects.toThrow(/maxmemory-policy allkeys-lru/);
    await expect(check).rejects.toThrow(/noeviction/);
  });
});

describe('connectRedis', () => {
  it('fails at once, naming the target, when nothing listens there', async () => {
    const connecting = connectRedis({ url: 'redis://:secret@127.0.0.1:1' }, 'producer');
    await expect(connecting).rejects.toThrow(
      /cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1/,
    );
    await expect(connecting).rejects.not.toThrow(/secret/);
  });
});
