import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createItemLocks } from '../../src/archive/item-lock.js';
import { openQueueRuntime } from '../../src/jobs/queue-runtime.js';
import {
  deleteKeysWithPrefix,
  quietLogger,
  testRedisUrl,
  testSettings,
  uniquePrefix,
} from '../support/redis.js';
import { startTcpProxy, throughProxy } from '../support/tcp-proxy.js';

describe('item locks while Redis is unreachable', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('say so once per outage, and lock again once Redis is back', async () => {
    const redisUrl = new URL(testRedisUrl);
    const proxy = await startTcpProxy({
      host: redisUrl.hostname,
      port: Number(redisUrl.port || 6379),
    });
    cleanups.push(() => proxy.close());
    const prefix = uniquePrefix();
    const runtime = await openQueueRuntime(
      testSettings({ redisUrl: throughProxy(testRedisUrl, proxy) }),
      {
        prefix,
        logger: quietLogger,
      },
    );
    cleanups.push(async () => {
      await runtime.close();
      await deleteKeysWithPrefix(prefix);
    });
    const warnings: string[] = [];
    const unhandled = vi.spyOn(console, 'error');
    const locks = createItemLocks(runtime, { warn: (message) => warnings.push(message) });
    cleanups.push(() => locks.close());
    expect(await locks.withLock('song-01', async () => 'first')).toBe('first');

    await proxy.cut();
    const waiting = locks.withLock('song-01', async () => 'after the outage');
    await sleep(2_500);
    await proxy.restore();
    expect(await waiting).toBe('after the outage');

    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^item locks: Redis at .* is unreachable/);
    expect(unhandled.mock.calls.flat().join('\n')).not.toMatch(/Unhandled error event/);
    unhandled.mockRestore();
  });
});
