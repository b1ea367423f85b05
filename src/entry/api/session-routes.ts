import { z } from 'zod';
import type { Database } from '../../infra/catalog/database.js';
import { grantSchema, type Person } from '../../model/person.js';
import { accountLanguage } from '../../usecases/people/load-person.js';
import { csrfTokenOf, signIn, signOut } from '../../usecases/people/sessions.js';
import type { ApiRoutes } from './api-routes.js';
import { Problem } from './problem.js';
import { signInBody } from './request-schemas.js';
import { problems } from './response-schemas.js';
import { clearedSessionCookie, sessionCookie, sessionCookieOf } from './session-cookie.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route serves whoever asks, credentials unread (signing in). */
    signIn?: boolean;
  }
}

export interface SessionRouteOptions {
  catalog: Database;
  secureCookies: boolean;
  /** Sign-in attempts per client address per minute. */
  signInRateLimit: number;
}

// One answer for a wrong password, an unknown account and a disabled one, so that
// signing in does not tell which accounts exist.
const refused = () => new Problem(401, 'the user or the password is not right');

/** `POST /session` signs in, `DELETE /session` signs out, `GET /me` says who the caller is. */
export function registerSessionRoutes(
  routes: ApiRoutes,
  { catalog, secureCookies, signInRateLimit }: SessionRouteOptions,
): void {
  routes.post(
    '/session',
    {
      config: { signIn: true, rateLimit: { max: signInRateLimit, timeWindow: 60_000 } },
      schema: {
        summary: 'Signs a browser in: sets the session cookie and answers its CSRF token',
        tags: ['sign-in'],
        body: signInBody,
        response: {
          200: whoSchema.and(z.object({ csrfToken: z.string(), expiresAt: z.string() })),
          ...problems(400, 401, 429),
        },
      },
    },
    async (request, reply) => {
      const { user, password } = request.body;
      const session = await signIn(catalog, user, password);
      if (!session) throw refused();
      reply.header('set-cookie', sessionCookie(session.secret, session.expiresAt, secureCookies));
      reply.header('cache-control', 'no-store');
      return {
        ...(await describe(catalog, session.person)),
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt.toISOString(),
      };
    },
  );

  // The caller's resolution (preHandler) has already asked for the CSRF header.
  routes.delete(
    '/session',
    {
      schema: {
        summary: 'Signs out: ends the session of the cookie',
        tags: ['sign-in'],
        response: { 204: z.undefined(), ...problems(403) },
      },
    },
    async (request, reply) => {
      const secret = sessionCookieOf(request.headers.cookie);
      if (secret !== undefined) await signOut(catalog, secret);
      reply.header('set-cookie', clearedSessionCookie(secureCookies));
      return reply.code(204).send();
    },
  );

  routes.get(
    '/me',
    {
      schema: {
        summary: 'Who the caller is',
        tags: ['sign-in'],
        response: {
          200: whoSchema.and(z.object({ csrfToken: z.string().optional() })),
          ...problems(401),
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const who = await describe(catalog, request.caller);
      const secret = sessionCookieOf(request.headers.cookie);
      // Only a browser signed in by cookie needs the CSRF token; a bearer token does not.
      const byCookie =
        request.caller.kind === 'account' &&
        request.headers.authorization === undefined &&
        secret !== undefined;
      return byCookie && secret ? { ...who, csrfToken: csrfTokenOf(secret) } : who;
    },
  );
}

const whoSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('public') }),
    z.object({
      kind: z.literal('account'),
      id: z.string(),
      name: z.string(),
      language: z.enum(['vi', 'en']).optional(),
      grants: z.array(grantSchema).readonly(),
      communities: z.array(z.string()),
    }),
  ])
  .meta({ id: 'Caller' });

/** What `/me` and a sign-in show of a person: never a hash or a secret. */
async function describe(catalog: Database, person: Person) {
  if (person.kind === 'public') return { kind: 'public' as const };
  const communities = [
    ...new Set(
      person.grants.flatMap((grant) =>
        grant.role === 'custodian' || grant.role === 'member' ? [grant.community] : [],
      ),
    ),
  ];
  return {
    kind: 'account' as const,
    id: person.id,
    name: person.name,
    language: await accountLanguage(catalog, person.id),
    grants: person.grants,
    communities,
  };
}
