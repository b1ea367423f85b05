import { randomBytes } from 'node:crypto';
import {
  type ApiTokenRow,
  type ApiTokenScope,
  insertApiToken,
  listApiTokenRows,
  revokeApiTokenRow,
  useApiToken,
} from '../../infra/catalog/api-token-rows.js';
import type { Database } from '../../infra/catalog/database.js';
import { PeopleRuleError } from '../../model/people-register.js';
import type { Person } from '../../model/person.js';
import { loadPerson } from './load-person.js';
import { newSecret, secretDigest } from './secret-digest.js';

export type { ApiTokenScope };

/** Every personal token starts so, so that scanners and people can tell one when they see it. */
export const API_TOKEN_PREFIX = 'hrt_';

/** A token as it may be shown: everything but the digest of its secret. */
export type ShownApiToken = Omit<ApiTokenRow, 'secretSha256'>;

/** Makes a token for an enabled account. The token itself is returned once and never stored. */
export async function createApiToken(
  catalog: Database,
  request: { user: string; name: string; scope: ApiTokenScope; expiresAt?: Date },
  now = new Date(),
): Promise<{ token: string; shown: ShownApiToken }> {
  if (!(await loadPerson(catalog, request.user)))
    throw new PeopleRuleError(`user "${request.user}": no such enabled account`);
  const token = `${API_TOKEN_PREFIX}${newSecret()}`;
  const row: ApiTokenRow = {
    id: randomBytes(6).toString('hex'),
    accountId: request.user,
    name: request.name,
    scope: request.scope,
    secretSha256: secretDigest(token),
    createdAt: now,
    expiresAt: request.expiresAt,
    revokedAt: undefined,
    lastUsedAt: undefined,
  };
  await insertApiToken(catalog, row);
  return { token, shown: shown(row) };
}

export async function listApiTokens(catalog: Database, user?: string): Promise<ShownApiToken[]> {
  return (await listApiTokenRows(catalog, user)).map(shown);
}

/** False when there is no token of that id. */
export function revokeApiToken(catalog: Database, id: string, now = new Date()): Promise<boolean> {
  return revokeApiTokenRow(catalog, id, now);
}

/** True for what looks like a personal token (not the archive's configured token). */
export function isPersonalToken(token: string): boolean {
  return token.startsWith(API_TOKEN_PREFIX);
}

/** The person and scope of a live token of an enabled account; undefined for anything else. */
export async function tokenHolder(
  catalog: Database,
  token: string,
  now = new Date(),
): Promise<{ person: Person; scope: ApiTokenScope } | undefined> {
  const row = await useApiToken(catalog, secretDigest(token), now);
  if (!row || tokenState(row, now) !== 'active') return undefined;
  const person = await loadPerson(catalog, row.accountId);
  return person && { person, scope: row.scope };
}

/** Whether a token may still be used: neither revoked nor past its expiry. */
export function tokenState(
  token: Pick<ApiTokenRow, 'revokedAt' | 'expiresAt'>,
  now: Date,
): 'active' | 'revoked' | 'expired' {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && token.expiresAt <= now) return 'expired';
  return 'active';
}

function shown({ secretSha256: _hidden, ...token }: ApiTokenRow): ShownApiToken {
  return token;
}
