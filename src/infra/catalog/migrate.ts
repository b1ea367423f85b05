import type { Database } from './database.js';
import { defaultMigrationsFolder, type Migration, readMigrations } from './migration-files.js';

export interface MigrateOptions {
  /** Folder of `NNN-description.sql` files. Default: heritage's own `src/infra/catalog/migrations`. */
  folder?: string;
}

export interface MigrateResult {
  /** File names applied by this call, in order (empty when the schema was current). */
  applied: string[];
  /** The schema version now in the database. */
  version: number;
}

/**
 * Any fixed number will do: it names the advisory lock that serialises processes
 * migrating one PostgreSQL database at the same time.
 */
const MIGRATION_LOCK_KEY = 4_873_110_269;

const LOCK_AND_CREATE_LEDGER = `
  SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY});
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  );`;

interface LedgerRow {
  version: number;
  name: string;
  checksum: string;
}

/**
 * Brings the schema up to date: applies each pending migration in its own transaction
 * and records it in `schema_migrations`. Safe to call at every start, and from several
 * processes at once (they queue on an advisory lock; the later ones find nothing to do).
 * Refuses a database migrated by a newer heritage or whose applied files were edited.
 */
export async function migrate(
  database: Database,
  options: MigrateOptions = {},
): Promise<MigrateResult> {
  const migrations = await readMigrations(options.folder ?? defaultMigrationsFolder());
  const ledger = await database.transaction(async (tx) => {
    await tx.exec(LOCK_AND_CREATE_LEDGER);
    return tx.query<LedgerRow>('SELECT version, name, checksum FROM schema_migrations');
  });
  checkLedger(ledger, migrations);

  const recorded = new Set(ledger.map((row) => row.version));
  const applied: string[] = [];
  for (const migration of migrations.filter((candidate) => !recorded.has(candidate.version))) {
    const appliedHere = await database.transaction(async (tx) => {
      await tx.exec(LOCK_AND_CREATE_LEDGER);
      // Another process may have applied it while this one waited for the lock.
      const [done] = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [
        migration.version,
      ]);
      if (done) return false;
      await runMigration(tx, migration);
      await tx.query(
        'INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)',
        [migration.version, migration.name, migration.checksum],
      );
      return true;
    });
    if (appliedHere) applied.push(migration.name);
  }
  return { applied, version: migrations.at(-1)?.version ?? 0 };
}

function checkLedger(ledger: LedgerRow[], migrations: Migration[]): void {
  const known = new Map(migrations.map((migration) => [migration.version, migration]));
  for (const row of ledger) {
    const migration = known.get(row.version);
    if (!migration) {
      throw new Error(
        `the catalog has migration ${row.name} applied, which this version of heritage does not know: upgrade heritage`,
      );
    }
    if (migration.checksum !== row.checksum) {
      throw new Error(
        `migration ${migration.name} was edited after it was applied to this catalog; ` +
          'restore it and put the change in a new migration',
      );
    }
  }
}

async function runMigration(tx: Database, migration: Migration): Promise<void> {
  try {
    await tx.exec(migration.sql);
  } catch (error) {
    const line = lineOfPosition(migration.sql, (error as { position?: unknown }).position);
    throw new Error(
      `migration ${migration.name}${line ? ` (line ${line})` : ''} failed: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** PostgreSQL reports where a statement failed as a 1-based character position. */
function lineOfPosition(sql: string, position: unknown): number | undefined {
  const offset = Number(position);
  if (!Number.isInteger(offset) || offset < 1) return undefined;
  return sql.slice(0, offset - 1).split('\n').length;
}
