import { describe, expect, it } from 'vitest';
import {
  describeRedisTarget,
  reconnectDelay,
  redisConnectionOptions,
  redisTargetFromUrl,
} from '../../../src/infra/queue/redis-connection.js';

describe('redisTargetFromUrl', () => {
  it('accepts redis:// and rediss:// URLs as they are', () => {
    expect(redisTargetFromUrl('redis://cache:6380/2')).toEqual({ url: 'redis://cache:6380/2' });
    expect(redisTargetFromUrl('rediss://user:pw@cache:6380')).toEqual({
      url: 'rediss://user:pw@cache:6380',
    });
  });

  it('reads unix:// URLs as socket paths', () => {
    expect(redisTargetFromUrl('unix:///run/redis/redis%20server.sock')).toEqual({
      socketPath: '/run/redis/redis server.sock',
    });
  });

  it('refuses other schemes, naming the setting', () => {
    expect(() => redisTargetFromUrl('http://cache:6379')).toThrow(
      /REDIS_URL: unsupported scheme "http:"/,
    );
    expect(() => redisTargetFromUrl('cache:6379', 'redisUrl in heritage.json')).toThrow(
      /redisUrl in heritage.json/,
    );
  });
});

describe('describeRedisTarget', () => {
  it('masks the password', () => {
    const description = describeRedisTarget({ url: 'redis://archivist:s3cret@cache:6379/0' });
    expect(description).not.toContain('s3cret');
    expect(description).toContain('archivist');
    expect(description).toContain('cache:6379');
  });
});

describe('redisConnectionOptions', () => {
  it('never limits retries per request, as BullMQ requires', () => {
    for (const role of ['producer', 'worker'] as const) {
      expect(
        redisConnectionOptions({ url: 'redis://cache' }, role).maxRetriesPerRequest,
      ).toBeNull();
    }
  });

  it('lets producers fail fast and workers wait for a reconnect', () => {
    expect(redisConnectionOptions({ url: 'redis://cache' }, 'producer').enableOfflineQueue).toBe(
      false,
    );
    expect(redisConnectionOptions({ url: 'redis://cache' }, 'worker').enableOfflineQueue).toBe(
      true,
    );
  });

  it('connects to a socket by path and to a URL by url', () => {
    expect(redisConnectionOptions({ socketPath: '/tmp/r.sock' }, 'worker')).toMatchObject({
      path: '/tmp/r.sock',
    });
    expect(redisConnectionOptions({ url: 'redis://cache' }, 'worker')).toMatchObject({
      url: 'redis://cache',
    });
  });
});

describe('reconnectDelay', () => {
  it('doubles from 100 ms and levels off at 5 s without ever giving up', () => {
    expect([1, 2, 3, 4].map(reconnectDelay)).toEqual([100, 200, 400, 800]);
    expect(reconnectDelay(50)).toBe(5000);
    expect(reconnectDelay(10_000)).toBe(5000);
  });
});
