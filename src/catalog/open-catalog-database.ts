import path from 'node:path';
import type { Settings } from '../config/settings-schema.js';
import type { Database } from './database.js';
import { migrate } from './migrate.js';
import { PgliteDatabase } from './pglite-database.js';
import { PostgresDatabase } from './postgres-database.js';

/** Where the embedded PGlite catalog lives when no `DATABASE_URL` is set. */
export function pgliteCatalogFolder(settings: Settings): string {
  return path.join(settings.dataDir, 'catalog');
}

/**
 * Opens the catalog the settings name, PostgreSQL at `databaseUrl` or else PGlite in
 * `<dataDir>/catalog`, and brings its schema up to date before returning it.
 */
export async function openCatalogDatabase(settings: Settings): Promise<Database> {
  const database = settings.databaseUrl
    ? await PostgresDatabase.connect(settings.databaseUrl)
    : await PgliteDatabase.open(pgliteCatalogFolder(settings));
  try {
    await migrate(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
