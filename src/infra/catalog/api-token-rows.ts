import type { Database } from './database.js';

export type ApiTokenScope = 'read' | 'write';

/** A personal API token as the catalog holds it: the digest of its secret, never the secret. */
export interface ApiTokenRow {
  id: string;
  accountId: string;
  name: string;
  scope: ApiTokenScope;
  secretSha256: string;
  createdAt: Date;
  expiresAt: Date | undefined;
  revokedAt: Date | undefined;
  lastUsedAt: Date | undefined;
}

interface StoredToken {
  id: string;
  account_id: string;
  name: string;
  scope: ApiTokenScope;
  secret_sha256: string;
  created_at: Date | string;
  expires_at: Date | string | null;
  revoked_at: Date | string | null;
  last_used_at: Date | string | null;
}

const COLUMNS =
  'id, account_id, name, scope, secret_sha256, created_at, expires_at, revoked_at, last_used_at';

export async function insertApiToken(db: Database, token: ApiTokenRow): Promise<void> {
  await db.query(
    `INSERT INTO api_tokens (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, NULL)`,
    [
      token.id,
      token.accountId,
      token.name,
      token.scope,
      token.secretSha256,
      token.createdAt.toISOString(),
      token.expiresAt?.toISOString() ?? null,
    ],
  );
}

/** The token of this digest, revoked or expired ones included; its last use set to `now`. */
export async function useApiToken(
  db: Database,
  secretSha256: string,
  now: Date,
): Promise<ApiTokenRow | undefined> {
  const [row] = await db.query<StoredToken>(
    `UPDATE api_tokens SET last_used_at = $2 WHERE secret_sha256 = $1 RETURNING ${COLUMNS}`,
    [secretSha256, now.toISOString()],
  );
  return row && tokenOf(row);
}

/** Tokens, all or one account's, oldest first. */
export async function listApiTokenRows(db: Database, accountId?: string): Promise<ApiTokenRow[]> {
  const rows = await db.query<StoredToken>(
    `SELECT ${COLUMNS} FROM api_tokens WHERE $1::text IS NULL OR account_id = $1
     ORDER BY created_at, id`,
    [accountId ?? null],
  );
  return rows.map(tokenOf);
}

/** Marks a token revoked at `now`; false when there is no such token. A revoked one stays so. */
export async function revokeApiTokenRow(db: Database, id: string, now: Date): Promise<boolean> {
  const rows = await db.query<{ id: string }>(
    `UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1 RETURNING id`,
    [id, now.toISOString()],
  );
  return rows.length > 0;
}

function tokenOf(row: StoredToken): ApiTokenRow {
  const date = (value: Date | string | null) => (value === null ? undefined : new Date(value));
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    scope: row.scope,
    secretSha256: row.secret_sha256,
    createdAt: new Date(row.created_at),
    expiresAt: date(row.expires_at),
    revokedAt: date(row.revoked_at),
    lastUsedAt: date(row.last_used_at),
  };
}
