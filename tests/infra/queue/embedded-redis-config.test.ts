import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  embeddedRedisPaths,
  MAX_SOCKET_PATH_BYTES,
  redisServerArgs,
} from '../../../src/infra/queue/embedded-redis-config.js';

/** Reads `--name value` pairs back out of an argument list. */
function argValue(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
}

describe('embeddedRedisPaths', () => {
  it('keeps the socket in <dataDir>/redis when the path is short', () => {
    const paths = embeddedRedisPaths('/srv/heritage');
    expect(paths.dir).toBe('/srv/heritage/redis');
    expect(paths.socketPath).toBe('/srv/heritage/redis/redis.sock');
    expect(path.dirname(paths.pidFile)).toBe(paths.dir);
  });

  it('moves the socket to the temp folder, named after the data folder, when the path is too long', () => {
    const longDir = `/srv/${'archive-of-the-tay-then-songs/'.repeat(4)}data`;
    const paths = embeddedRedisPaths(longDir, '/tmp');
    expect(Buffer.byteLength(path.join(longDir, 'redis', 'redis.sock'))).toBeGreaterThan(
      MAX_SOCKET_PATH_BYTES,
    );
    expect(path.dirname(paths.socketPath)).toBe('/tmp');
    expect(Buffer.byteLength(paths.socketPath)).toBeLessThanOrEqual(MAX_SOCKET_PATH_BYTES);
    // Every process using the same folder must find the same socket, and no other folder's.
    expect(embeddedRedisPaths(longDir, '/tmp').socketPath).toBe(paths.socketPath);
    expect(embeddedRedisPaths(`${longDir}2`, '/tmp').socketPath).not.toBe(paths.socketPath);
    // The AOF stays in the data folder whatever happens to the socket.
    expect(paths.dir).toBe(path.join(longDir, 'redis'));
  });

  it('counts bytes, not characters, against the limit', () => {
    // Short in characters, long in UTF-8 bytes (ư is 2 bytes, ợ is 3): what the kernel counts.
    const vietnameseDir = `/srv/${'ượ'.repeat(30)}`;
    const defaultSocket = path.join(vietnameseDir, 'redis', 'redis.sock');
    expect(defaultSocket.length).toBeLessThanOrEqual(MAX_SOCKET_PATH_BYTES);
    expect(Buffer.byteLength(defaultSocket)).toBeGreaterThan(MAX_SOCKET_PATH_BYTES);
    expect(path.dirname(embeddedRedisPaths(vietnameseDir, '/tmp').socketPath)).toBe('/tmp');
  });
});

describe('redisServerArgs', () => {
  const paths = embeddedRedisPaths('/srv/heritage');
  const args = redisServerArgs(paths);

  it('serves only the unix socket, readable by its owner alone', () => {
    expect(argValue(args, '--port')).toBe('0');
    expect(argValue(args, '--unixsocket')).toBe(paths.socketPath);
    expect(argValue(args, '--unixsocketperm')).toBe('700');
  });

  it('keeps AOF, pid file and log in the data folder, with no eviction', () => {
    expect(argValue(args, '--dir')).toBe(paths.dir);
    expect(argValue(args, '--appendonly')).toBe('yes');
    expect(argValue(args, '--maxmemory-policy')).toBe('noeviction');
    expect(argValue(args, '--pidfile')).toBe(paths.pidFile);
    expect(argValue(args, '--logfile')).toBe(paths.logFile);
  });
});
