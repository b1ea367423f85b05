import type { Database } from '../../infra/catalog/database.js';
import {
  type AccountRow,
  accountRowOf,
  grantsOfAccount,
} from '../../infra/catalog/people-queries.js';
import type { Person } from '../../model/person.js';
import { passwordMatches, standInHash } from './password-hash.js';

/** The signed-in person of an account, with its grants; undefined for an unknown or disabled one. */
export async function loadPerson(catalog: Database, id: string): Promise<Person | undefined> {
  const account = await accountRowOf(catalog, id);
  if (!account || account.disabled) return undefined;
  return personOf(catalog, account);
}

/** The language an enabled account prefers; undefined for an unknown or disabled one. */
export async function accountLanguage(
  catalog: Database,
  id: string,
): Promise<'vi' | 'en' | undefined> {
  const account = await accountRowOf(catalog, id);
  return account && !account.disabled ? account.language : undefined;
}

/**
 * The person whose password this is, or undefined. An unknown account still costs one
 * hash check, and a disabled one is checked before it is refused, so the time taken
 * does not tell which accounts exist.
 */
export async function verifyPassword(
  catalog: Database,
  id: string,
  password: string,
): Promise<Person | undefined> {
  // Made before the look-up, so that the first refusal of an unknown account is not the slow one.
  const standIn = await standInHash();
  const account = await accountRowOf(catalog, id);
  const matches = await passwordMatches(account?.passwordHash ?? standIn, password);
  if (!account || !matches || account.disabled) return undefined;
  return personOf(catalog, account);
}

async function personOf(catalog: Database, account: AccountRow): Promise<Person> {
  return {
    kind: 'account',
    id: account.id,
    name: account.name,
    grants: await grantsOfAccount(catalog, account.id),
  };
}
