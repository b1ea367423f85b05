import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../../src/entry/api/build-api.js';
import { createAnnotation } from '../../../src/formats/index.js';
import { saveAnnotationRows } from '../../../src/infra/catalog/annotation-rows.js';
import type { Database } from '../../../src/infra/catalog/database.js';
import { saveCollection, saveItemRecord } from '../../../src/infra/catalog/item-rows.js';
import {
  type AccessProtocol,
  accessProtocols,
  type Consent,
  consentUses,
} from '../../../src/model/access.js';
import { type AccessFacts, decideAccess } from '../../../src/model/access-policy.js';
import type { ItemRecord } from '../../../src/model/item-record.js';
import { type Grant, type Person, publicPerson } from '../../../src/model/person.js';
import { databaseKinds, openTestCatalog, type TestCatalog } from '../../support/databases.js';
import { type IsolatedQueues, openIsolatedQueues } from '../../support/redis.js';

/**
 * The policy matrix, endpoint by endpoint: every role against items of every protocol
 * and consent, each read endpoint answering exactly what `decideAccess` allows, on
 * PGlite and PostgreSQL. The rule table itself is checked against the archive's
 * protocols, written out by hand, in tests/model/access-policy-table.test.ts.
 */

const COLLECTION = 'matrix-songs';
const COMMUNITY = 'matrix-village';
// Every item's title holds these words, so one search finds them all.
const COMMON = 'slương matrix';

const account = (id: string, grants: Grant[]): Person => ({
  kind: 'account',
  id,
  name: id,
  grants,
});
const roles: Person[] = [
  publicPerson,
  account('admin', [{ role: 'admin' }]),
  account('archivist', [{ role: 'archivist', collection: COLLECTION }]),
  account('other-archivist', [{ role: 'archivist', collection: 'other' }]),
  account('custodian', [{ role: 'custodian', community: COMMUNITY }]),
  account('other-custodian', [{ role: 'custodian', community: 'other' }]),
  account('member', [{ role: 'member', community: COMMUNITY }]),
  account('other-member', [{ role: 'member', community: 'other' }]),
  account('researcher', [
    { role: 'researcher', scope: { kind: 'collection', collection: COLLECTION } },
  ]),
  account('ungranted-researcher', [{ role: 'researcher', scope: { kind: 'item', item: 'none' } }]),
];
const roleName = (person: Person) => (person.kind === 'account' ? person.id : 'public');

/** Each protocol with consent withdrawn, given for every use, and given for one use only. */
const consents: { label: string; consent: Consent }[] = [
  { label: 'withdrawn', consent: { uses: [...consentUses], withdrawn: true } },
  { label: 'all', consent: { uses: [...consentUses], withdrawn: false } },
  ...consentUses.map((use) => ({ label: use, consent: { uses: [use], withdrawn: false } })),
];
const items = accessProtocols.flatMap((protocol: AccessProtocol) =>
  consents.map(({ label, consent }) => ({
    id: `${protocol}-${label}`,
    protocol,
    consent,
  })),
);
const factsOf = (item: (typeof items)[number]): AccessFacts => ({
  id: item.id,
  accessProtocol: item.protocol,
  consent: item.consent,
  collection: COLLECTION,
  community: COMMUNITY,
});

function record(item: (typeof items)[number]): ItemRecord {
  return {
    schemaVersion: 1,
    item: {
      id: item.id,
      collection: COLLECTION,
      title: `${COMMON} ${item.id}`,
      languages: ['tyz'],
      contributors: [],
      accessProtocol: item.protocol,
      tkLabels: [],
      consent: item.consent,
      files: [],
    },
    collection: collectionRecord,
    extra: {},
    assets: [],
    steps: [],
    quarantined: [],
  };
}
const collectionRecord: ItemRecord['collection'] = {
  id: COLLECTION,
  title: 'Matrix songs',
  community: COMMUNITY,
  languages: [],
  defaultAccess: 'community',
};

/** Counts the catalog statements each request runs, by their text. */
function countingCatalog(database: Database): { database: Database; statements: string[] } {
  const statements: string[] = [];
  const wrap = (inner: Database): Database => ({
    kind: inner.kind,
    query: (sql, params) => {
      statements.push(sql);
      return inner.query(sql, params);
    },
    exec: (sql) => inner.exec(sql),
    transaction: (work) => inner.transaction((tx) => work(wrap(tx))),
    close: () => inner.close(),
  });
  return { database: wrap(database), statements };
}

describe.each(databaseKinds)('the policy matrix, endpoint by endpoint, on %s', (kind) => {
  let catalog: TestCatalog;
  let queues: IsolatedQueues;
  let api: FastifyInstance;
  let counted: ReturnType<typeof countingCatalog>;

  beforeAll(async () => {
    catalog = await openTestCatalog(kind);
    queues = await openIsolatedQueues();
    await saveCollection(catalog.database, collectionRecord);
    for (const item of items) {
      await saveItemRecord(catalog.database, record(item), 'v1', 'ready');
      await saveAnnotationRows(catalog.database, item.id, [
        createAnnotation({
          anchor: { kind: 'item' },
          type: 'ritual',
          value: `${COMMON} note of ${item.id}`,
          terms: [],
          author: 'linguist',
        }),
      ]);
    }
    counted = countingCatalog(catalog.database);
    const byName = new Map(roles.map((person) => [roleName(person), person]));
    api = buildApi({
      // Thousands of requests from one address: the rate limit is not under test.
      settings: { ...queues.settings, api: { ...queues.settings.api, rateLimit: 1_000_000 } },
      catalog: counted.database,
      queues: queues.runtime,
      // Each request names its role; the policy, not the resolver, is under test here.
      resolveCaller: async (request) =>
        byName.get(String(request.headers['x-test-role'] ?? 'public')) ?? publicPerson,
    });
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await queues?.cleanup();
    await catalog?.dispose();
  });

  const ask = (person: Person, url: string) =>
    api.inject({ url, headers: { 'x-test-role': roleName(person) } });

  it.each(roles.map((person) => [roleName(person), person] as const))(
    'answers %s exactly what the policy lets them view',
    async (_name, person) => {
      const expected = items
        .filter((item) => decideAccess(person, factsOf(item), 'view').allowed)
        .map((item) => item.id)
        .sort();
      const listed = (await ask(person, '/api/items?limit=1000')).json() as {
        items: { id: string }[];
      };
      expect(listed.items.map((item) => item.id).sort()).toEqual(expected);
      const hits = (await ask(person, `/api/search?q=${encodeURIComponent(COMMON)}`)).json() as {
        hits: { itemId: string }[];
      };
      expect([...new Set(hits.hits.map((hit) => hit.itemId))].sort()).toEqual(expected);

      const missing = await ask(person, '/api/items/no-such-item');
      const missingNotes = await ask(person, '/api/items/no-such-item/annotations');
      for (const item of items) {
        const allowed = expected.includes(item.id);
        const page = await ask(person, `/api/items/${item.id}`);
        const notes = await ask(person, `/api/items/${item.id}/annotations`);
        expect(page.statusCode, item.id).toBe(allowed ? 200 : 404);
        expect(notes.statusCode, item.id).toBe(allowed ? 200 : 404);
        if (!allowed) {
          expect(page.body, item.id).toBe(missing.body);
          expect(notes.body, item.id).toBe(missingNotes.body);
        }
      }
    },
    120_000,
  );

  it('tells the public, a member of another community and a researcher without a grant nothing of a secret/sacred item: same answer and same catalog work as a missing id', async () => {
    const secret = 'secret-sacred-all';
    for (const person of roles.filter((role) =>
      ['public', 'other-member', 'ungranted-researcher'].includes(roleName(role)),
    )) {
      for (const path of ['', '/annotations']) {
        counted.statements.length = 0;
        const hidden = await ask(person, `/api/items/${secret}${path}`);
        const hiddenWork = [...counted.statements];
        counted.statements.length = 0;
        const missing = await ask(person, `/api/items/no-such-item${path}`);
        const missingWork = [...counted.statements];
        expect(hidden.statusCode).toBe(404);
        expect(hidden.statusCode).toBe(missing.statusCode);
        expect(hidden.body).toBe(missing.body);
        expect(hidden.headers['content-length']).toBe(missing.headers['content-length']);
        // The same statements, so the same time class: one lookup, then the answer.
        expect(hiddenWork).toEqual(missingWork);
        expect(hiddenWork).toHaveLength(1);
      }
      const listed = await ask(person, '/api/items?limit=1000');
      expect(listed.body).not.toContain(secret);
      const found = await ask(person, `/api/search?q=${encodeURIComponent(secret)}`);
      expect(found.json()).toEqual({ hits: [] });
    }
  });
});
