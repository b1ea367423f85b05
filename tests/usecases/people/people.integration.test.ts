import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServices, type Services } from '../../../src/entry/services.js';
import type { Database } from '../../../src/infra/catalog/database.js';
import { saveCollection } from '../../../src/infra/catalog/item-rows.js';
import { parsePeopleEvents } from '../../../src/model/people-event.js';
import {
  addPeopleCommunity,
  addUser,
  changePassword,
  disableUser,
  giveGrant,
  withdrawGrant,
} from '../../../src/usecases/people/change-people.js';
import { loadPerson, verifyPassword } from '../../../src/usecases/people/load-person.js';
import { PEOPLE_OBJECT_ID, readPeopleObject } from '../../../src/usecases/people/people-object.js';
import { reindexCatalog } from '../../../src/usecases/reindex/reindex.js';
import { databaseKinds } from '../../support/databases.js';
import { openTestArchive, type TestArchive } from '../../support/test-archive.js';

const admin = { agent: 'local-admin', reason: 'setting up the archive' };
const lanPassword = 'sáo trúc trên đồi';

/** Every people table, in a stable order, as `reindex` must give it back. */
async function peopleTables(db: Database): Promise<Record<string, unknown[]>> {
  return {
    accounts: await db.query('SELECT * FROM accounts ORDER BY id'),
    communities: await db.query('SELECT * FROM communities ORDER BY id'),
    grants: await db.query('SELECT * FROM account_grants ORDER BY account_id, position'),
    events: await db.query('SELECT * FROM people_events ORDER BY occurred_at, id'),
  };
}

describe.each(databaseKinds)('people and roles on %s', (kind) => {
  let test: TestArchive;
  let services: Services;

  beforeAll(async () => {
    test = await openTestArchive(kind);
    services = await openServices(test.settings);
    await saveCollection(services.archive.catalog, {
      id: 'songs',
      title: 'Songs',
      community: 'hmong-village',
      languages: ['hmn'],
      defaultAccess: 'community',
    });
  });
  afterAll(async () => {
    await services?.close();
    await test?.cleanup();
  });

  it('records each change as a version of the people object, with its event', async () => {
    const { archive, locks } = services;
    expect(
      await addUser(archive, locks, admin, {
        id: 'lan',
        name: 'Lan',
        language: 'vi',
        password: lanPassword,
      }),
    ).toBe('v1');
    await addUser(archive, locks, admin, {
      id: 'minh',
      name: 'Minh',
      language: 'en',
      password: 'another long passphrase',
    });
    await addPeopleCommunity(archive, locks, admin, { id: 'hmong-village', name: 'Hmong village' });
    await giveGrant(archive, locks, { ...admin, reason: 'curates songs' }, 'lan', {
      role: 'archivist',
      collection: 'songs',
    });
    await giveGrant(archive, locks, { ...admin, reason: 'elder' }, 'lan', {
      role: 'custodian',
      community: 'hmong-village',
    });
    await giveGrant(archive, locks, { ...admin, reason: 'visiting' }, 'minh', {
      role: 'member',
      community: 'hmong-village',
    });
    await withdrawGrant(archive, locks, { ...admin, reason: 'visit over' }, 'minh', {
      role: 'member',
      community: 'hmong-village',
    });
    await changePassword(archive, locks, admin, 'minh', 'a newer long passphrase');
    expect(await disableUser(archive, locks, { ...admin, reason: 'left' }, 'minh')).toBe('v9');

    const head = await readPeopleObject(archive);
    expect(head.version).toBe('v9');
    expect((await archive.objects.getInventory(PEOPLE_OBJECT_ID)).head).toBe('v9');
    expect(parsePeopleEvents(head.eventsJsonl).map((e) => [e.action, e.subject, e.agent])).toEqual([
      ['user added', 'lan', 'local-admin'],
      ['user added', 'minh', 'local-admin'],
      ['community added', 'hmong-village', 'local-admin'],
      ['grant given', 'lan', 'local-admin'],
      ['grant given', 'lan', 'local-admin'],
      ['grant given', 'minh', 'local-admin'],
      ['grant removed', 'minh', 'local-admin'],
      ['password changed', 'minh', 'local-admin'],
      ['user disabled', 'minh', 'local-admin'],
    ]);
    expect(head.eventsJsonl).not.toContain('$argon2');
    expect(head.eventsJsonl).not.toContain(lanPassword);
    expect(head.register.accounts[0]?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('refuses what breaks a rule, naming the value, and writes nothing', async () => {
    const { archive, locks } = services;
    const refusals = [
      giveGrant(archive, locks, admin, 'nobody', { role: 'admin' }),
      giveGrant(archive, locks, admin, 'lan', { role: 'archivist', collection: 'tales' }),
      giveGrant(archive, locks, admin, 'lan', { role: 'member', community: 'tay' }),
      giveGrant(archive, locks, admin, 'lan', {
        role: 'researcher',
        scope: { kind: 'item', item: 'song-9' },
      }),
      addUser(archive, locks, admin, { id: 'kim', name: 'Kim', language: 'vi', password: 'short' }),
    ];
    const messages = (await Promise.allSettled(refusals)).map((settled) =>
      settled.status === 'rejected' ? (settled.reason as Error).message : 'accepted',
    );
    expect(messages).toEqual([
      'user "nobody": no such user',
      'collection "tales": no such collection',
      'community "tay": no such community',
      'item "song-9": no such item',
      'password: a password needs at least 12 characters (got 5)',
    ]);
    expect((await readPeopleObject(archive)).version).toBe('v9');
  });

  it('signs in with the right password only, and never a disabled account', async () => {
    const catalog = services.archive.catalog;
    expect(await verifyPassword(catalog, 'lan', lanPassword)).toEqual({
      kind: 'account',
      id: 'lan',
      name: 'Lan',
      grants: [
        { role: 'archivist', collection: 'songs' },
        { role: 'custodian', community: 'hmong-village' },
      ],
    });
    expect(await verifyPassword(catalog, 'lan', 'not the password at all')).toBeUndefined();
    expect(await verifyPassword(catalog, 'nobody', lanPassword)).toBeUndefined();
    expect(await verifyPassword(catalog, 'minh', 'a newer long passphrase')).toBeUndefined();
    expect(await loadPerson(catalog, 'minh')).toBeUndefined();
    expect(await loadPerson(catalog, 'nobody')).toBeUndefined();
    expect((await loadPerson(catalog, 'lan'))?.kind).toBe('account');
  });

  it('reindex rebuilds the same people tables from the object', async () => {
    const catalog = services.archive.catalog;
    const before = await peopleTables(catalog);
    expect(before.accounts).toHaveLength(2);
    expect(before.events).toHaveLength(9);
    const report = await reindexCatalog(services.archive);
    expect(report).toMatchObject({ people: 1, skipped: [] });
    expect(await peopleTables(catalog)).toEqual(before);
  });
});
