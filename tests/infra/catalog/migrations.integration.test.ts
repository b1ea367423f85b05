import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/infra/catalog/database.js';
import { migrate } from '../../../src/infra/catalog/migrate.js';
import {
  defaultMigrationsFolder,
  readMigrations,
} from '../../../src/infra/catalog/migration-files.js';
import { openCatalogDatabase } from '../../../src/infra/catalog/open-catalog-database.js';
import { PostgresDatabase } from '../../../src/infra/catalog/postgres-database.js';
import {
  createScratchCatalog,
  databaseKinds,
  openScratchDatabase,
  type ScratchCatalog,
} from '../../support/databases.js';

/** The tables the catalog design asks for. */
/** Every table the shipped migrations create, plus the ledger: read from the SQL itself. */
async function catalogTables(): Promise<string[]> {
  const shipped = await readMigrations(defaultMigrationsFolder());
  const created = shipped.flatMap(({ sql }) =>
    [...sql.matchAll(/CREATE TABLE (\w+)/g)].map((match) => match[1] as string),
  );
  return [...created, 'schema_migrations'].sort();
}

async function tableNames(db: Database): Promise<string[]> {
  const rows = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = 'public' ORDER BY table_name`,
  );
  return rows.map((row) => row.table_name);
}

async function ledger(
  db: Database,
): Promise<{ version: number; name: string; checksum: string }[]> {
  return db.query('SELECT version, name, checksum FROM schema_migrations ORDER BY version');
}

/** A folder of test migrations, written by each test. */
async function migrationsFolder(files: Record<string, string>): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), 'heritage-migrations-'));
  for (const [name, sql] of Object.entries(files)) await writeFile(path.join(folder, name), sql);
  return folder;
}

const temporaryFolders: string[] = [];
async function scratchMigrations(files: Record<string, string>): Promise<string> {
  const folder = await migrationsFolder(files);
  temporaryFolders.push(folder);
  return folder;
}

afterEach(async () => {
  for (const folder of temporaryFolders.splice(0))
    await rm(folder, { recursive: true, force: true });
});

describe('reading migration files', () => {
  it('finds the shipped migrations from the package root, in order', async () => {
    const migrations = await readMigrations(defaultMigrationsFolder());
    expect(migrations[0]?.name).toBe('001-catalog.sql');
    const versions = migrations.map((migration) => migration.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
  });

  it('refuses a .sql file that is not named NNN-description.sql, naming it', async () => {
    const folder = await scratchMigrations({
      '001-first.sql': 'SELECT 1;',
      'second.sql': 'SELECT 2;',
    });
    await expect(readMigrations(folder)).rejects.toThrow(path.join(folder, 'second.sql'));
  });

  it('refuses two migrations with one number, naming both', async () => {
    const folder = await scratchMigrations({
      '002-a.sql': 'SELECT 1;',
      '002-b.sql': 'SELECT 2;',
    });
    await expect(readMigrations(folder)).rejects.toThrow(/002-a\.sql and 002-b\.sql/);
  });

  it('refuses a folder without migrations', async () => {
    const folder = await scratchMigrations({ 'README.md': 'nothing here' });
    await expect(readMigrations(folder)).rejects.toThrow(
      `no NNN-description.sql migrations in ${folder}`,
    );
  });
});

describe.each(databaseKinds)('migrating a %s catalog', (kind) => {
  let scratch: ScratchCatalog;
  let db: Database | undefined;

  beforeEach(async () => {
    scratch = await createScratchCatalog(kind);
  });

  afterEach(async () => {
    await db?.close();
    db = undefined;
    await scratch.dispose();
  });

  it('creates the catalog tables at open, records each migration once, and is idempotent on reopen', async () => {
    const shipped = await readMigrations(defaultMigrationsFolder());
    db = await openCatalogDatabase(scratch.settings);
    expect(db.kind).toBe(kind);
    expect(await tableNames(db)).toEqual(await catalogTables());
    expect(await ledger(db)).toEqual(
      shipped.map(({ version, name, checksum }) => ({ version, name, checksum })),
    );
    await db.query(
      "INSERT INTO collections (id, title, default_access) VALUES ('kept', 'Lượn Cọi', 'open')",
    );
    await db.close();

    db = await openCatalogDatabase(scratch.settings);
    expect(await migrate(db)).toEqual({ applied: [], version: shipped.at(-1)?.version });
    expect(await ledger(db)).toHaveLength(shipped.length);
    expect(await db.query('SELECT title FROM collections')).toEqual([{ title: 'Lượn Cọi' }]);
  });

  it('applies only the migrations added since the last run, in number order', async () => {
    db = await openScratchDatabase(scratch);
    const first = { '001-songs.sql': 'CREATE TABLE songs (id text PRIMARY KEY);' };
    expect(await migrate(db, { folder: await scratchMigrations(first) })).toEqual({
      applied: ['001-songs.sql'],
      version: 1,
    });
    const grown = await scratchMigrations({
      ...first,
      '010-song-genre.sql': "INSERT INTO songs VALUES ('then'), ('luon');",
      '002-genre.sql': 'ALTER TABLE songs ADD COLUMN genre text;',
    });
    expect(await migrate(db, { folder: grown })).toEqual({
      applied: ['002-genre.sql', '010-song-genre.sql'],
      version: 10,
    });
    expect(await migrate(db, { folder: grown })).toEqual({ applied: [], version: 10 });
    expect(await db.query('SELECT count(*) AS n FROM songs')).toEqual([{ n: 2 }]);
  });

  it('rolls back a failing migration whole, naming its file', async () => {
    db = await openScratchDatabase(scratch);
    const folder = await scratchMigrations({
      '001-songs.sql': 'CREATE TABLE songs (id text PRIMARY KEY);',
      '002-broken.sql': 'CREATE TABLE singers (id text);\nALTER TABLE songz ADD COLUMN x int;\n',
    });
    await expect(migrate(db, { folder })).rejects.toThrow(
      /migration 002-broken\.sql failed: .*songz/,
    );
    expect(await tableNames(db)).toEqual(['schema_migrations', 'songs']);
    expect((await ledger(db)).map((row) => row.name)).toEqual(['001-songs.sql']);
  });

  it('names the line of a syntax error in a migration', async () => {
    db = await openScratchDatabase(scratch);
    const folder = await scratchMigrations({
      '001-typo.sql': 'CREATE TABLE songs (id text);\n\nCREATE TABLE singers (id text,);\n',
    });
    await expect(migrate(db, { folder })).rejects.toThrow(
      /migration 001-typo\.sql \(line 3\) failed: syntax error/,
    );
  });

  it('refuses a catalog whose applied migration file was edited since', async () => {
    db = await openScratchDatabase(scratch);
    const original = await scratchMigrations({ '001-songs.sql': 'CREATE TABLE songs (id text);' });
    await migrate(db, { folder: original });
    const edited = await scratchMigrations({ '001-songs.sql': 'CREATE TABLE songs (id int);' });
    await expect(migrate(db, { folder: edited })).rejects.toThrow(
      /001-songs\.sql was edited after it was applied/,
    );
  });

  it('refuses a catalog migrated by a newer heritage', async () => {
    db = await openScratchDatabase(scratch);
    const newer = await scratchMigrations({
      '001-songs.sql': 'CREATE TABLE songs (id text);',
      '002-more.sql': 'CREATE TABLE more (id text);',
    });
    await migrate(db, { folder: newer });
    const older = await scratchMigrations({ '001-songs.sql': 'CREATE TABLE songs (id text);' });
    await expect(migrate(db, { folder: older })).rejects.toThrow(
      /002-more\.sql .* upgrade heritage/,
    );
  });
});

describe('migrating one PostgreSQL catalog from several connections at once', () => {
  let scratch: ScratchCatalog;
  const connections: Database[] = [];

  beforeEach(async () => {
    scratch = await createScratchCatalog('postgres');
  });

  afterEach(async () => {
    for (const connection of connections.splice(0)) await connection.close();
    await scratch.dispose();
  });

  async function connect(count: number): Promise<Database[]> {
    const url = scratch.settings.databaseUrl ?? '';
    for (let index = 0; index < count; index += 1) {
      connections.push(await PostgresDatabase.connect(url, { maxConnections: 1 }));
    }
    return connections;
  }

  it('applies each shipped migration exactly once', async () => {
    const results = await Promise.all((await connect(3)).map((connection) => migrate(connection)));
    const shipped = await readMigrations(defaultMigrationsFolder());
    expect(results.flatMap((result) => result.applied).sort()).toEqual(
      shipped.map((migration) => migration.name),
    );
    expect(await tableNames(connections[0] as Database)).toEqual(await catalogTables());
  });

  it('runs a slow migration once while the others wait for it', async () => {
    // The sleep holds the first migrator inside its transaction while the others arrive.
    const folder = await scratchMigrations({
      '001-slow.sql':
        'SELECT pg_sleep(0.3);\nCREATE TABLE songs (id text);\nINSERT INTO songs VALUES (1);',
    });
    const results = await Promise.all(
      (await connect(2)).map((connection) => migrate(connection, { folder })),
    );
    expect(results.map((result) => result.applied.length).sort()).toEqual([0, 1]);
    const [first] = connections;
    expect(await first?.query('SELECT count(*) AS n FROM songs')).toEqual([{ n: 1 }]);
  });
});
