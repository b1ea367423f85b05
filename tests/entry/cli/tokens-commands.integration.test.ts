import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../src/entry/cli/program.js';
import { listApiTokenRows } from '../../../src/infra/catalog/api-token-rows.js';
import { openCatalogDatabase } from '../../../src/infra/catalog/open-catalog-database.js';
import { savePeopleRegisterRows } from '../../../src/infra/catalog/people-rows.js';
import { hashPassword } from '../../../src/usecases/people/password-hash.js';
import { secretDigest } from '../../../src/usecases/people/secret-digest.js';
import { createScratchCatalog, type ScratchCatalog } from '../../support/databases.js';

/** Runs `heritage` in this process, capturing what it writes. */
async function heritage(configFile: string, args: string[]) {
  let stdout = '';
  let stderr = '';
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += chunk.toString();
      return true;
    }),
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += chunk.toString();
      return true;
    }),
  ];
  try {
    const code = await runCli(args, { configFile, env: {} });
    return { code, stdout, stderr };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

describe('heritage tokens', () => {
  let scratch: ScratchCatalog;
  let configFile: string;
  const withCatalog = async <T>(
    look: (db: Awaited<ReturnType<typeof openCatalogDatabase>>) => Promise<T>,
  ) => {
    const db = await openCatalogDatabase(scratch.settings);
    try {
      return await look(db);
    } finally {
      await db.close();
    }
  };

  beforeAll(async () => {
    scratch = await createScratchCatalog('pglite');
    configFile = path.join(scratch.settings.dataDir, 'settings.json');
    await writeFile(configFile, JSON.stringify(scratch.settings));
    const passwordHash = await hashPassword('a long enough password');
    await withCatalog((db) =>
      savePeopleRegisterRows(
        db,
        {
          accounts: [{ id: 'lan', name: 'Lan', passwordHash, disabled: false, language: 'en' }],
          communities: [],
          grants: [],
        },
        'v1',
      ),
    );
  });
  afterAll(async () => {
    await scratch?.dispose();
  });

  it('creates a token, prints it once, and stores only its sha256', async () => {
    const created = await heritage(configFile, [
      'tokens',
      'create',
      'lan',
      '--name',
      'nightly',
      '--expires',
      '30d',
      '--scope',
      'write',
    ]);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^hrt_[A-Za-z0-9_-]{43}$/);
    const rows = await withCatalog((db) =>
      db.query<Record<string, unknown>>('SELECT * FROM api_tokens'),
    );
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token.slice(4));
    expect(rows[0]?.secret_sha256).toBe(secretDigest(token));
    expect(rows[0]).toMatchObject({ account_id: 'lan', name: 'nightly', scope: 'write' });
    const expires = new Date(rows[0]?.expires_at as string).getTime();
    expect(Math.abs(expires - Date.now() - 30 * 24 * 3600_000)).toBeLessThan(60_000);

    const listed = await heritage(configFile, ['tokens', 'list', 'lan']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('nightly');
    expect(listed.stdout).toContain('active');
    expect(listed.stdout).not.toContain(token);
  });

  it('revokes a token, and refuses bad options and unknown accounts', async () => {
    const [row] = await withCatalog((db) => listApiTokenRows(db, 'lan'));
    const revoked = await heritage(configFile, ['tokens', 'revoke', row?.id as string]);
    expect(revoked.code).toBe(0);
    expect((await heritage(configFile, ['tokens', 'list'])).stdout).toContain('revoked');
    expect((await heritage(configFile, ['tokens', 'revoke', 'nope'])).code).toBe(2);
    const badScope = await heritage(configFile, [
      'tokens',
      'create',
      'lan',
      '--name',
      'x',
      '--scope',
      'all',
    ]);
    expect(badScope.code).toBe(2);
    expect(badScope.stderr).toContain('--scope');
    const badExpiry = await heritage(configFile, [
      'tokens',
      'create',
      'lan',
      '--name',
      'x',
      '--expires',
      'soon',
    ]);
    expect(badExpiry.code).toBe(2);
    const unknown = await heritage(configFile, ['tokens', 'create', 'nobody', '--name', 'x']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no such enabled account');
  });
});
