import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../../src/entry/api/build-api.js';
import { openTestCatalog, type TestCatalog } from '../../support/databases.js';
import { type IsolatedQueues, openIsolatedQueues } from '../../support/redis.js';

/**
 * The built web app at `/`: its files, `index.html` for the app's own addresses, and
 * `/api` untouched (JSON problems for unknown paths), all under the security headers.
 */
describe('the web app served beside the API', () => {
  const temp = { path: mkdtempSync(path.join(os.tmpdir(), 'heritage-web-app-')) };
  let catalog: TestCatalog;
  let queues: IsolatedQueues;
  let api: FastifyInstance;
  let unbuilt: FastifyInstance;
  const page = '<!doctype html><html><body><div id="root"></div></body></html>';

  beforeAll(async () => {
    const folder = path.join(temp.path, 'web');
    mkdirSync(path.join(folder, 'assets'), { recursive: true });
    writeFileSync(path.join(folder, 'index.html'), page);
    writeFileSync(path.join(folder, 'assets', 'index-abc123.js'), 'console.log(1);');
    catalog = await openTestCatalog('pglite');
    queues = await openIsolatedQueues();
    const dependencies = {
      settings: queues.settings,
      catalog: catalog.database,
      queues: queues.runtime,
    };
    api = buildApi({ ...dependencies, webApp: folder });
    unbuilt = buildApi({ ...dependencies, webApp: path.join(temp.path, 'nothing') });
  });

  afterAll(async () => {
    await api?.close();
    await unbuilt?.close();
    await queues?.cleanup();
    await catalog?.dispose();
    rmSync(temp.path, { recursive: true, force: true });
  });

  it('serves index.html at / and at every address of the app, never cached', async () => {
    for (const url of ['/', '/items/then-001', '/search?q=lượn', '/sign-in']) {
      const response = await api.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toMatch(/^text\/html/);
      expect(response.body, url).toBe(page);
      expect(response.headers['cache-control'], url).toBe('no-cache');
      expect(response.headers['content-security-policy'], url).toContain("script-src 'self'");
    }
  });

  it('serves built files for a year, and a missing file as a 404 problem', async () => {
    const script = await api.inject({ url: '/assets/index-abc123.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const missing = await api.inject({ url: '/assets/index-zzz.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('leaves /api to the API: unknown paths there are JSON problems, not the app', async () => {
    for (const url of ['/api', '/api/', '/api/no-such-route', '/api/items/x/y/z']) {
      const response = await api.inject({ url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toMatch(/^application\/problem\+json/);
    }
    expect((await api.inject({ url: '/api/health' })).statusCode).not.toBe(404);
    const post = await api.inject({ method: 'POST', url: '/items/x' });
    expect(post.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('asks browsers to upgrade to https only where cookies are Secure', async () => {
    const policy = async (app: FastifyInstance) =>
      String((await app.inject({ url: '/' })).headers['content-security-policy']);
    // The tests' settings bind 127.0.0.1: plain http, no Secure cookies.
    expect(await policy(api)).not.toContain('upgrade-insecure-requests');
    const behindTls = buildApi({
      settings: { ...queues.settings, api: { ...queues.settings.api, host: '0.0.0.0' } },
      catalog: catalog.database,
      queues: queues.runtime,
      webApp: false,
    });
    try {
      expect(await policy(behindTls)).toContain('upgrade-insecure-requests');
    } finally {
      await behindTls.close();
    }
  });

  it('says how to build the app when it is not built', async () => {
    const response = await unbuilt.inject({ url: '/' });
    expect(response.statusCode).toBe(404);
    expect(response.json().detail).toContain('npm run build');
  });
});
