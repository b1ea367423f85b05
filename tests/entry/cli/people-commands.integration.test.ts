import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Archive, openArchive } from '../../../src/archive/archive.js';
import { runCli } from '../../../src/entry/cli/program.js';
import type { Database } from '../../../src/infra/catalog/database.js';
import { saveCollection } from '../../../src/infra/catalog/item-rows.js';
import type { Settings } from '../../../src/infra/config/settings-schema.js';
import { parsePeopleEvents } from '../../../src/model/people-event.js';
import { verifyPassword } from '../../../src/usecases/people/load-person.js';
import { readPeopleObject } from '../../../src/usecases/people/people-object.js';
import { databaseKinds } from '../../support/databases.js';
import { openTestArchive, type TestArchive } from '../../support/test-archive.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const lanPassword = 'bài hát ru con của mẹ';

/** Runs bin/heritage.ts in a process of its own, with `input` on its standard input. */
function heritage(
  configFile: string,
  args: string[],
  options: { input?: string; env?: Record<string, string> } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, HERITAGE_CONFIG: configFile, ...options.env };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'HERITAGE_DATA_DIR', 'HERITAGE_QUEUE_PREFIX'])
    delete env[name];
  if (!options.env?.HERITAGE_USER) delete env.HERITAGE_USER;
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/heritage.ts', ...args], {
    cwd: root,
    env,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  child.stdin.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs `heritage` in this process (quicker), capturing what it writes. */
async function heritageHere(
  configFile: string,
  args: string[],
  options: { env?: Record<string, string> } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
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
  if (options.env?.HERITAGE_USER) process.env.HERITAGE_USER = options.env.HERITAGE_USER;
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

async function peopleTables(db: Database): Promise<Record<string, unknown[]>> {
  return {
    accounts: await db.query('SELECT * FROM accounts ORDER BY id'),
    communities: await db.query('SELECT * FROM communities ORDER BY id'),
    grants: await db.query('SELECT * FROM account_grants ORDER BY account_id, position'),
    events: await db.query('SELECT * FROM people_events ORDER BY occurred_at, id'),
  };
}

describe.each(databaseKinds)('heritage users, communities and grants on %s', (kind) => {
  let test: TestArchive;
  let settings: Settings;
  let configFile: string;
  /** Opens the archive for a look between commands (PGlite has one holder at a time). */
  const withArchive = async <T>(look: (archive: Archive) => Promise<T>): Promise<T> => {
    const archive = await openArchive(settings);
    try {
      return await look(archive);
    } finally {
      await archive.close();
    }
  };
  /** In a process of its own: what standard input is matters. */
  const runApart = (args: string[], options?: Parameters<typeof heritage>[2]) =>
    heritage(configFile, args, options);
  const run = (args: string[], options?: Parameters<typeof heritageHere>[2]) =>
    heritageHere(configFile, args, options);

  beforeAll(async () => {
    test = await openTestArchive(kind);
    settings = test.settings;
    configFile = path.join(settings.dataDir, 'settings.json');
    await writeFile(configFile, JSON.stringify(settings));
    await withArchive((archive) =>
      saveCollection(archive.catalog, {
        id: 'songs',
        title: 'Songs',
        community: 'hmong-village',
        languages: [],
        defaultAccess: 'community',
      }),
    );
  });
  afterAll(async () => {
    await test?.cleanup();
  });

  it('adds users and communities, refusing short passwords and missing ones', async () => {
    expect(await run(['communities', 'add', 'hmong-village', '--name', 'Hmong village'])).toEqual(
      expect.objectContaining({ code: 0 }),
    );
    const short = await runApart(['users', 'add', 'lan', '--name', 'Lan', '--password-stdin'], {
      input: 'too short\n',
    });
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('--password-stdin: a password needs at least 12 characters');
    const noPassword = await runApart(['users', 'add', 'lan', '--name', 'Lan']);
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toContain('--password-stdin');
    const added = await runApart(
      ['users', 'add', 'lan', '--name', 'Lan', '--language', 'en', '--password-stdin'],
      { input: `${lanPassword}\n` },
    );
    expect(added).toMatchObject({ code: 0, stdout: expect.stringContaining('user lan added') });
    expect(added.stdout + added.stderr).not.toContain(lanPassword);
    expect(added.stdout + added.stderr).not.toContain('$argon2');
    const language = await run(['users', 'add', 'minh', '--name', 'M', '--language', 'fr']);
    expect(language.stderr).toContain('--language: "fr" is not vi or en');
  });

  it('gives and removes grants, naming what is wrong', async () => {
    const noTarget = await run(['grants', 'add', 'lan', 'archivist', '--reason', 'curates']);
    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toContain('--collection: archivist needs a target');
    const unknownUser = await run(['grants', 'add', 'nobody', 'admin', '--reason', 'x']);
    expect(unknownUser.code).toBe(1);
    expect(unknownUser.stderr).toContain('user "nobody": no such user');
    const unknownCollection = await run([
      'grants',
      'add',
      'lan',
      'archivist',
      '--collection',
      'tales',
      '--reason',
      'curates',
    ]);
    expect(unknownCollection.stderr).toContain('collection "tales": no such collection');
    for (const args of [
      ['lan', 'archivist', '--collection', 'songs', '--reason', 'curates the songs'],
      ['lan', 'custodian', '--community', 'hmong-village', '--reason', 'elder of the village'],
      ['lan', 'admin', '--reason', 'runs the archive this month'],
    ]) {
      const given = await run(['grants', 'add', ...args], { env: { HERITAGE_USER: 'thu' } });
      expect(given).toMatchObject({ code: 0 });
    }
    const removed = await run(['grants', 'remove', 'lan', 'admin', '--reason', 'month over'], {
      env: { HERITAGE_USER: 'thu' },
    });
    expect(removed).toMatchObject({ code: 0 });
    const listed = await run(['grants', 'list', 'lan']);
    expect(listed.stdout.trim().split('\n')).toEqual([
      'lan\tarchivist of collection songs',
      'lan\tcustodian of community hmong-village',
    ]);
    expect((await run(['grants', 'list', 'nobody'])).stderr).toContain('"nobody" is no user');
  });

  it('lists users without their password hashes', async () => {
    const listed = await run(['users', 'list', '--json']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toContain('argon2');
    expect(listed.stdout).not.toMatch(/hash/i);
    expect(JSON.parse(listed.stdout).users).toEqual([
      {
        id: 'lan',
        name: 'Lan',
        language: 'en',
        disabled: false,
        grants: [
          { role: 'archivist', collection: 'songs' },
          { role: 'custodian', community: 'hmong-village' },
        ],
      },
    ]);
    const communities = await run(['communities', 'list']);
    expect(communities.stdout.trim()).toBe('hmong-village\tHmong village');
  });

  it('records who changed what and why, and disabling ends signing in', async () => {
    expect(await withArchive((a) => verifyPassword(a.catalog, 'lan', lanPassword))).toMatchObject({
      id: 'lan',
    });
    const disabled = await run(['users', 'disable', 'lan', '--reason', 'left', '--as', 'minh']);
    expect(disabled).toMatchObject({ code: 0 });
    await withArchive(async (archive) => {
      expect(await verifyPassword(archive.catalog, 'lan', lanPassword)).toBeUndefined();
      const head = await readPeopleObject(archive);
      expect(head.version).toBe('v7');
      expect(
        parsePeopleEvents(head.eventsJsonl).map((e) => [e.action, e.agent, e.reason ?? '']),
      ).toEqual([
        ['community added', 'local-admin', ''],
        ['user added', 'local-admin', ''],
        ['grant given', 'thu', 'curates the songs'],
        ['grant given', 'thu', 'elder of the village'],
        ['grant given', 'thu', 'runs the archive this month'],
        ['grant removed', 'thu', 'month over'],
        ['user disabled', 'minh', 'left'],
      ]);
    });
  });

  it('heritage reindex rebuilds the same people tables', async () => {
    const before = await withArchive((archive) => peopleTables(archive.catalog));
    const reindexed = await run(['reindex']);
    expect(reindexed.stdout).toContain('1 people object(s)');
    expect(await withArchive((archive) => peopleTables(archive.catalog))).toEqual(before);
  });
});
