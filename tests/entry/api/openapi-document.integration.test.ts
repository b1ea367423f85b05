import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../../src/entry/api/build-api.js';
import { API_DOCS_PREFIX, API_PREFIX } from '../../../src/entry/api/openapi.js';
import { openTestCatalog, type TestCatalog } from '../../support/databases.js';
import { type IsolatedQueues, openIsolatedQueues } from '../../support/redis.js';

interface OpenApiOperation {
  parameters?: { in: string; name: string }[];
  requestBody?: unknown;
  responses?: Record<string, unknown>;
}

describe('the OpenAPI document', () => {
  let catalog: TestCatalog;
  let queues: IsolatedQueues;
  let api: ReturnType<typeof buildApi>;
  const routes: { method: string; url: string; hasParams: boolean; hasBody: boolean }[] = [];
  const hidden: string[] = [];

  beforeAll(async () => {
    catalog = await openTestCatalog('pglite');
    queues = await openIsolatedQueues();
    api = buildApi({
      settings: queues.settings,
      catalog: catalog.database,
      queues: queues.runtime,
    });
    api.addHook('onRoute', (route) => {
      if (!route.url.startsWith(`${API_PREFIX}/`) || route.url.startsWith(API_DOCS_PREFIX)) return;
      // Routes that mark themselves hidden are not heritage's API but a mounted tool's
      // (the queue board's page, assets and JSON); the document leaves them out.
      if ((route.schema as { hide?: boolean } | undefined)?.hide === true) {
        hidden.push(route.url);
        return;
      }
      for (const method of [route.method].flat()) {
        if (method === 'HEAD') continue;
        routes.push({
          method: method.toLowerCase(),
          url: route.url,
          hasParams: route.url.includes(':'),
          hasBody: route.schema?.body !== undefined,
        });
      }
    });
    await api.ready();
  });
  afterAll(async () => {
    await api?.close();
    await queues?.cleanup();
    await catalog?.dispose();
  });

  async function document() {
    const response = await api.inject({ url: `${API_DOCS_PREFIX}/json` });
    expect(response.statusCode).toBe(200);
    return response.json();
  }

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(await document());
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('holds every route, with its parameters, body and answers', async () => {
    const paths = (await document()).paths as Record<string, Record<string, OpenApiOperation>>;
    expect(routes.length).toBeGreaterThan(8);
    // Only the queue board hides its routes.
    expect(hidden.length).toBeGreaterThan(0);
    for (const url of hidden) expect(url).toMatch(/^\/api\/admin\/queues(\/|$)/);
    for (const url of hidden) expect(Object.keys(paths)).not.toContain(url);
    for (const route of routes) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      const operation = paths[path]?.[route.method];
      expect(operation, `${route.method} ${path}`).toBeDefined();
      if (!operation) continue;
      expect(Object.keys(operation.responses ?? {}), `${route.method} ${path}`).not.toEqual([]);
      if (route.hasParams)
        expect(
          operation.parameters?.filter((parameter) => parameter.in === 'path').length,
          `${route.method} ${path} path parameters`,
        ).toBeGreaterThan(0);
      if (route.hasBody) expect(operation.requestBody, `${route.method} ${path}`).toBeDefined();
    }
  });

  it('is browsable as a page', async () => {
    const response = await api.inject({ url: `${API_DOCS_PREFIX}/` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
  });
});
