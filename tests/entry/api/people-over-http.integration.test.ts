import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../../src/entry/api/build-api.js';
import { openServices, type Services } from '../../../src/entry/services.js';
import { saveItemRecord } from '../../../src/infra/catalog/item-rows.js';
import { grantsOfAccount } from '../../../src/infra/catalog/people-queries.js';
import type { AccessProtocol } from '../../../src/model/access.js';
import type { ItemRecord } from '../../../src/model/item-record.js';
import { type Person, publicPerson } from '../../../src/model/person.js';
import { giveGrant } from '../../../src/usecases/people/change-people.js';
import { listPeople } from '../../../src/usecases/people/list-people.js';
import { openTestArchive, type TestArchive } from '../../support/test-archive.js';

/**
 * Admins manage people, communities and grants over HTTP with the use cases of
 * `heritage users|communities|grants`: each change a version of the people object with
 * an event naming who and why, mirrored in the catalog that sign-in reads.
 */

const people: Record<string, Person> = {
  root: { kind: 'account', id: 'root', name: 'Root', grants: [{ role: 'admin' }] },
  mai: { kind: 'account', id: 'mai', name: 'Mai', grants: [{ role: 'member', community: 'khau' }] },
};

function record(id: string, accessProtocol: AccessProtocol): ItemRecord {
  return {
    schemaVersion: 1,
    item: {
      id,
      collection: 'na-rites',
      title: id,
      languages: [],
      contributors: [],
      accessProtocol,
      tkLabels: [],
      consent: { uses: ['archive', 'research'], withdrawn: false },
      files: [],
    },
    collection: {
      id: 'na-rites',
      title: 'Rites',
      community: 'na',
      languages: [],
      defaultAccess: 'community',
    },
    extra: {},
    assets: [],
    steps: [],
    quarantined: [],
  };
}

describe('people, communities and grants over HTTP', () => {
  let archive: TestArchive;
  let services: Services;
  let api: FastifyInstance;
  const as = (who: string) => ({ 'x-test-as': who });
  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, who: string, body?: object) =>
    api.inject({ method, url, headers: as(who), ...(body ? { payload: body } : {}) });

  beforeAll(async () => {
    archive = await openTestArchive('pglite');
    services = await openServices(archive.settings);
    await saveItemRecord(
      services.archive.catalog,
      record('rite-hidden', 'secret-sacred'),
      'v1',
      'ready',
    );
    await saveItemRecord(
      services.archive.catalog,
      record('rite-kept', 'restricted'),
      'v1',
      'ready',
    );
    api = buildApi({
      settings: archive.settings,
      catalog: services.archive.catalog,
      queues: services.queues,
      archive: services.archive,
      locks: services.locks,
      resolveCaller: async (request) =>
        people[String(request.headers['x-test-as'])] ?? publicPerson,
      webApp: false,
    });
  });

  afterAll(async () => {
    await api?.close();
    await services?.close();
    await archive?.cleanup();
  });

  it('adds a person and a community, gives and takes back a role, each with its reason', async () => {
    const added = await call('POST', '/api/people', 'root', {
      id: 'lan',
      name: 'Nông Thị Lan',
      language: 'vi',
      password: 'a long enough password',
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(
      (await call('POST', '/api/communities', 'root', { id: 'na', name: 'Nà Hang' })).statusCode,
    ).toBe(201);
    expect((await call('GET', '/api/communities', 'root')).json()).toEqual({
      communities: [{ id: 'na', name: 'Nà Hang' }],
    });

    const grant = { role: 'custodian', community: 'na' };
    const given = await call('POST', '/api/grants', 'root', {
      user: 'lan',
      grant,
      reason: 'chosen by the elders of Nà Hang',
    });
    expect(given.statusCode, given.body).toBe(200);
    // Stored: in the people object and in the catalog sign-in reads.
    expect(await grantsOfAccount(services.archive.catalog, 'lan')).toEqual([grant]);
    const listing = await listPeople(services.archive);
    expect(listing.events.at(-1)).toMatchObject({
      action: 'grant given',
      agent: 'root',
      subject: 'lan',
      grant,
      reason: 'chosen by the elders of Nà Hang',
    });
    const shown = (await call('GET', '/api/people', 'root')).json();
    expect(shown.people).toEqual([
      { id: 'lan', name: 'Nông Thị Lan', language: 'vi', disabled: false, grants: [grant] },
    ]);
    expect(shown.events[0]).toMatchObject({ action: 'grant given', agent: 'root' });
    expect(JSON.stringify(shown)).not.toContain('argon2');

    // A grant or its removal always says why.
    const noReason = await call('DELETE', '/api/grants', 'root', {
      user: 'lan',
      grant,
      reason: ' ',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().invalidParams?.[0]?.name).toBe('reason');
    const removed = await call('DELETE', '/api/grants', 'root', {
      user: 'lan',
      grant,
      reason: 'moved away',
    });
    expect(removed.statusCode, removed.body).toBe(200);
    expect(await grantsOfAccount(services.archive.catalog, 'lan')).toEqual([]);
    expect((await listPeople(services.archive)).events.at(-1)).toMatchObject({
      action: 'grant removed',
      reason: 'moved away',
    });
  });

  it('names what is wrong: a taken id, a weak password, a grant not held', async () => {
    const twice = await call('POST', '/api/people', 'root', {
      id: 'lan',
      name: 'Again',
      password: 'a long enough password',
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().detail).toContain('lan');
    const weak = await call('POST', '/api/people', 'root', {
      id: 'hoa',
      name: 'Hoa',
      password: 'x',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().detail).toContain('password');
    const notHeld = await call('DELETE', '/api/grants', 'root', {
      user: 'lan',
      grant: { role: 'admin' },
      reason: 'tidy up',
    });
    expect(notHeld.statusCode).toBe(400);
  });

  it('answers a grant on a secret/sacred item exactly as one on a missing item', async () => {
    const on = (item: string) =>
      call('POST', '/api/grants', 'root', {
        user: 'lan',
        grant: { role: 'researcher', scope: { kind: 'item', item } },
        reason: 'study',
      });
    const hidden = await on('rite-hidden');
    const missing = await on('rite-nowhere');
    expect(hidden.statusCode).toBe(400);
    expect(hidden.body.replaceAll('rite-hidden', 'X')).toBe(
      missing.body.replaceAll('rite-nowhere', 'X'),
    );
    expect((await on('rite-kept')).statusCode).toBe(200);
    // An unknown user, and taking back a grant, answer alike for the hidden and the missing item.
    const also = async (method: 'POST' | 'DELETE', user: string, item: string) =>
      (
        await call(method, '/api/grants', 'root', {
          user,
          grant: { role: 'researcher', scope: { kind: 'item', item } },
          reason: 'study',
        })
      ).body.replaceAll(item, 'X');
    expect(await also('POST', 'nobody', 'rite-hidden')).toBe(
      await also('POST', 'nobody', 'rite-nowhere'),
    );
    // A grant on the secret item, given from the command line: the admin neither sees it
    // nor learns that it is held by trying to take it back.
    await giveGrant(
      services.archive,
      services.locks,
      { agent: 'heritage-cli', reason: 'asked by the custodians' },
      'lan',
      { role: 'researcher', scope: { kind: 'item', item: 'rite-hidden' } },
    );
    expect(await also('DELETE', 'lan', 'rite-hidden')).toBe(
      await also('DELETE', 'lan', 'rite-nowhere'),
    );
    const listing = await call('GET', '/api/people', 'root');
    expect(listing.statusCode).toBe(200);
    expect(listing.body).not.toContain('rite-hidden');
    expect(listing.body).toContain('rite-kept');
  });

  it('is for admins only', async () => {
    for (const [method, url] of [
      ['GET', '/api/people'],
      ['GET', '/api/communities'],
      ['POST', '/api/people'],
      ['POST', '/api/grants'],
      ['DELETE', '/api/grants'],
    ] as const) {
      const body =
        method === 'GET'
          ? undefined
          : url === '/api/people'
            ? { id: 'x', name: 'X', password: 'a long enough password' }
            : { user: 'mai', grant: { role: 'admin' }, reason: 'because' };
      expect((await call(method, url, 'mai', body)).statusCode, `${method} ${url}`).toBe(403);
      expect((await call(method, url, 'nobody', body)).statusCode, `${method} ${url}`).toBe(401);
    }
    expect((await listPeople(services.archive)).accounts.map((account) => account.id)).toEqual([
      'lan',
    ]);
  });
});
