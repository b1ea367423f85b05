import { createHmac, randomBytes } from 'node:crypto';
import type { Database } from '../../infra/catalog/database.js';
import { exportSecret } from '../../infra/catalog/export-rows.js';

/**
 * A speaker's pseudonym: HMAC-SHA256 of the collection and the name, keyed by the
 * archive's secret salt. The same person keeps one pseudonym across exports of a
 * collection, a different one in another collection, and without the salt nobody
 * can test guessed names against it.
 */
export function speakerPseudonym(salt: string, collectionId: string, name: string): string {
  const person = name.normalize('NFC').trim().toLowerCase();
  const mac = createHmac('sha256', salt).update(`${collectionId}\u0000${person}`, 'utf8');
  return `spk-${mac.digest('hex').slice(0, 16)}`;
}

const SALT_NAME = 'speaker-pseudonym-salt';

/**
 * The archive's pseudonym salt, made (32 random bytes) the first time any export asks.
 * It lives in the catalog so every worker shares it; it is not in the archive objects,
 * which would publish it with them. Losing it changes every pseudonym.
 */
export async function pseudonymSalt(db: Database): Promise<string> {
  return exportSecret(db, SALT_NAME, randomBytes(32).toString('hex'));
}
