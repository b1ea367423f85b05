import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Database } from '../../infra/catalog/database.js';
import {
  deleteSession,
  insertSession,
  touchLiveSession,
} from '../../infra/catalog/session-rows.js';
import type { Person } from '../../model/person.js';
import { loadPerson, verifyPassword } from './load-person.js';
import { newSecret, secretDigest } from './secret-digest.js';

/**
 * How long a session lasts from sign-in. Fixed, not sliding: a stolen cookie stops
 * working at the latest 12 hours after its owner signed in, however much it is used.
 */
export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;

export interface StartedSession {
  /** The cookie's value; only its sha256 is stored. */
  secret: string;
  csrfToken: string;
  expiresAt: Date;
  person: Person;
}

/** Starts a session for the account if the password is its own; undefined otherwise. */
export async function signIn(
  catalog: Database,
  user: string,
  password: string,
  now = new Date(),
): Promise<StartedSession | undefined> {
  const person = await verifyPassword(catalog, user, password);
  if (person?.kind !== 'account') return undefined;
  const secret = newSecret();
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
  await insertSession(catalog, {
    secretSha256: secretDigest(secret),
    accountId: person.id,
    createdAt: now,
    expiresAt,
    lastSeenAt: now,
  });
  return { secret, csrfToken: csrfTokenOf(secret), expiresAt, person };
}

/** The person of a live session of an enabled account; undefined for anything else. */
export async function sessionPerson(
  catalog: Database,
  secret: string,
  now = new Date(),
): Promise<Person | undefined> {
  const session = await touchLiveSession(catalog, secretDigest(secret), now);
  return session && loadPerson(catalog, session.accountId);
}

export async function signOut(catalog: Database, secret: string): Promise<void> {
  await deleteSession(catalog, secretDigest(secret));
}

/**
 * The session's CSRF token, derived from its secret (HMAC), so nothing more is stored
 * and the token tells nothing of the cookie. A page of another site cannot read it, so
 * cannot send it with a request the browser adds the cookie to.
 */
export function csrfTokenOf(secret: string): string {
  return createHmac('sha256', secret).update('heritage csrf token').digest('base64url');
}

/** True when `given` is the session's CSRF token; compared in constant time. */
export function csrfTokenMatches(secret: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const expected = Buffer.from(csrfTokenOf(secret));
  const sent = Buffer.from(given);
  return sent.length === expected.length && timingSafeEqual(sent, expected);
}
