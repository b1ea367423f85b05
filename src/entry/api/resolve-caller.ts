import type { FastifyRequest } from 'fastify';
import type { Person } from '../../model/person.js';
import { publicPerson } from '../../model/person.js';
import { callerOf } from './bearer-token.js';

/** Who a request speaks for; refuses (401) credentials it cannot accept. */
export type CallerResolver = (request: FastifyRequest) => Promise<Person>;

/** The holder of the archive's API token: an admin. */
export const apiTokenHolder: Person = {
  kind: 'account',
  id: 'api-token',
  name: 'API token holder',
  grants: [{ role: 'admin' }],
};

/**
 * The person behind a request: without credentials, the public; with the archive's
 * API token, an admin. Sign-in sessions and personal tokens resolve here too, so that
 * every route asks the access policy with whoever this returns.
 */
export async function resolveCaller(
  request: FastifyRequest,
  token: string | undefined,
): Promise<Person> {
  return callerOf(request.headers.authorization, token) === 'archivist'
    ? apiTokenHolder
    : publicPerson;
}
