import { lstat, mkdir, readFile, realpath, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import lockfile from 'proper-lockfile';
import { settlesWithin } from './deadline.js';
import {
  type EmbeddedRedisPaths,
  embeddedRedisPaths,
  redisServerArgs,
} from './embedded-redis-config.js';
import { RedisSetupError } from './redis-connection.js';
import {
  COMMAND_NOT_EXECUTABLE,
  COMMAND_NOT_FOUND,
  spawnTiedToParent,
  type TiedChildProcess,
} from './tied-child-process.js';

export interface EmbeddedRedisOptions {
  /** Absolute path of the data folder; the server's files go to `<dataDir>/redis/`. */
  dataDir: string;
  /** The redis-server binary, looked up on PATH unless it contains a `/`. Default `redis-server`. */
  serverPath?: string;
  /** How long to wait for a new server to answer PING. Default 15 s. */
  startTimeoutMs?: number;
}

/** A private redis-server for one data folder, started by this process or found running. */
export interface EmbeddedRedis {
  readonly socketPath: string;
  readonly paths: EmbeddedRedisPaths;
  /** True when this process started the server: only then does `stop` shut it down. */
  readonly owned: boolean;
  /** Shuts an owned server down (SHUTDOWN, then SIGTERM, then SIGKILL); a no-op otherwise. */
  stop(options?: { timeoutMs?: number }): Promise<void>;
}

/** redis-server is not installed (or not where the settings say). */
export class RedisServerMissingError extends RedisSetupError {
  override name = 'RedisServerMissingError';
  constructor(serverPath: string, reason: string) {
    super(
      `${reason}: "${serverPath}" (setting redisServerPath / REDIS_SERVER_PATH). ` +
        'Install Redis (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis), ' +
        'or set REDIS_URL to use a Redis server you run yourself.',
    );
  }
}

/**
 * Starts the data folder's private redis-server (unix socket only, AOF on, no
 * eviction), or connects to the one another heritage process already runs for the
 * same folder (and then leaves it running on `stop`). The server cannot outlive this
 * process: see `spawnTiedToParent`. A lock around the check-then-start keeps two
 * processes starting at once from running two servers on one AOF.
 */
export async function startEmbeddedRedis(options: EmbeddedRedisOptions): Promise<EmbeddedRedis> {
  const serverPath = options.serverPath ?? 'redis-server';
  const paths = embeddedRedisPaths(options.dataDir);
  await mkdir(paths.dir, { recursive: true, mode: 0o700 });
  const release = await lockfile.lock(paths.dir, {
    lockfilePath: `${paths.dir}/start.lock`,
    retries: { retries: 100, minTimeout: 50, maxTimeout: 250 },
  });
  try {
    const state = await probeSocket(paths);
    if (state === 'alive') return reusedServer(paths);
    if (state === 'stale') await rm(paths.socketPath, { force: true });
    const server = spawnTiedToParent(serverPath, redisServerArgs(paths));
    try {
      await waitUntilServing(server, paths, serverPath, options.startTimeoutMs ?? 15_000);
    } catch (error) {
      server.signal('SIGKILL');
      throw error;
    }
    return ownedServer(paths, server);
  } finally {
    await release();
  }
}

type SocketState = 'absent' | 'stale' | 'alive';

/** Is a redis-server for this data folder answering on its socket? */
async function probeSocket(paths: EmbeddedRedisPaths): Promise<SocketState> {
  let stats: Awaited<ReturnType<typeof lstat>>;
  try {
    stats = await lstat(paths.socketPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw error;
  }
  if (!stats.isSocket()) {
    throw new RedisSetupError(`${paths.socketPath} exists but is not a socket: move it away`);
  }
  // A socket in the shared temp folder could have been planted by another user.
  const uid = process.getuid?.();
  if (uid !== undefined && stats.uid !== uid) {
    throw new RedisSetupError(
      `${paths.socketPath} belongs to another user (uid ${stats.uid}): refusing to use it`,
    );
  }
  const client = oneShotClient(paths.socketPath);
  try {
    await client.connect();
  } catch {
    letGo(client);
    return 'stale';
  }
  try {
    const [, servedDir] = (await client.config('GET', 'dir')) as [string, string];
    const [served, expected] = await Promise.all([realpath(servedDir), realpath(paths.dir)]);
    if (served !== expected) {
      throw new RedisSetupError(
        `${paths.socketPath} is served by a redis-server for ${servedDir}, not ${paths.dir}`,
      );
    }
    return 'alive';
  } finally {
    letGo(client);
  }
}

/** A connection that tries once and never queues or retries: for probes and SHUTDOWN. */
function oneShotClient(socketPath: string): Redis {
  const client = new Redis({
    path: socketPath,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 2000,
    // How long ioredis waits for the server to close a connection it ends before it
    // drops it; the default 2 s would delay the process's exit.
    disconnectTimeout: 100,
  });
  // Failures surface through the awaited commands; without a listener ioredis also prints them.
  client.on('error', () => {});
  return client;
}

/**
 * Ends a one-shot connection that is still open. A connection already closed (a failed
 * connect, or the server's close after SHUTDOWN) is left alone: ioredis would wait its
 * whole disconnect timeout for a close that has already happened, holding the process
 * open that long.
 */
function letGo(client: Redis): void {
  if (client.status !== 'end') client.disconnect();
}

async function waitUntilServing(
  server: TiedChildProcess,
  paths: EmbeddedRedisPaths,
  serverPath: string,
  timeoutMs: number,
): Promise<void> {
  let exit: number | string | undefined;
  let spawnError: Error | undefined;
  server.exited.then(
    (status) => {
      exit = status;
    },
    (error: Error) => {
      spawnError = error;
    },
  );
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (spawnError) throw new RedisSetupError(`cannot start ${serverPath}: ${spawnError.message}`);
    if (exit === COMMAND_NOT_FOUND)
      throw new RedisServerMissingError(serverPath, 'redis-server not found');
    if (exit === COMMAND_NOT_EXECUTABLE) {
      throw new RedisServerMissingError(serverPath, 'redis-server is not executable');
    }
    if (exit !== undefined) {
      throw new RedisSetupError(
        `${serverPath} exited (${exit}) while starting; the end of ${paths.logFile}:\n${await logTail(paths.logFile)}`,
      );
    }
    if ((await probeSocket(paths)) === 'alive') return;
    await sleep(50);
  }
  throw new RedisSetupError(
    `${serverPath} did not answer on ${paths.socketPath} within ${timeoutMs} ms; see ${paths.logFile}`,
  );
}

async function logTail(logFile: string, lines = 10): Promise<string> {
  try {
    return (await readFile(logFile, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log written)';
  }
}

function reusedServer(paths: EmbeddedRedisPaths): EmbeddedRedis {
  return { socketPath: paths.socketPath, paths, owned: false, stop: async () => {} };
}

function ownedServer(paths: EmbeddedRedisPaths, server: TiedChildProcess): EmbeddedRedis {
  let stopping: Promise<void> | undefined;
  const shutdown = async (timeoutMs: number) => {
    // SHUTDOWN flushes the AOF and removes the socket and pid file; the server closes
    // the connection instead of answering, so the command's rejection is expected.
    const client = oneShotClient(paths.socketPath);
    try {
      await client.connect();
      await client.shutdown();
    } catch {
      // Already gone, or closed on us as SHUTDOWN does.
    } finally {
      letGo(client);
    }
    if (await settlesWithin(server.exited, timeoutMs)) return;
    server.signal('SIGTERM');
    if (await settlesWithin(server.exited, 2000)) return;
    server.signal('SIGKILL');
    await settlesWithin(server.exited, 2000);
  };
  return {
    socketPath: paths.socketPath,
    paths,
    owned: true,
    stop: (options = {}) => {
      stopping ??= shutdown(options.timeoutMs ?? 10_000);
      return stopping;
    },
  };
}
