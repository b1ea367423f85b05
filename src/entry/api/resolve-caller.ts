import type { FastifyRequest } from 'fastify';
import type { Database } from '../../infra/catalog/database.js';
import type { Person } from '../../model/person.js';
import { publicPerson } from '../../model/person.js';
import { isPersonalToken, tokenHolder } from '../../usecases/people/api-tokens.js';
import { csrfTokenMatches, sessionPerson } from '../../usecases/people/sessions.js';
import { bearerTokenOf, isArchiveToken, unauthorized } from './bearer-token.js';
import { Problem } from './problem.js';
import { sessionCookieOf } from './session-cookie.js';

/** Who a request speaks for; refuses (401) credentials it cannot accept. */
export type CallerResolver = (request: FastifyRequest) => Promise<Person>;

/** The holder of the archive's API token: an admin. */
export const apiTokenHolder: Person = {
  kind: 'account',
  id: 'api-token',
  name: 'API token holder',
  grants: [{ role: 'admin' }],
};

/** The header a browser's unsafe request sends its session's CSRF token in. */
export const CSRF_HEADER = 'x-heritage-csrf';

export interface CallerSources {
  /** The archive's configured token (`HERITAGE_API_TOKEN`). */
  adminToken: string | undefined;
  /** Where sessions and personal tokens are; without it only the configured token counts. */
  catalog?: Database;
}

/**
 * The person behind a request, tried in this order: a bearer token (the archive's
 * token is an admin, an `hrt_` token its account), then a session cookie, then the
 * public. A bearer token that is not valid is 401; a `read` token on an unsafe method
 * is 403; so is a cookie on an unsafe method without the session's CSRF header. A
 * cookie of no live session is the public: a browser that kept an old one still reads.
 */
export async function resolveCaller(
  request: FastifyRequest,
  { adminToken, catalog }: CallerSources,
): Promise<Person> {
  const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
  const bearer = bearerTokenOf(request.headers.authorization);
  if (bearer !== undefined) {
    if (isArchiveToken(bearer, adminToken)) return apiTokenHolder;
    const holder =
      catalog && isPersonalToken(bearer) ? await tokenHolder(catalog, bearer) : undefined;
    if (!holder) throw unauthorized('the token is not valid', 'invalid_token');
    if (unsafe && holder.scope === 'read')
      throw new Problem(403, 'this token may only read (scope "read")');
    return holder.person;
  }
  const secret = sessionCookieOf(request.headers.cookie);
  if (!catalog || secret === undefined) return publicPerson;
  const person = await sessionPerson(catalog, secret);
  if (!person) return publicPerson;
  const csrf = request.headers[CSRF_HEADER];
  if (unsafe && !csrfTokenMatches(secret, typeof csrf === 'string' ? csrf : undefined))
    throw new Problem(403, `a signed-in browser's change must carry the ${CSRF_HEADER} header`);
  return person;
}
