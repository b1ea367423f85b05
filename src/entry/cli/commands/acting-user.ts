import type { Database } from '../../../infra/catalog/database.js';
import { localAdmin } from '../../../model/archive-operator.js';
import type { Person } from '../../../model/person.js';
import { loadPerson } from '../../../usecases/people/load-person.js';
import { UsageError } from '../exit-codes.js';

/** Who the CLI acts as when neither `--as` nor `HERITAGE_USER` says: the local administrator. */
export const LOCAL_ADMIN = 'local-admin';

/** The options through which a command learns who runs it (`--as` is a global option). */
export interface ActingOptions {
  as?: string;
}

/** The user named by `--as`, else by `HERITAGE_USER`; undefined when neither names one. */
export function namedUser(options: ActingOptions): string | undefined {
  const named = options.as ?? process.env.HERITAGE_USER;
  if (named === undefined) return undefined;
  if (named.trim() === '') throw new UsageError('--as: the user must not be empty');
  return named;
}

/** The name the CLI acts under: the named user, else the local admin. */
export function actingUserName(options: ActingOptions): string {
  return namedUser(options) ?? LOCAL_ADMIN;
}

/**
 * The person the CLI acts as, for the access policy to judge: the account named by
 * `--as` or `HERITAGE_USER`, else the local admin. A named account that does not exist
 * or is disabled is refused, never replaced by anyone else. `local-admin` named
 * explicitly is the local admin unless an account of that id exists.
 */
export async function actingPerson(catalog: Database, options: ActingOptions): Promise<Person> {
  const named = namedUser(options);
  if (named === undefined) return localAdmin;
  const person = await loadPerson(catalog, named);
  if (person) return person;
  if (named === LOCAL_ADMIN) return localAdmin;
  throw new UsageError(
    `--as: no enabled user "${named}" (add one with heritage users add, or leave out --as and HERITAGE_USER to act as ${LOCAL_ADMIN})`,
  );
}

/** Whether the CLI acts as the local admin, who keeps every operator command. */
export function isLocalAdmin(who: Person): boolean {
  return who === localAdmin;
}
