import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../../src/entry/api/build-api.js';
import { openServices, type Services } from '../../../src/entry/services.js';
import { saveItemRecord } from '../../../src/infra/catalog/item-rows.js';
import type { ItemRecord } from '../../../src/model/item-record.js';
import { openTestArchive, type TestArchive } from '../../support/test-archive.js';

/**
 * `POST /jobs/retry` is `heritage retry` for admins; an item an admin may not see
 * (another community's secret/sacred one) is neither retried by name nor named back:
 * it answers as an unknown id does.
 */

const token = 'retry-admin-token-0123456789';

function record(id: string, accessProtocol: ItemRecord['item']['accessProtocol']): ItemRecord {
  return {
    schemaVersion: 1,
    item: {
      id,
      collection: 'rites',
      title: `Rite ${id}`,
      languages: [],
      contributors: [],
      accessProtocol,
      tkLabels: [],
      consent: { uses: ['archive'], withdrawn: false },
      files: [],
    },
    collection: {
      id: 'rites',
      title: 'Rites',
      community: 'village',
      languages: [],
      defaultAccess: 'community',
    },
    extra: {},
    assets: [],
    steps: [],
    quarantined: [],
  };
}

describe('retries over HTTP', () => {
  let archive: TestArchive;
  let services: Services;
  let api: FastifyInstance;
  const admin = { authorization: `Bearer ${token}` };

  beforeAll(async () => {
    archive = await openTestArchive('postgres');
    services = await openServices(archive.settings, { workers: false });
    await saveItemRecord(
      services.archive.catalog,
      record('kept-rite', 'secret-sacred'),
      'v1',
      'failed',
    );
    await saveItemRecord(services.archive.catalog, record('open-song', 'open'), 'v1', 'failed');
    api = buildApi({
      settings: { ...archive.settings, api: { ...archive.settings.api, token } },
      catalog: services.archive.catalog,
      queues: services.queues,
      archive: services.archive,
      locks: services.locks,
    });
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await services?.close();
    await archive?.cleanup();
  });

  const retry = (body: unknown, headers: Record<string, string> = admin) =>
    api.inject({ method: 'POST', url: '/api/jobs/retry', payload: body as object, headers });

  it('answers a hidden item named as it answers an unknown one, and never names it back', async () => {
    const hidden = (await retry({ items: ['kept-rite'] })).json();
    const unknown = (await retry({ items: ['no-such-rite'] })).json();
    expect(hidden.outcomes).toEqual([
      { itemId: 'kept-rite', action: 'skipped', steps: 0, detail: 'no such item in the catalog' },
    ]);
    expect(JSON.stringify(hidden).replace('kept-rite', 'no-such-rite')).toBe(
      JSON.stringify(unknown),
    );
    const failed = await retry({ failed: true });
    expect(failed.statusCode).toBe(200);
    expect(failed.body).not.toContain('kept-rite');
    expect(failed.json().outcomes.map((outcome: { itemId: string }) => outcome.itemId)).toEqual([
      'open-song',
    ]);
  });

  it('is for admins, and names what to retry', async () => {
    expect((await retry({ failed: true }, {})).statusCode).toBe(401);
    const empty = await retry({});
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('name the items to retry');
  });
});
