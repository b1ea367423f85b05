import type { Database } from './database.js';

/** An item an export may consider, with its processing status. */
export interface ExportCandidateRow {
  id: string;
  status: string;
}

/** Every item of the collections (all items when none are named), in id order. */
export async function exportCandidates(
  db: Database,
  collections: readonly string[],
): Promise<ExportCandidateRow[]> {
  if (collections.length === 0)
    return db.query<ExportCandidateRow>('SELECT id, status FROM items ORDER BY id');
  return db.query<ExportCandidateRow>(
    'SELECT id, status FROM items WHERE collection_id = ANY($1) ORDER BY id',
    [collections],
  );
}

/** One item's `export` event: which export, where it was published, and when (UTC, ISO 8601). */
export interface ExportEventRow {
  exportId: string;
  location: string;
  itemId: string;
  occurredAt: string;
}

/** Every `export` event that names its export, oldest first. */
export async function exportEvents(db: Database): Promise<ExportEventRow[]> {
  return db.query<ExportEventRow>(
    `SELECT data->>'exportId' AS "exportId", data->>'location' AS location, item_id AS "itemId",
            to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "occurredAt"
       FROM events WHERE type = 'export' AND data ? 'exportId' ORDER BY occurred_at, id`,
  );
}

/**
 * The secret stored under `name`; `made` is stored first when there is none yet, so
 * every worker asking at once gets the same one.
 */
export async function exportSecret(db: Database, name: string, made: string): Promise<string> {
  await db.query(
    'INSERT INTO export_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING',
    [name, made],
  );
  const [row] = await db.query<{ value: string }>(
    'SELECT value FROM export_secrets WHERE name = $1',
    [name],
  );
  if (!row) throw new Error(`the catalog lost the export secret ${name} it was just given`);
  return row.value;
}
