import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

/** Where the private redis-server of one data folder keeps its files. */
export interface EmbeddedRedisPaths {
  /** `<dataDir>/redis`: AOF (`appendonlydir/`), log, pid file. */
  dir: string;
  socketPath: string;
  pidFile: string;
  logFile: string;
}

/**
 * Longest unix socket path, in bytes, that works everywhere: `sun_path` holds 108
 * bytes on Linux and 104 on macOS, both counting the closing NUL.
 */
export const MAX_SOCKET_PATH_BYTES = 103;

/**
 * The embedded server's files for `dataDir` (an absolute path). The socket lives in the
 * data folder when its path is short enough, else in the OS temp folder under a name
 * derived from the data folder, so that every process using that folder finds it.
 */
export function embeddedRedisPaths(dataDir: string, tempDir = os.tmpdir()): EmbeddedRedisPaths {
  const dir = path.join(dataDir, 'redis');
  let socketPath = path.join(dir, 'redis.sock');
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH_BYTES) {
    const digest = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
    socketPath = path.join(tempDir, `heritage-redis-${digest}.sock`);
  }
  return {
    dir,
    socketPath,
    pidFile: path.join(dir, 'redis.pid'),
    logFile: path.join(dir, 'redis.log'),
  };
}

/** Command-line arguments for a private redis-server holding BullMQ queues. */
export function redisServerArgs(paths: EmbeddedRedisPaths): string[] {
  return [
    // No TCP listener: only processes that can open the socket file talk to it.
    '--port',
    '0',
    '--unixsocket',
    paths.socketPath,
    '--unixsocketperm',
    '700',
    '--dir',
    paths.dir,
    '--pidfile',
    paths.pidFile,
    // A log file rather than stdout: a write to a dead parent's pipe would kill
    // redis with SIGPIPE before it flushed the AOF.
    '--logfile',
    paths.logFile,
    '--daemonize',
    'no',
    // Queued jobs survive a crash of the machine (at most a second lost).
    '--appendonly',
    'yes',
    '--appendfsync',
    'everysec',
    // BullMQ needs every key to stay; an evicting Redis silently drops jobs.
    '--maxmemory-policy',
    'noeviction',
    // The AOF already makes the data durable; RDB snapshots would only fork a copy
    // of the dataset now and then on a small machine.
    '--save',
    '',
  ];
}
