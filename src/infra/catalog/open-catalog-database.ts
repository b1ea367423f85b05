import path from 'node:path';
import type { Settings } from '../config/settings-schema.js';
import type { Database } from './database.js';
import { type EmbeddedPostgresOptions, startEmbeddedPostgres } from './embedded-postgres.js';
import { migrate } from './migrate.js';
import { importPgliteCatalog } from './pglite-catalog-import.js';
import { PostgresDatabase } from './postgres-database.js';

/** Where the in-process PGlite catalog lives (`HERITAGE_EMBEDDED_CATALOG=pglite`). */
export function pgliteCatalogFolder(settings: Settings): string {
  return path.join(settings.dataDir, 'catalog');
}

/**
 * Opens the catalog the settings name, brings its schema up to date and returns it:
 * PostgreSQL at `databaseUrl`; else the data folder's private PostgreSQL server,
 * shared by every heritage process on the folder (started on first use); or PGlite in
 * this process alone when `embeddedCatalog` is `pglite`.
 */
export async function openCatalogDatabase(settings: Settings): Promise<Database> {
  const timeouts = {
    connectTimeoutMs: settings.databaseConnectTimeoutMs,
    queryTimeoutMs: settings.databaseQueryTimeoutMs,
  };
  if (settings.databaseUrl) {
    return migrated(await PostgresDatabase.connect(settings.databaseUrl, timeouts));
  }
  if (settings.embeddedCatalog === 'pglite') {
    // Loaded only when chosen: PGlite's modules cost every other command's start-up.
    const { PgliteDatabase } = await import('./pglite-database.js');
    return migrated(await PgliteDatabase.open(pgliteCatalogFolder(settings)));
  }
  const url = await startEmbeddedPostgres(embeddedServerOptions(settings));
  const database = await migrated(await PostgresDatabase.connect(url, timeouts));
  try {
    // An archive made before the shared catalog keeps its catalog: moved in on first open.
    await importPgliteCatalog(pgliteCatalogFolder(settings), database);
  } catch (error) {
    await database.close();
    throw new Error(
      `cannot move the catalog in ${pgliteCatalogFolder(settings)} into the catalog server: ${(error as Error).message}. It is left as it was; HERITAGE_EMBEDDED_CATALOG=pglite opens it in one process, or move it aside and run \`heritage reindex\` to rebuild the catalog from storage`,
      { cause: error },
    );
  }
  return database;
}

/**
 * Begins starting the data folder's private catalog server, when the settings use one,
 * without waiting: a command calls this before it loads the modules it needs to use
 * the catalog, so that on a fresh data folder `initdb` (about a second) runs meanwhile.
 * `openCatalogDatabase` then joins the start, and reports its failure if it fails.
 */
export function startCatalogServerAhead(settings: Settings): void {
  if (settings.databaseUrl || settings.embeddedCatalog === 'pglite') return;
  startEmbeddedPostgres(embeddedServerOptions(settings)).catch(() => {});
}

/** The data folder's private server as the settings name it, for every start of it. */
function embeddedServerOptions(settings: Settings): EmbeddedPostgresOptions {
  return { dataDir: settings.dataDir, binDir: settings.postgresBinDir };
}

async function migrated(database: Database): Promise<Database> {
  try {
    await migrate(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
