import type { Database } from './database.js';

/** A browser session as the catalog holds it: the digest of its secret, never the secret. */
export interface SessionRow {
  secretSha256: string;
  accountId: string;
  createdAt: Date;
  expiresAt: Date;
  lastSeenAt: Date;
}

export async function insertSession(db: Database, session: SessionRow): Promise<void> {
  // Expired sessions go when a new one starts, so the table does not grow forever and
  // the requests that only read a session do not write the whole table.
  await db.query('DELETE FROM sessions WHERE expires_at <= $1', [session.createdAt.toISOString()]);
  await db.query(
    `INSERT INTO sessions (secret_sha256, account_id, created_at, expires_at, last_seen_at)
     VALUES ($1, $2, $3, $4, $5)`,
    [
      session.secretSha256,
      session.accountId,
      session.createdAt.toISOString(),
      session.expiresAt.toISOString(),
      session.lastSeenAt.toISOString(),
    ],
  );
}

/**
 * The session of this digest if it has not expired at `now`, its last-seen time set to
 * `now` (expired ones are deleted by `insertSession`).
 */
export async function touchLiveSession(
  db: Database,
  secretSha256: string,
  now: Date,
): Promise<SessionRow | undefined> {
  const [row] = await db.query<{
    secret_sha256: string;
    account_id: string;
    created_at: Date | string;
    expires_at: Date | string;
    last_seen_at: Date | string;
  }>(
    `UPDATE sessions SET last_seen_at = $2 WHERE secret_sha256 = $1 AND expires_at > $2
     RETURNING secret_sha256, account_id, created_at, expires_at, last_seen_at`,
    [secretSha256, now.toISOString()],
  );
  if (!row) return undefined;
  return {
    secretSha256: row.secret_sha256,
    accountId: row.account_id,
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
    lastSeenAt: new Date(row.last_seen_at),
  };
}

export async function deleteSession(db: Database, secretSha256: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE secret_sha256 = $1', [secretSha256]);
}

/** Every session row, digests only: for tests and audits. */
export async function sessionDigests(db: Database): Promise<string[]> {
  const rows = await db.query<{ secret_sha256: string }>('SELECT secret_sha256 FROM sessions');
  return rows.map((row) => row.secret_sha256);
}
