import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { type Settings, settingsSchema } from '../../src/infra/config/settings-schema.js';
import { openQueueRuntime, type QueueRuntime } from '../../src/jobs/queue-runtime.js';

/** The machine's Redis for tests: `REDIS_URL`, else 127.0.0.1:6379. */
export const testRedisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A BullMQ key prefix no other test uses: tests share one Redis without seeing each other's jobs. */
export function uniquePrefix(): string {
  return `test-${randomUUID().slice(0, 8)}`;
}

/** Settings for tests: the machine's Redis, a data folder that is never written to, and `overrides`. */
export function testSettings(overrides: Record<string, unknown> = {}): Settings {
  return settingsSchema.parse({
    dataDir: path.join(os.tmpdir(), 'heritage-test-unused'),
    redisUrl: testRedisUrl,
    ...overrides,
  });
}

/** A queue runtime on the machine's Redis under a prefix of its own. */
export interface IsolatedQueues {
  runtime: QueueRuntime;
  settings: Settings;
  prefix: string;
  /** Closes the runtime and deletes every key under its prefix. */
  cleanup(): Promise<void>;
}

/** Opens an isolated queue runtime; call `cleanup` in `afterEach`/`afterAll`. */
export async function openIsolatedQueues(
  overrides: Record<string, unknown> = {},
): Promise<IsolatedQueues> {
  const settings = testSettings(overrides);
  const prefix = uniquePrefix();
  const runtime = await openQueueRuntime(settings, { prefix, logger: quietLogger });
  return {
    runtime,
    settings,
    prefix,
    async cleanup() {
      await runtime.close();
      await deleteKeysWithPrefix(prefix);
    },
  };
}

/** Deletes every key of a BullMQ prefix from the machine's Redis. */
export async function deleteKeysWithPrefix(prefix: string): Promise<void> {
  const redis = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 })) {
      if ((keys as string[]).length > 0) await redis.unlink(...(keys as string[]));
    }
  } finally {
    redis.disconnect();
  }
}

/** A fresh temporary folder (e.g. a data folder for an embedded Redis) and its removal. */
export async function makeTempDir(
  label: string,
): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `heritage-${label}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Keeps expected warnings (retries, shutdown notices) out of the test output; errors still show. */
export const quietLogger = {
  info: () => {},
  warn: () => {},
  error: (message: string) => console.error(message),
};
