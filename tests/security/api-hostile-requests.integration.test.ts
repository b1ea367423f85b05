import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/entry/api/build-api.js';
import type { Database } from '../../src/infra/catalog/database.js';
import { saveEvents, saveItemRecord } from '../../src/infra/catalog/item-rows.js';
import type { Consent } from '../../src/model/access.js';
import { newEvent } from '../../src/model/event-log.js';
import type { ItemRecord } from '../../src/model/item-record.js';
import { databaseKinds, openTestCatalog, type TestCatalog } from '../support/databases.js';
import { type IsolatedQueues, openIsolatedQueues } from '../support/redis.js';

const token = 'archivist-token-0123456789';
const archivist = { authorization: `Bearer ${token}` };
const publicUses: Consent['uses'] = ['archive', 'public-access'];

function record(id: string, fields: Partial<ItemRecord['item']> = {}): ItemRecord {
  return {
    schemaVersion: 1,
    item: {
      id,
      collection: 'songs',
      title: `Then song ${id}`,
      languages: ['tyz'],
      contributors: [],
      accessProtocol: 'open',
      tkLabels: [],
      consent: { uses: publicUses, withdrawn: false },
      files: [`/home/depositor/tapes/${id}.wav`],
      ...fields,
    },
    collection: { id: 'songs', title: 'Songs', languages: [], defaultAccess: 'community' },
    extra: { phone: '+84 912 345 678' },
    assets: [],
    steps: [
      {
        step: 'normalise-audio',
        asset: `originals/${id}.wav`,
        status: 'failed',
        detail: 'ffmpeg could not read /var/lib/heritage/work/job-17/input.wav',
      },
    ],
    quarantined: [],
  };
}

/** The catalog, counting the statements run through it. */
function countingCatalog(database: Database): Database & { statements: number } {
  const counting = {
    statements: 0,
    kind: database.kind,
    query: <Row>(sql: string, params?: unknown[]) => {
      counting.statements += 1;
      return database.query<Row>(sql, params);
    },
    exec: (sql: string) => database.exec(sql),
    transaction: <T>(work: (tx: Database) => Promise<T>) => database.transaction(work),
    close: () => database.close(),
  };
  return counting;
}

function expectProblem(response: Awaited<ReturnType<FastifyInstance['inject']>>, status: number) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.json();
  expect(body).toMatchObject({ type: expect.any(String), title: expect.any(String), status });
  expect(body.detail).toEqual(expect.any(String));
  return body as { detail: string; invalidParams?: { name: string; reason: string }[] };
}

describe.each(databaseKinds)('the HTTP API under hostile requests (%s)', (kind) => {
  let catalog: TestCatalog;
  let counted: ReturnType<typeof countingCatalog>;
  let queues: IsolatedQueues;
  let api: FastifyInstance;
  const serverErrors: unknown[] = [];

  beforeAll(async () => {
    catalog = await openTestCatalog(kind);
    queues = await openIsolatedQueues();
    const singer = { name: 'Hoàng Thị Mai', role: 'singer' as const };
    for (const item of [
      record('unnamed-song', {
        contributors: [singer],
        consent: {
          consentedBy: 'Hoàng Văn Bình',
          uses: publicUses,
          date: '2024-03-02',
          withdrawn: false,
        },
      }),
      record('named-song', {
        contributors: [{ name: 'Nông Văn Lý', role: 'ritual_master' }],
        consent: { uses: [...publicUses, 'name-attribution'], withdrawn: false },
      }),
      record('sacred', { accessProtocol: 'secret-sacred' }),
    ]) {
      await saveItemRecord(catalog.database, item, 'v1', 'ready', 'failed at /var/lib/heritage');
    }
    await saveEvents(catalog.database, 'unnamed-song', [
      newEvent({
        type: 'export',
        agent: 'heritage 0.1.0',
        outcome: 'success',
        detail: 'included in dataset export e1 at /srv/datasets/private/e1: 3 utterance(s)',
        data: { location: '/srv/datasets/private/e1' },
      }),
    ]);
    counted = countingCatalog(catalog.database);
    api = buildApi({
      settings: { ...queues.settings, api: { ...queues.settings.api, token } },
      catalog: counted,
      queues: queues.runtime,
      onServerError: (error) => serverErrors.push(error),
    });
  });

  afterAll(async () => {
    await api?.close();
    await queues?.cleanup();
    await catalog?.dispose();
  });

  it('answers an id with a NUL byte with 400 naming the id, and no database text', async () => {
    const response = await api.inject({ url: '/api/items/x%00' });
    const body = expectProblem(response, 400);
    expect(body.invalidParams?.map((param) => param.name)).toEqual(['id']);
    expect(response.body).not.toMatch(/byte sequence|0x00|postgres|syntax|at \//i);
    expectProblem(await api.inject({ url: '/api/items/..%2Fetc/annotations' }), 400);
    expectProblem(await api.inject({ url: `/api/items/${'a'.repeat(200)}` }), 400);
  });

  it('answers a time range that is not a number with 400 naming the parameter', async () => {
    const response = await api.inject({ url: '/api/items/named-song/annotations?from=abc' });
    const body = expectProblem(response, 400);
    expect(body.invalidParams?.map((param) => param.name)).toEqual(['from']);
    expect(body.detail).toContain('from');
    expect(response.body).not.toMatch(/NaN|integer/);
    const huge = await api.inject({
      url: `/api/items/named-song/annotations?to=${'9'.repeat(400)}`,
    });
    expect(expectProblem(huge, 400).invalidParams?.[0]?.name).toBe('to');
  });

  it('answers a search word given twice with 400 naming q', async () => {
    const response = await api.inject({ url: '/api/search?q=a&q=b' });
    const body = expectProblem(response, 400);
    expect(body.invalidParams?.map((param) => param.name)).toEqual(['q']);
    expect(response.body).not.toContain('trim');
    expectProblem(await api.inject({ url: '/api/search' }), 400);
  });

  it('refuses a token of the right length with a non-ASCII byte with 401, not 500', async () => {
    const forged = `é${token.slice(1)}`;
    expect(forged).toHaveLength(token.length);
    const response = await api.inject({
      url: '/api/items',
      headers: { authorization: `Bearer ${forged}` },
    });
    expectProblem(response, 401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('refuses a wrong token with 401 instead of serving the public view', async () => {
    for (const wrong of ['x', `${token}x`, token.toUpperCase()]) {
      const response = await api.inject({
        url: '/api/items',
        headers: { authorization: `Bearer ${wrong}` },
      });
      expectProblem(response, 401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    }
  });

  it('requires the Bearer prefix before the token', async () => {
    for (const authorization of [token, `Token ${token}`, `Bearer${token}`, '']) {
      const response = await api.inject({ url: '/api/items', headers: { authorization } });
      expectProblem(response, 401);
    }
    // The admin token sees every item but the secret/sacred one.
    expect((await api.inject({ url: '/api/items', headers: archivist })).json().items).toHaveLength(
      2,
    );
  });

  it('answers a hidden id exactly as a missing one, after the same catalog queries', async () => {
    counted.statements = 0;
    const hidden = await api.inject({ url: '/api/items/sacred' });
    const hiddenStatements = counted.statements;
    counted.statements = 0;
    const missing = await api.inject({ url: '/api/items/no-such-item' });
    const missingStatements = counted.statements;
    expect(hiddenStatements).toBe(missingStatements);
    expect(hidden.statusCode).toBe(missing.statusCode);
    expect(hidden.body).toBe(missing.body);
    expectProblem(hidden, 404);
    const hiddenAnnotations = await api.inject({ url: '/api/items/sacred/annotations' });
    const missingAnnotations = await api.inject({ url: '/api/items/no-such-item/annotations' });
    expect(hiddenAnnotations.statusCode).toBe(404);
    expect(hiddenAnnotations.body).toBe(missingAnnotations.body);
  });

  it('shows no contributor name and no consent details of an item without name-attribution', async () => {
    const response = await api.inject({ url: '/api/items/unnamed-song' });
    expect(response.statusCode).toBe(200);
    const item = response.json();
    expect(item.metadata.contributors).toEqual([{ role: 'singer' }]);
    expect(response.body).not.toContain('Mai');
    expect(response.body).not.toContain('Bình');
    expect(response.body).not.toContain('2024-03-02');
    expect(response.body).not.toMatch(/consent|public-access/);
    const named = (await api.inject({ url: '/api/items/named-song' })).json();
    expect(named.metadata.contributors).toEqual([{ name: 'Nông Văn Lý', role: 'ritual_master' }]);
    const forArchivist = (
      await api.inject({ url: '/api/items/unnamed-song', headers: archivist })
    ).json();
    expect(forArchivist.metadata.consent.consentedBy).toBe('Hoàng Văn Bình');
  });

  it('finds no item by a contributor name the public may not read', async () => {
    const search = (q: string, headers = {}) =>
      api
        .inject({ url: `/api/search?q=${encodeURIComponent(q)}`, headers })
        .then((response) => response.json().hits.map((hit: { itemId: string }) => hit.itemId));
    expect(await search('hoang thi mai')).toEqual([]);
    expect(await search('Bình')).toEqual([]);
    expect(await search('912 345')).toEqual([]);
    expect(await search('nong van ly')).toEqual(['named-song']);
    expect(await search('then song unnamed')).toEqual(['unnamed-song']);
    expect(await search('hoang thi mai', archivist)).toEqual(['unnamed-song']);
  });

  it('shows the public no paths, export targets or error text in events, steps or status', async () => {
    const response = await api.inject({ url: '/api/items/unnamed-song' });
    const item = response.json();
    expect(item.events.map((event: { type: string }) => event.type)).toContain('export');
    expect(response.body).not.toMatch(/\/srv|\/var|\/home|ffmpeg|phone|statusDetail/);
    const list = await api.inject({ url: '/api/items' });
    expect(list.body).not.toMatch(/\/var|statusDetail/);
    const forArchivist = await api.inject({ url: '/api/items/unnamed-song', headers: archivist });
    expect(forArchivist.body).toContain('/srv/datasets/private/e1');
  });

  it('sends security headers', async () => {
    const response = await api.inject({ url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toBeDefined();
    expect(response.headers['strict-transport-security']).toBeDefined();
    expect(response.headers['x-frame-options']).toBeDefined();
  });

  it('answers an error inside the server with a bare 500 and keeps the error for the log', async () => {
    const failing = buildApi({
      settings: { ...queues.settings, api: { ...queues.settings.api, token } },
      catalog: {
        ...catalog.database,
        kind,
        query: async () => {
          throw new Error('could not open /var/lib/postgresql/16/main/base: permission denied');
        },
      } as Database,
      queues: queues.runtime,
      onServerError: (error) => serverErrors.push(error),
    });
    try {
      const response = await failing.inject({ url: '/api/search?q=then' });
      const body = expectProblem(response, 500);
      expect(response.body).not.toMatch(/\/var|permission|postgres|at /);
      expect(body.detail).not.toContain('Error');
      expect(String(serverErrors.at(-1))).toContain('permission denied');
    } finally {
      await failing.close();
    }
  });

  it('answers 429 once a client passes the rate limit, and keeps /health open', async () => {
    const limited = buildApi({
      settings: {
        ...queues.settings,
        api: { ...queues.settings.api, token, rateLimit: 3, rateLimitWindowSeconds: 60 },
      },
      catalog: catalog.database,
      queues: queues.runtime,
    });
    try {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 5; attempt += 1)
        statuses.push(
          (await limited.inject({ url: '/api/items', headers: { authorization: 'Bearer wrong' } }))
            .statusCode,
        );
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const refused = await limited.inject({ url: '/api/items/named-song' });
      expectProblem(refused, 429);
      expect(refused.headers['retry-after']).toBeDefined();
      expect((await limited.inject({ url: '/api/health' })).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
