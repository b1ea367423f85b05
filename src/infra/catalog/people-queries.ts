import type { Grant } from '../../model/person.js';
import type { Database } from './database.js';

/** An account as the catalog holds it, hash included: for signing in, never for showing. */
export interface AccountRow {
  id: string;
  name: string;
  passwordHash: string;
  disabled: boolean;
  language: 'vi' | 'en';
}

export async function accountRowOf(db: Database, id: string): Promise<AccountRow | undefined> {
  const [row] = await db.query<{
    id: string;
    name: string;
    password_hash: string;
    disabled: boolean;
    language: 'vi' | 'en';
  }>('SELECT id, name, password_hash, disabled, language FROM accounts WHERE id = $1', [id]);
  if (!row) return undefined;
  return {
    id: row.id,
    name: row.name,
    passwordHash: row.password_hash,
    disabled: row.disabled,
    language: row.language,
  };
}

/** The grants a user holds, in the order they were given. */
export async function grantsOfAccount(db: Database, id: string): Promise<Grant[]> {
  const rows = await db.query<{ document: Grant | string }>(
    'SELECT document FROM account_grants WHERE account_id = $1 ORDER BY position',
    [id],
  );
  return rows.map((row) =>
    typeof row.document === 'string' ? (JSON.parse(row.document) as Grant) : row.document,
  );
}

/** Ids among `ids` that are collections of the catalog. */
export async function existingCollectionIds(
  db: Database,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.query<{ id: string }>('SELECT id FROM collections WHERE id = ANY($1)', [
    ids,
  ]);
  return new Set(rows.map((row) => row.id));
}
