/**
 * Fresh, isolated catalog databases for tests, one of each kind: PGlite in a temp
 * folder, or a uniquely named database on the test PostgreSQL server
 * (`TEST_DATABASE_URL`, default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Database } from '../../src/infra/catalog/database.js';
import {
  openCatalogDatabase,
  pgliteCatalogFolder,
} from '../../src/infra/catalog/open-catalog-database.js';
import { PgliteDatabase } from '../../src/infra/catalog/pglite-database.js';
import { PostgresDatabase } from '../../src/infra/catalog/postgres-database.js';
import { type Settings, settingsSchema } from '../../src/infra/config/settings-schema.js';
import { findPackageRoot } from '../../src/infra/package/package-root.js';

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
  try {
    return kind === 'pglite'
      ? await scratchPglite(dataDir, removeDataDir)
      : await scratchPostgres(dataDir, removeDataDir);
  } catch (error) {
    await removeDataDir();
    throw error;
  }
}

async function scratchPglite(
  dataDir: string,
  removeDataDir: () => Promise<void>,
): Promise<ScratchCatalog> {
  const settings = settingsSchema.parse({ dataDir, embeddedCatalog: 'pglite' });
  await cp(await pristinePgliteFolder(), pgliteCatalogFolder(settings), { recursive: true });
  return { kind: 'pglite', settings, dispose: removeDataDir };
}

async function scratchPostgres(
  dataDir: string,
  removeDataDir: () => Promise<void>,
): Promise<ScratchCatalog> {
  const name = `heritage_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await onTestServer((admin) => admin.query(`CREATE DATABASE ${name}`));
  const databaseUrl = new URL(testServerUrl);
  databaseUrl.pathname = `/${name}`;
  return {
    kind: 'postgres',
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
 * An empty, initialised PGlite database folder, shared by every test run of this PGlite
 * version: copying it takes a fraction of the seconds that PGlite's initdb takes. It is
 * built aside and renamed into place, so a reader never sees half of one.
 */
function pristinePgliteFolder(): Promise<string> {
  pristinePglite ??= (async () => {
    const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
    const pgliteRoot = findPackageRoot(pathToFileURL(entry).href);
    const { version } = JSON.parse(
      await readFile(path.join(pgliteRoot, 'package.json'), 'utf8'),
    ) as { version: string };
    const folder = path.join(tmpdir(), `heritage-pglite-pristine-${version}`);
    if (existsSync(folder)) return folder;
    const building = await mkdtemp(`${folder}-building-`);
    try {
      const pglite = await PGlite.create(building);
      await pglite.close();
      await rename(building, folder);
    } catch (error) {
      await rm(building, { recursive: true, force: true });
      // Another test process finished first: use its folder.
      if (!existsSync(folder)) throw error;
    }
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
