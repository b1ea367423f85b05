import type { Database } from './database.js';
import { defaultMigrationsFolder, readMigrations } from './migration-files.js';

/** The bytes of every asset the catalog records: originals and derivatives, all items. */
export async function archivedBytes(db: Database): Promise<number> {
  const [row] = await db.query<{ bytes: number }>(
    'SELECT COALESCE(sum(size), 0)::bigint AS bytes FROM assets',
  );
  return row?.bytes ?? 0;
}

/**
 * Whether the catalog has every migration this heritage ships applied. False, not an
 * error, when it has none (no ledger yet): the catalog answered, it is just not ready.
 */
export async function catalogIsMigrated(db: Database): Promise<boolean> {
  const expected = await latestMigrationVersion();
  const [ledger] = await db.query<{ present: boolean }>(
    "SELECT to_regclass('schema_migrations') IS NOT NULL AS present",
  );
  if (!ledger?.present) return false;
  const [row] = await db.query<{ version: number | null }>(
    'SELECT max(version) AS version FROM schema_migrations',
  );
  return (row?.version ?? 0) >= expected;
}

let latest: Promise<number> | undefined;
/** The newest migration shipped, read once per process. */
function latestMigrationVersion(): Promise<number> {
  latest ??= readMigrations(defaultMigrationsFolder()).then(
    (migrations) => migrations.at(-1)?.version ?? 0,
  );
  return latest;
}
