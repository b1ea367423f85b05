import { Redis, type RedisOptions } from 'ioredis';

/** Where Redis is: a `redis://` / `rediss://` URL, or a unix socket on this machine. */
export type RedisTarget = { url: string } | { socketPath: string };

/**
 * `producer` connections add jobs (CLI, API): they fail at once while Redis is down
 * instead of hanging a request. `worker` connections queue commands while they
 * reconnect, so that a worker outlives a Redis restart.
 */
export type ConnectionRole = 'producer' | 'worker';

/** ioredis options, plus the `url` that BullMQ (and `createRedisConnection`) accept. */
export type RedisConnectionOptions = Omit<RedisOptions, 'retryStrategy'> & {
  retryStrategy?: (times: number) => number | null;
  url?: string;
};

/** BullMQ needs blocking commands and Lua features of Redis 6.2. */
const MINIMUM_VERSION = { major: 6, minor: 2 };

export class RedisSetupError extends Error {
  override name = 'RedisSetupError';
}

/**
 * Reads a Redis URL: `redis://[user:pass@]host[:port][/db]`, `rediss://...` (TLS) or
 * `unix:///path/to/redis.sock`. `setting` names where the URL came from in errors.
 */
export function redisTargetFromUrl(url: string, setting = 'REDIS_URL'): RedisTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RedisSetupError(`${setting}: not a URL (expected redis://host:6379)`);
  }
  if (parsed.protocol === 'redis:' || parsed.protocol === 'rediss:') return { url };
  if (parsed.protocol === 'unix:' && parsed.pathname) {
    return { socketPath: decodeURIComponent(parsed.pathname) };
  }
  throw new RedisSetupError(
    `${setting}: unsupported scheme "${parsed.protocol}" (use redis://, rediss:// or unix:///path/to/redis.sock)`,
  );
}

/** The target for people and logs, with any password masked. */
export function describeRedisTarget(target: RedisTarget): string {
  if ('socketPath' in target) return `unix socket ${target.socketPath}`;
  const parsed = new URL(target.url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/**
 * Delay before reconnect attempt `times` (1, 2, ...): 100 ms doubling to 5 s, and
 * never giving up, as a worker should wait out a Redis restart rather than exit.
 */
export function reconnectDelay(times: number): number {
  return Math.min(100 * 2 ** (times - 1), 5000);
}

/** Connection options BullMQ and ioredis accept for `target`. */
export function redisConnectionOptions(
  target: RedisTarget,
  role: ConnectionRole,
): RedisConnectionOptions {
  const common: RedisConnectionOptions = {
    // BullMQ's blocking commands must not be cut short by ioredis' retry limit.
    maxRetriesPerRequest: null,
    enableOfflineQueue: role === 'worker',
    retryStrategy: reconnectDelay,
    connectionName: `heritage-${role}`,
  };
  return 'socketPath' in target
    ? { ...common, path: target.socketPath }
    : { ...common, url: target.url };
}

/** A new ioredis connection to `target`; it connects in the background unless `lazyConnect`. */
export function createRedisConnection(
  target: RedisTarget,
  role: ConnectionRole,
  extra: RedisConnectionOptions = {},
): Redis {
  const { url, ...options } = { ...redisConnectionOptions(target, role), ...extra };
  return url === undefined ? new Redis(options) : new Redis(url, options);
}

/**
 * Connects to `target` and waits until it is ready. An unreachable Redis is an error
 * at once (naming the target), not an endless reconnect loop.
 */
export async function connectRedis(target: RedisTarget, role: ConnectionRole): Promise<Redis> {
  const connection = createRedisConnection(target, role, { lazyConnect: true });
  // The failure is reported by the rejection below; without a listener ioredis prints it too.
  const ignore = () => {};
  connection.on('error', ignore);
  try {
    await connection.connect();
    return connection;
  } catch (error) {
    connection.disconnect();
    throw new RedisSetupError(
      `cannot reach Redis at ${describeRedisTarget(target)}: ${(error as Error).message}`,
      { cause: error },
    );
  } finally {
    connection.off('error', ignore);
  }
}

/** What `checkRedis` found out about a server. */
export interface RedisServerInfo {
  version: string;
  maxmemoryPolicy: string;
  appendonly: boolean;
  /** Problems that do not stop heritage but should be fixed. */
  warnings: string[];
}

/**
 * Checks that the server behind `connection` can hold BullMQ queues safely: Redis
 * 6.2 or newer and `maxmemory-policy noeviction` (an evicting Redis silently drops
 * queued jobs). AOF being off is only a warning. Uses `INFO` rather than `CONFIG GET`,
 * which managed Redis services often disable.
 */
export async function checkRedis(connection: Redis): Promise<RedisServerInfo> {
  const fields = parseInfo(await connection.info());
  const where = connection.options.path
    ? `unix socket ${connection.options.path}`
    : `${connection.options.host}:${connection.options.port}`;
  const version = fields.get('redis_version');
  if (version === undefined) throw new RedisSetupError(`${where}: INFO reports no redis_version`);
  if (!isAtLeast(version, MINIMUM_VERSION)) {
    throw new RedisSetupError(
      `Redis ${version} at ${where} is too old: heritage's queues (BullMQ) need Redis 6.2 or newer`,
    );
  }
  const maxmemoryPolicy = fields.get('maxmemory_policy') ?? 'unknown';
  if (maxmemoryPolicy !== 'noeviction') {
    throw new RedisSetupError(
      `Redis at ${where} has maxmemory-policy ${maxmemoryPolicy}: under memory pressure it would ` +
        'delete queued jobs. Set "maxmemory-policy noeviction" in redis.conf ' +
        '(or run: redis-cli CONFIG SET maxmemory-policy noeviction)',
    );
  }
  const appendonly = fields.get('aof_enabled') === '1';
  const warnings = appendonly
    ? []
    : [
        `Redis at ${where} runs without AOF (appendonly no): jobs added in the last moments ` +
          'before a Redis crash can be lost. Set "appendonly yes" in redis.conf.',
      ];
  return { version, maxmemoryPolicy, appendonly, warnings };
}

/** `INFO` is `key:value` lines under `# Section` headers; no library parses it for ioredis. */
function parseInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}

function isAtLeast(version: string, minimum: { major: number; minor: number }): boolean {
  const [major = 0, minor = 0] = version.split('.').map((part) => Number.parseInt(part, 10));
  return major > minimum.major || (major === minimum.major && minor >= minimum.minor);
}
