import type { Person } from '../../model/person.js';
import { Problem } from './problem.js';

/**
 * The author a change is recorded under: the caller's account id (`api-token` for the
 * archive's token). The policy never lets the public write, so this is only a guard.
 */
export function authorOf(who: Person): string {
  if (who.kind !== 'account') throw new Problem(401, 'sign in to change the archive');
  return who.id;
}
