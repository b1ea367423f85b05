/**
 * Fresh, isolated catalog databases for tests, one of each kind: PGlite in a temp
 * folder, or a uniquely named database on the test PostgreSQL server
 * (`TEST_DATABASE_URL`, default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Database } from '../../src/catalog/database.js';
import {
  openCatalogDatabase,
  pgliteCatalogFolder,
} from '../../src/catalog/open-catalog-database.js';
import { PgliteDatabase } from '../../src/catalog/pglite-database.js';
import { PostgresDatabase } from '../../src/catalog/postgres-database.js';
import { type Settings, settingsSchema } from '../../src/config/settings-schema.js';

export type DatabaseKind = Database['kind'];

/** Both kinds, for `describe.each(databaseKinds)`. */
export const databaseKinds: readonly DatabaseKind[] = ['pglite', 'postgres'];

/** The PostgreSQL server tests create their databases on. */
export const testServerUrl =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Settings for a fresh, empty database of one kind; `dispose` deletes it all. */
export interface ScratchCatalog {
  kind: DatabaseKind;
  /** `dataDir` is a new temp folder; `databaseUrl` names a new database for 'postgres'. */
  settings: Settings;
  dispose(): Promise<void>;
}

/** Creates an empty database of `kind` (nothing migrated, nothing opened). */
export async function createScratchCatalog(kind: DatabaseKind): Promise<ScratchCatalog> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'heritage-catalog-'));
  const removeDataDir = () => rm(dataDir, { recursive: true, force: true });
  if (kind === 'pglite') {
    const settings = settingsSchema.parse({ dataDir });
    await cp(await pristinePgliteFolder(), pgliteCatalogFolder(settings), { recursive: true });
    return { kind, settings, dispose: removeDataDir };
  }
  const name = `heritage_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await onTestServer((admin) => admin.query(`CREATE DATABASE ${name}`));
  const databaseUrl = new URL(testServerUrl);
  databaseUrl.pathname = `/${name}`;
  return {
    kind,
    settings: settingsSchema.parse({ dataDir, databaseUrl: databaseUrl.toString() }),
    async dispose() {
      await onTestServer((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      await removeDataDir();
    },
  };
}

/** Opens the scratch database without migrating it. */
export async function openScratchDatabase(scratch: ScratchCatalog): Promise<Database> {
  const { databaseUrl } = scratch.settings;
  return databaseUrl
    ? PostgresDatabase.connect(databaseUrl)
    : PgliteDatabase.open(pgliteCatalogFolder(scratch.settings));
}

/** A migrated catalog on a fresh database, the usual fixture; `dispose` closes and deletes it. */
export interface TestCatalog {
  database: Database;
  settings: Settings;
  dispose(): Promise<void>;
}

/** Opens a fresh catalog of `kind` through `openCatalogDatabase`, schema applied. */
export async function openTestCatalog(kind: DatabaseKind): Promise<TestCatalog> {
  const scratch = await createScratchCatalog(kind);
  try {
    const database = await openCatalogDatabase(scratch.settings);
    return {
      database,
      settings: scratch.settings,
      async dispose() {
        await database.close();
        await scratch.dispose();
      },
    };
  } catch (error) {
    await scratch.dispose();
    throw error;
  }
}

let pristinePglite: Promise<string> | undefined;

/**
 * An empty PGlite database folder, initialised once per test process and removed at
 * its exit: copying it takes a fraction of the seconds that PGlite's initdb takes.
 */
function pristinePgliteFolder(): Promise<string> {
  pristinePglite ??= (async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'heritage-pglite-pristine-'));
    process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
    const pglite = await PGlite.create(folder);
    await pglite.close();
    return folder;
  })();
  return pristinePglite;
}

async function onTestServer<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: testServerUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
