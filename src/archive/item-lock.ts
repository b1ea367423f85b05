import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { inService } from '../infra/queue/classify-failure.js';
import { settlesWithin } from '../infra/queue/deadline.js';
import type { QueueLogger } from '../infra/queue/queue-logger.js';
import { createRedisConnection, describeRedisTarget } from '../infra/queue/redis-connection.js';
import type { QueueRuntime } from '../jobs/queue-runtime.js';

/**
 * One writer per archive object at a time, across every process and machine that
 * shares the Redis: ingest, finalise jobs and annotation edits all write new
 * versions of an item, and OCFL leaves single-writer discipline to the caller.
 */
export interface ItemLocks {
  withLock<T>(itemId: string, work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Longest a lock outlives a crashed holder; a live holder renews it. */
const LOCK_TTL_MS = 30_000;
const WAIT_LIMIT_MS = 10 * 60_000;
/** Longest a finished writer waits to release its lock: Redis queues commands while away. */
const RELEASE_WAIT_MS = 5_000;

/** Deletes the lock only if this holder still owns it. */
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const RENEW_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export class LockTimeoutError extends Error {
  constructor(itemId: string) {
    super(`item ${itemId} stayed locked by another writer for ${WAIT_LIMIT_MS / 60_000} minutes`);
    this.name = 'LockTimeoutError';
  }
}

/**
 * Item locks on the queue runtime's Redis (a connection of their own). While Redis is
 * away, lock requests wait for it (ioredis reconnects); the outage is logged once.
 */
export function createItemLocks(
  runtime: QueueRuntime,
  logger: Pick<QueueLogger, 'warn'> = console,
): ItemLocks {
  const redis = createRedisConnection(runtime.target, 'producer', { enableOfflineQueue: true });
  let unreachable = false;
  redis.on('error', (error: Error) => {
    if (unreachable) return;
    unreachable = true;
    logger.warn(
      `item locks: Redis at ${describeRedisTarget(runtime.target)} is unreachable (${error.message}); writes wait until it is back`,
    );
  });
  redis.on('ready', () => {
    unreachable = false;
  });
  const keyOf = (itemId: string) => `${runtime.prefix}:lock:item:${itemId}`;
  return {
    async withLock(itemId, work) {
      const key = keyOf(itemId);
      const token = randomUUID();
      const started = Date.now();
      const acquire = () =>
        inService('redis', () => redis.set(key, token, 'PX', LOCK_TTL_MS, 'NX'));
      while ((await acquire()) !== 'OK') {
        if (Date.now() - started > WAIT_LIMIT_MS) throw new LockTimeoutError(itemId);
        await sleep(50 + Math.random() * 100);
      }
      const renewal = setInterval(() => {
        void redis.eval(RENEW_SCRIPT, 1, key, token, String(LOCK_TTL_MS)).catch(() => undefined);
      }, LOCK_TTL_MS / 3);
      try {
        return await work();
      } finally {
        clearInterval(renewal);
        // A lock that cannot be released expires by itself; the work's outcome stands,
        // and is not held back while Redis is away.
        await settlesWithin(redis.eval(RELEASE_SCRIPT, 1, key, token), RELEASE_WAIT_MS);
      }
    },
    async close() {
      redis.disconnect();
    },
  };
}
