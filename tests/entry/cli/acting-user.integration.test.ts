import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../src/entry/cli/program.js';
import { openServices } from '../../../src/entry/services.js';
import { listAccessEvents } from '../../../src/infra/catalog/access-event-rows.js';
import { saveCollection, saveItemRecord } from '../../../src/infra/catalog/item-rows.js';
import type { Settings } from '../../../src/infra/config/settings-schema.js';
import type { AccessProtocol, Consent } from '../../../src/model/access.js';
import { type AccessFacts, decideAccess } from '../../../src/model/access-policy.js';
import { localAdmin } from '../../../src/model/archive-operator.js';
import type { ItemRecord } from '../../../src/model/item-record.js';
import type { Person } from '../../../src/model/person.js';
import {
  addPeopleCommunity,
  addUser,
  disableUser,
  giveGrant,
} from '../../../src/usecases/people/change-people.js';
import { loadPerson } from '../../../src/usecases/people/load-person.js';
import { databaseKinds } from '../../support/databases.js';
import { openTestArchive, type TestArchive } from '../../support/test-archive.js';

/**
 * The CLI acts as the user `--as` or `HERITAGE_USER` names, else as the local admin,
 * and each read command shows exactly what `decideAccess(who, item, 'view')` allows:
 * no secret/sacred id, title or count to anyone but the community's custodians, error
 * messages included.
 */

const COMMUNITY = 'khau-village';
const COLLECTION = 'khau-songs';
const everything: Consent = {
  uses: ['archive', 'community-access', 'public-access', 'research', 'ml-training'],
  withdrawn: false,
};
// Words every item's title holds, so one search finds them all.
const COMMON = 'lượn slương';
const secret = { id: 'rite-q7z', title: 'Xqwv kept rite' };
const actor = { agent: 'local-admin', reason: 'setting up the archive' };

function record(id: string, accessProtocol: AccessProtocol, title = `${COMMON} ${id}`): ItemRecord {
  return {
    schemaVersion: 1,
    item: {
      id,
      collection: COLLECTION,
      title,
      languages: ['tyz'],
      contributors: [],
      accessProtocol,
      tkLabels: [],
      consent: everything,
      files: [],
    },
    collection: {
      id: COLLECTION,
      title: 'Khau songs',
      community: COMMUNITY,
      languages: [],
      defaultAccess: 'community',
    },
    extra: {},
    assets: [],
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
const factsOf = (item: ItemRecord): AccessFacts => ({
  id: item.item.id,
  accessProtocol: item.item.accessProtocol,
  consent: item.item.consent,
  collection: item.item.collection,
  community: COMMUNITY,
});

/** Runs `heritage` in this process, capturing what it writes. */
async function heritage(
  configFile: string,
  args: string[],
  env: { HERITAGE_USER?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const capture = (stream: NodeJS.WriteStream, append: (text: string) => void) =>
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      append(chunk.toString());
      return true;
    });
  const spies = [
    capture(process.stdout, (text) => {
      stdout += text;
    }),
    capture(process.stderr, (text) => {
      stderr += text;
    }),
  ];
  const savedUser = process.env.HERITAGE_USER;
  if (env.HERITAGE_USER) process.env.HERITAGE_USER = env.HERITAGE_USER;
  else delete process.env.HERITAGE_USER;
  try {
    const code = await runCli(args, { configFile, env: {} });
    return { code, stdout, stderr };
  } finally {
    for (const spy of spies) spy.mockRestore();
    if (savedUser === undefined) delete process.env.HERITAGE_USER;
    else process.env.HERITAGE_USER = savedUser;
  }
}

describe.each(databaseKinds)('the CLI acts as a named user on %s', (kind) => {
  let test: TestArchive;
  let settings: Settings;
  let configFile: string;
  /** Each user's `--as` arguments and the person the policy judges. */
  const users = new Map<string, { as: string[]; person: Person }>();

  beforeAll(async () => {
    test = await openTestArchive(kind);
    settings = test.settings;
    configFile = path.join(settings.dataDir, 'settings.json');
    await writeFile(configFile, JSON.stringify(settings));
    const services = await openServices(settings);
    try {
      const { archive, locks } = services;
      await saveCollection(archive.catalog, records[0]?.collection as ItemRecord['collection']);
      for (const item of records) await saveItemRecord(archive.catalog, item, 'v1', 'ready');
      await addPeopleCommunity(archive, locks, actor, { id: COMMUNITY, name: 'Khau village' });
      const password = 'lượn then của bản';
      for (const id of ['mai', 'elder', 'reader', 'gone'])
        await addUser(archive, locks, actor, { id, name: id, language: 'vi', password });
      await giveGrant(archive, locks, actor, 'mai', { role: 'member', community: COMMUNITY });
      await giveGrant(archive, locks, actor, 'elder', { role: 'custodian', community: COMMUNITY });
      await disableUser(archive, locks, { ...actor, reason: 'left' }, 'gone');
      for (const id of ['mai', 'elder', 'reader']) {
        const person = await loadPerson(archive.catalog, id);
        if (!person) throw new Error(`no person ${id}`);
        users.set(id, { as: ['--as', id], person });
      }
      users.set('local admin', { as: [], person: localAdmin });
    } finally {
      await services.close();
    }
  });
  afterAll(async () => {
    await test?.cleanup();
  });

  const run = (args: string[], env?: { HERITAGE_USER?: string }) => heritage(configFile, args, env);
  const visibleTo = (person: Person) =>
    records
      .filter((item) => decideAccess(person, factsOf(item), 'view').allowed)
      .map((item) => item.item.id)
      .sort();

  it('gives each user the items the policy lets them view, and no more', async () => {
    expect(visibleTo(users.get('elder')?.person as Person)).toContain(secret.id);
    expect(visibleTo(users.get('reader')?.person as Person)).toEqual(['open-song']);
    for (const [name, { as, person }] of users) {
      const expected = visibleTo(person);
      const list = await run(['--json', ...as, 'items', 'list']);
      expect(list.code, name).toBe(0);
      const listed = (JSON.parse(list.stdout) as { id: string }[]).map((item) => item.id).sort();
      expect(listed, name).toEqual(expected);

      const search = await run(['--json', ...as, 'search', COMMON]);
      const found = [
        ...new Set((JSON.parse(search.stdout) as { itemId: string }[]).map((hit) => hit.itemId)),
      ];
      expect(found.sort(), name).toEqual(expected);

      const status = await run(['--json', ...as, 'status']);
      expect(status.code, name).toBe(0);
      expect((JSON.parse(status.stdout) as { items: Record<string, number> }).items, name).toEqual({
        ready: expected.length,
      });

      for (const item of records) {
        const shown = await run([...as, 'items', 'show', item.item.id]);
        expect(shown.code, `${name} ${item.item.id}`).toBe(expected.includes(item.item.id) ? 0 : 1);
      }
    }
  });

  it('never names a secret/sacred item to anyone but its custodians, errors included', async () => {
    for (const name of ['mai', 'reader', 'local admin']) {
      const { as } = users.get(name) as { as: string[] };
      const outputs = [
        await run([...as, 'items', 'list']),
        await run(['--json', ...as, 'items', 'list']),
        await run([...as, 'search', COMMON]),
        await run([...as, 'search', 'Xqwv']),
        await run(['--json', ...as, 'status']),
        await run([...as, 'status']),
        await run([...as, 'search', '--item', secret.id]),
      ];
      for (const output of outputs) {
        expect(output.stdout + output.stderr, name).not.toContain(secret.id);
        expect(output.stdout + output.stderr, name).not.toContain(secret.title);
      }
      const hidden = await run([...as, 'items', 'show', secret.id]);
      const unknown = await run([...as, 'items', 'show', 'no-such-q7z']);
      expect(hidden.code, name).toBe(1);
      expect(hidden.code).toBe(unknown.code);
      expect(hidden.stderr.replace(secret.id, '<id>')).toBe(
        unknown.stderr.replace('no-such-q7z', '<id>'),
      );
      expect(hidden.stdout).toBe(unknown.stdout);
    }
    const custodian = await run(['items', 'show', secret.id], { HERITAGE_USER: 'elder' });
    expect(custodian.code).toBe(0);
    expect(custodian.stdout).toContain(secret.title);
  });

  it('records each read of an item that is not open as an access event, and none of open ones', async () => {
    const shown = await run(['items', 'show', secret.id], { HERITAGE_USER: 'elder' });
    expect(shown.code).toBe(0);
    expect((await run(['--as', 'elder', 'items', 'show', 'open-song'])).code).toBe(0);
    const services = await openServices(settings);
    try {
      const events = await listAccessEvents(services.archive.catalog, {
        communities: 'all',
        secretSacredOf: 'all',
        limit: 1000,
      });
      const byElder = events.filter((event) => event.who === 'elder');
      expect(byElder.some((event) => event.itemId === secret.id && event.what === 'item')).toBe(
        true,
      );
      expect(events.some((event) => event.itemId === 'open-song')).toBe(false);
    } finally {
      await services.close();
    }
  });

  it('refuses a user that does not exist or is disabled, naming them, with no fallback', async () => {
    for (const user of ['nobody', 'gone']) {
      const refused = await run(['--as', user, 'items', 'list']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`no enabled user "${user}"`);
      expect(refused.stdout).toBe('');
      const fromEnv = await run(['status'], { HERITAGE_USER: user });
      expect(fromEnv.code).toBe(2);
      expect(fromEnv.stderr).toContain(`"${user}"`);
    }
  });

  it('lets a named user change only what the policy lets them', async () => {
    const member = await run([
      '--as',
      'mai',
      'items',
      'change',
      'village-song',
      '--access',
      'restricted',
      '--reason',
      'asked by the village',
    ]);
    expect(member.code).toBe(1);
    expect(member.stderr).toContain('mai may not curate item "village-song"');
    const hidden = await run([
      '--as',
      'mai',
      'items',
      'change',
      secret.id,
      '--access',
      'restricted',
      '--reason',
      'x',
    ]);
    expect(hidden.code).toBe(1);
    expect(hidden.stderr).toContain(`no item "${secret.id}" in the catalog`);
    expect(hidden.stderr).not.toContain('secret');
    const vocabulary = await run(['--as', 'elder', 'vocabulary', 'import', COLLECTION, configFile]);
    expect(vocabulary.code).toBe(1);
    expect(vocabulary.stderr).toContain(
      'elder may not import a vocabulary: it needs an admin grant',
    );
  });
});
