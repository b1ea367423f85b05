import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../../src/entry/api/build-api.js';
import { apiTokenHolder } from '../../../src/entry/api/resolve-caller.js';
import { saveItemRecord } from '../../../src/infra/catalog/item-rows.js';
import type { AccessProtocol } from '../../../src/model/access.js';
import type { ItemRecord } from '../../../src/model/item-record.js';
import { type Person, publicPerson } from '../../../src/model/person.js';
import { openTestCatalog, type TestCatalog } from '../../support/databases.js';
import { type IsolatedQueues, openIsolatedQueues } from '../../support/redis.js';

/** Reads of non-open items are recorded; admins see them all, custodians their community's. */

function record(id: string, community: string, accessProtocol: AccessProtocol): ItemRecord {
  return {
    schemaVersion: 1,
    item: {
      id,
      collection: `${community}-songs`,
      title: id,
      languages: [],
      contributors: [],
      accessProtocol,
      tkLabels: [],
      consent: {
        uses: ['archive', 'community-access', 'public-access', 'research'],
        withdrawn: false,
      },
      files: [],
    },
    collection: {
      id: `${community}-songs`,
      title: 'Songs',
      community,
      languages: [],
      defaultAccess: 'community',
    },
    extra: {},
    assets: [],
    steps: [],
    quarantined: [],
  };
}

const people: Record<string, Person> = {
  admin: apiTokenHolder,
  khau: {
    kind: 'account',
    id: 'khau-elder',
    name: 'K',
    grants: [{ role: 'custodian', community: 'khau' }],
  },
  na: {
    kind: 'account',
    id: 'na-elder',
    name: 'N',
    grants: [{ role: 'custodian', community: 'na' }],
  },
  member: {
    kind: 'account',
    id: 'lan',
    name: 'L',
    grants: [{ role: 'member', community: 'khau' }],
  },
};

describe('access events', () => {
  let catalog: TestCatalog;
  let queues: IsolatedQueues;
  let api: FastifyInstance;
  const as = (who: string) => ({ 'x-test-as': who });

  beforeAll(async () => {
    catalog = await openTestCatalog('pglite');
    queues = await openIsolatedQueues();
    for (const item of [
      record('khau-open', 'khau', 'open'),
      record('khau-village', 'khau', 'community'),
      record('na-village', 'na', 'community'),
      record('na-secret', 'na', 'secret-sacred'),
    ])
      await saveItemRecord(catalog.database, item, 'v1', 'ready');
    api = buildApi({
      settings: queues.settings,
      catalog: catalog.database,
      queues: queues.runtime,
      resolveCaller: async (request) =>
        people[String(request.headers['x-test-as'])] ?? publicPerson,
    });
  });

  afterAll(async () => {
    await api.close();
    await queues.cleanup();
    await catalog.dispose();
  });

  it('records reads of non-open items and shows them to admins and to custodians of the community', async () => {
    expect(
      (await api.inject({ url: '/api/items/khau-open', headers: as('member') })).statusCode,
    ).toBe(200);
    expect(
      (await api.inject({ url: '/api/items/khau-village', headers: as('member') })).statusCode,
    ).toBe(200);
    expect(
      (await api.inject({ url: '/api/items/khau-village/annotations', headers: as('khau') }))
        .statusCode,
    ).toBe(200);
    expect((await api.inject({ url: '/api/items/na-village', headers: as('na') })).statusCode).toBe(
      200,
    );

    expect((await api.inject({ url: '/api/items/na-secret', headers: as('na') })).statusCode).toBe(
      200,
    );

    const seen = async (who: string) =>
      (await api.inject({ url: '/api/access-events', headers: as(who) }))
        .json()
        .events.map((event: { who: string; itemId: string; what: string }) =>
          [event.who, event.itemId, event.what].join(' '),
        )
        .sort();
    expect(await seen('admin')).toEqual([
      'khau-elder khau-village annotations',
      'lan khau-village item',
      'na-elder na-village item',
    ]);
    expect(await seen('khau')).toEqual([
      'khau-elder khau-village annotations',
      'lan khau-village item',
    ]);
    // A read of secret/sacred material is shown to its custodians only, not to admins.
    expect(await seen('na')).toEqual(['na-elder na-secret item', 'na-elder na-village item']);
    expect(
      (await api.inject({ url: '/api/access-events', headers: as('member') })).statusCode,
    ).toBe(403);
    expect((await api.inject({ url: '/api/access-events' })).statusCode).toBe(401);

    // The newest read is of the secret item: a page of one still holds one event, so the
    // size of a page cannot count the reads an admin may not see.
    const newest = await api.inject({ url: '/api/access-events?limit=1', headers: as('admin') });
    expect(newest.json().events.map((event: { itemId: string }) => event.itemId)).toEqual([
      'na-village',
    ]);
  });
});
