import { existsSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import type { Database } from './database.js';
import { migrate } from './migrate.js';

interface TableColumns {
  table: string;
  columns: string[];
}

/**
 * Moves the catalog of an archive made before the shared catalog server, the PGlite
 * folder `<dataDir>/catalog`, into `target` (a migrated, empty catalog): both schemas
 * are brought to the same version, every table's rows are copied in one transaction
 * (as JSON, so every type round-trips through PostgreSQL's own input functions), and
 * the sequences are moved past the copied ids; a server catalog that already has rows
 * is never overwritten. The PGlite folder is then renamed to
 * `catalog.imported` and kept: nothing of the old catalog is deleted. Returns false
 * when there is no old catalog.
 */
export async function importPgliteCatalog(
  pgliteFolder: string,
  target: Database,
): Promise<boolean> {
  if (!existsSync(path.join(pgliteFolder, 'PG_VERSION'))) return false;
  // Commands started at once all find the folder: the first moves it, the others wait
  // and then find it gone.
  const release = await lockfile.lock(path.dirname(pgliteFolder), {
    lockfilePath: `${pgliteFolder}.import.lock`,
    retries: { retries: 1200, minTimeout: 100, maxTimeout: 250 },
  });
  try {
    if (!existsSync(path.join(pgliteFolder, 'PG_VERSION'))) return false;
    await copyCatalog(pgliteFolder, target);
    await rename(pgliteFolder, `${pgliteFolder}.imported`);
    return true;
  } finally {
    await release();
  }
}

async function copyCatalog(pgliteFolder: string, target: Database): Promise<void> {
  // Loaded only here: PGlite costs every command that opens the catalog ~50 modules.
  const { PgliteDatabase } = await import('./pglite-database.js');
  const source = await PgliteDatabase.open(pgliteFolder);
  try {
    await migrate(source);
    const tables = await userTables(source);
    await target.transaction(async (tx) => {
      // Foreign keys are checked by the source already; the copy order does not matter.
      await tx.exec('SET LOCAL session_replication_role = replica');
      const copied = tables.filter(({ table }) => table !== 'schema_migrations');
      await refuseUnlessEmpty(tx, copied);
      for (const { table, columns } of copied) {
        const rows = await source.query<{ rows: string | null }>(
          `SELECT json_agg(row_to_json(t))::text AS rows FROM ${quote(table)} t`,
        );
        const json = rows[0]?.rows;
        if (!json) continue;
        const list = columns.map(quote).join(', ');
        await tx.query(
          `INSERT INTO ${quote(table)} (${list}) OVERRIDING SYSTEM VALUE
           SELECT ${list} FROM json_populate_recordset(NULL::${quote(table)}, $1::json)`,
          [json],
        );
      }
      await moveSequencesPastCopiedIds(tx);
    });
  } finally {
    await source.close();
  }
}

/**
 * Both catalogs holding rows (the PGlite folder came back after the server's catalog was
 * in use) is for a person to sort out: one of them would be lost.
 */
async function refuseUnlessEmpty(target: Database, tables: TableColumns[]): Promise<void> {
  for (const { table } of tables) {
    const [row] = await target.query(`SELECT 1 FROM ${quote(table)} LIMIT 1`);
    if (row) {
      throw new Error(
        `the catalog server already holds a catalog (table ${table} has rows), so the PGlite catalog is not copied over it`,
      );
    }
  }
}

/** The tables of the public schema with their stored (not generated) columns. */
async function userTables(database: Database): Promise<TableColumns[]> {
  const rows = await database.query<{ table: string; columns: string[] }>(
    `SELECT c.relname AS table, array_agg(a.attname::text ORDER BY a.attnum) AS columns
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attgenerated = ''
      GROUP BY c.relname`,
  );
  return rows;
}

async function moveSequencesPastCopiedIds(tx: Database): Promise<void> {
  const owned = await tx.query<{ sequence: string; table: string; column: string }>(
    `SELECT s.relname AS sequence, t.relname AS table, a.attname AS column
       FROM pg_depend d
       JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
       JOIN pg_class t ON t.oid = d.refobjid
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
       JOIN pg_namespace n ON n.oid = s.relnamespace
      WHERE n.nspname = 'public'`,
  );
  for (const { sequence, table, column } of owned) {
    await tx.query(
      `SELECT setval($1, COALESCE((SELECT max(${quote(column)}) FROM ${quote(table)}), 0) + 1, false)`,
      [quote(sequence)],
    );
  }
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
