import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../../src/entry/api/build-api.js';
import { apiTokenHolder, resolveCaller } from '../../../src/entry/api/resolve-caller.js';
import { createAnnotation } from '../../../src/formats/index.js';
import { saveAnnotationRows } from '../../../src/infra/catalog/annotation-rows.js';
import { saveItemRecord } from '../../../src/infra/catalog/item-rows.js';
import type { AccessProtocol, Consent } from '../../../src/model/access.js';
import { type AccessFacts, decideAccess } from '../../../src/model/access-policy.js';
import type { ItemRecord } from '../../../src/model/item-record.js';
import { type Person, publicPerson } from '../../../src/model/person.js';
import { openTestCatalog, type TestCatalog } from '../../support/databases.js';
import { type IsolatedQueues, openIsolatedQueues } from '../../support/redis.js';

/**
 * Each read endpoint, asked by the public, the admin token and a custodian of the
 * community, answers what `decideAccess(who, item, 'view')` allows and nothing more:
 * no secret/sacred id, title, file name or annotation in any body, error bodies and
 * list lengths included.
 */

const token = 'archivist-token-0123456789';
const COMMUNITY = 'khau-village';
const everything: Consent = {
  uses: ['archive', 'community-access', 'public-access', 'research', 'ml-training'],
  withdrawn: false,
};
// Words every item's title holds, so one search finds them all.
const COMMON = 'lượn slương';
const secret = {
  id: 'rite-q7z',
  title: 'Xqwv kept rite',
  file: 'originals/zzsecretfile-q7z.flac',
  annotation: 'Vvkept offering words',
};

function record(id: string, accessProtocol: AccessProtocol, title = `${COMMON} ${id}`): ItemRecord {
  const file = id === secret.id ? secret.file : `originals/${id}.flac`;
  return {
    schemaVersion: 1,
    item: {
      id,
      collection: 'khau-songs',
      title,
      languages: ['tyz'],
      contributors: [],
      accessProtocol,
      tkLabels: [],
      consent: everything,
      files: [],
    },
    collection: {
      id: 'khau-songs',
      title: 'Khau songs',
      community: COMMUNITY,
      languages: [],
      defaultAccess: 'community',
    },
    extra: {},
    assets: [
      {
        path: file,
        role: 'recording',
        mediaType: 'audio/flac',
        format: 'flac',
        sha256: 'a'.repeat(64),
        size: 10,
        technical: {},
      },
    ],
    steps: [],
    quarantined: [],
  };
}

const records = [
  record('open-song', 'open'),
  record('village-song', 'community'),
  record('kept-song', 'restricted'),
  record(secret.id, 'secret-sacred', `${COMMON} ${secret.title}`),
];
const facts = (item: ItemRecord): AccessFacts => ({
  id: item.item.id,
  accessProtocol: item.item.accessProtocol,
  consent: item.item.consent,
  collection: item.item.collection,
  community: COMMUNITY,
});

const custodian: Person = {
  kind: 'account',
  id: 'elder',
  name: 'Elder',
  grants: [{ role: 'custodian', community: COMMUNITY }],
};

const callers: { name: string; person: Person; headers: Record<string, string> }[] = [
  { name: 'the public', person: publicPerson, headers: {} },
  {
    name: 'the admin token',
    person: apiTokenHolder,
    headers: { authorization: `Bearer ${token}` },
  },
  { name: 'a custodian', person: custodian, headers: { authorization: 'Custodian elder' } },
];

describe('the HTTP API asks the access policy with the caller', () => {
  let catalog: TestCatalog;
  let queues: IsolatedQueues;
  let api: FastifyInstance;

  beforeAll(async () => {
    catalog = await openTestCatalog('pglite');
    queues = await openIsolatedQueues();
    for (const item of records) await saveItemRecord(catalog.database, item, 'v1', 'ready');
    for (const item of records) {
      const value = item.item.id === secret.id ? secret.annotation : `${COMMON} note`;
      await saveAnnotationRows(catalog.database, item.item.id, [
        createAnnotation({
          anchor: { kind: 'time', asset: item.assets[0]?.path ?? '', startMs: 0, endMs: 5_000 },
          type: 'ritual',
          value,
          terms: [],
          author: 'linguist',
        }),
      ]);
    }
    api = buildApi({
      settings: { ...queues.settings, api: { ...queues.settings.api, token } },
      catalog: catalog.database,
      queues: queues.runtime,
      // Stands in for sign-in sessions: one more way to resolve a caller.
      resolveCaller: async (request) =>
        request.headers.authorization === 'Custodian elder'
          ? custodian
          : resolveCaller(request, { adminToken: token }),
    });
  });

  afterAll(async () => {
    await api.close();
    await queues.cleanup();
    await catalog.dispose();
  });

  describe.each(callers)('for $name', ({ person, headers }) => {
    const visible = records
      .filter((item) => decideAccess(person, facts(item), 'view').allowed)
      .map((item) => item.item.id)
      .sort();
    const seesSecret = visible.includes(secret.id);
    const bodies: string[] = [];
    const get = async (url: string) => {
      const response = await api.inject({ url, headers });
      bodies.push(response.body);
      return response;
    };

    it('lists exactly the items the policy lets it view', async () => {
      for (const url of [
        '/api/items',
        '/api/items?collection=khau-songs',
        '/api/items?status=ready',
      ]) {
        const ids = (await get(url)).json().items.map((item: { id: string }) => item.id);
        expect(ids, url).toEqual(visible);
      }
    });

    it('serves the page, files and annotations of a visible item, and 404 for the others as for an unknown id', async () => {
      const unknown = await get('/api/items/no-such-item');
      const unknownAnnotations = await get('/api/items/no-such-item/annotations');
      expect(unknown.statusCode).toBe(404);
      for (const { item, assets } of records) {
        const page = await get(`/api/items/${item.id}`);
        const annotations = await get(`/api/items/${item.id}/annotations`);
        if (visible.includes(item.id)) {
          expect(page.statusCode).toBe(200);
          expect(page.json().assets.map((asset: { path: string }) => asset.path)).toEqual(
            assets.map((asset) => asset.path),
          );
          expect(annotations.json().annotations).toHaveLength(1);
        } else {
          expect(page.body, item.id).toBe(unknown.body);
          expect(annotations.body, item.id).toBe(unknownAnnotations.body);
        }
      }
    });

    it('finds only what it may view', async () => {
      const hitsOf = async (q: string) =>
        (await get(`/api/search?q=${encodeURIComponent(q)}`))
          .json()
          .hits.map((hit: { itemId: string }) => hit.itemId);
      const common = await hitsOf(COMMON);
      expect([...new Set(common)].sort()).toEqual(visible);
      expect(common.filter((id: string) => id === secret.id)).toHaveLength(seesSecret ? 1 : 0);
      for (const word of ['Xqwv', 'zzsecretfile', 'Vvkept', secret.id])
        expect(await hitsOf(word), word).toEqual(
          seesSecret && word !== 'zzsecretfile' ? [secret.id] : [],
        );
    });

    it('says nothing of secret/sacred material it may not view, in any answer', () => {
      expect(bodies.length).toBeGreaterThan(10);
      if (seesSecret) return;
      for (const body of bodies)
        for (const fact of [secret.id, secret.title, 'Xqwv', 'zzsecretfile', 'Vvkept', 'sacred'])
          expect(body).not.toContain(fact);
    });
  });

  it('lets the custodian alone see the secret/sacred item, and never the admin token', () => {
    const secretFacts = facts(records[3] as ItemRecord);
    expect(decideAccess(custodian, secretFacts, 'view').allowed).toBe(true);
    expect(decideAccess(apiTokenHolder, secretFacts, 'view').allowed).toBe(false);
    expect(decideAccess(publicPerson, secretFacts, 'view').allowed).toBe(false);
  });
});
