import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../../src/entry/api/build-api.js';
import { READY_REUSE_MS } from '../../../src/entry/api/readiness-routes.js';
import type { Database } from '../../../src/infra/catalog/database.js';
import { openCatalogDatabase } from '../../../src/infra/catalog/open-catalog-database.js';
import type { Settings } from '../../../src/infra/config/settings-schema.js';
import { openQueueRuntime, type QueueRuntime } from '../../../src/jobs/queue-runtime.js';
import { quietLogger } from '../../support/redis.js';
import { openArchiveBehindProxy, type TcpProxy } from '../../support/tcp-proxy.js';

/** `/api/ready` says which part is down, in words that name no host; `/api/health` stays liveness. */
describe('/api/ready while the catalog (PostgreSQL) is cut', () => {
  let settings: Settings;
  let proxy: TcpProxy;
  let catalog: Database;
  let queues: QueueRuntime;
  let api: FastifyInstance;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const archive = await openArchiveBehindProxy({ databaseConnectTimeoutMs: 2_000 });
    ({ settings, proxy, cleanup } = archive);
    catalog = await openCatalogDatabase(settings);
    queues = await openQueueRuntime(settings, {
      prefix: settings.queuePrefix,
      logger: quietLogger,
    });
    api = buildApi({ settings, catalog, queues });
  });

  afterAll(async () => {
    await proxy?.restore();
    await api?.close();
    await queues?.close();
    await catalog?.close();
    await cleanup?.();
  });

  it('is 200 when every part answers', async () => {
    const response = await api.inject({ url: '/api/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ready: true, checked: ['catalog', 'redis', 'storage'] });
  });

  it('is 503 naming the catalog, and no host or port, when the catalog is cut', async () => {
    await proxy.cut();
    // Past the second in which the last round of checks answers.
    await sleep(READY_REUSE_MS + 50);
    try {
      const response = await api.inject({ url: '/api/ready' });
      expect(response.statusCode).toBe(503);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      const body = response.json();
      expect(body.down).toEqual(['catalog']);
      expect(body.detail).toMatch(/^not ready: catalog /);
      expect(response.body).not.toContain('127.0.0.1');
      expect(response.body).not.toContain(String(proxy.port));
      expect(response.body).not.toMatch(/ECONNREFUSED|password|postgres/i);
    } finally {
      await proxy.restore();
    }
    await sleep(READY_REUSE_MS + 50);
    const again = await api.inject({ url: '/api/ready' });
    expect(again.statusCode).toBe(200);
  });
});
