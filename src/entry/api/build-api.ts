import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Database } from '../../infra/catalog/database.js';
import type { Settings } from '../../infra/config/settings-schema.js';
import type { QueueRuntime } from '../../jobs/queue-runtime.js';
import { type Person, publicPerson } from '../../model/person.js';
import { registerAccessEventRoutes } from './access-event-routes.js';
import type { ApiContext } from './api-routes.js';
import { concurrencyGate } from './concurrency-gate.js';
import { registerHealthRoutes } from './health-routes.js';
import { registerItemRoutes } from './item-routes.js';
import { registerJobRoutes } from './job-routes.js';
import { API_PREFIX, registerOpenApi } from './openapi.js';
import { answerErrorsAsProblems, Problem } from './problem.js';
import { type CallerResolver, resolveCaller } from './resolve-caller.js';
import { registerSearchRoutes } from './search-routes.js';
import { secureCookiesFor } from './session-cookie.js';
import { registerSessionRoutes } from './session-routes.js';
import { builtWebAppFolder, registerWebApp } from './web-app.js';

export interface ApiDependencies {
  settings: Settings;
  catalog: Database;
  queues: QueueRuntime;
  /** Where errors the client is not told about go (the server's log). */
  onServerError?: (error: unknown) => void;
  /** Who each request speaks for (default: bearer token, then session cookie, then the public). */
  resolveCaller?: CallerResolver;
  /** The built web app served at `/` (default: `dist/web` of the package), or false for none. */
  webApp?: string | false;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller: Person;
  }
}

/**
 * The HTTP API, under `/api`. Every route that shows items, search hits, files or
 * annotations asks the access policy (`decideAccess`) with the caller's person, item
 * by item. Staff of an item's collection read its catalog record; everyone else its
 * public view (src/model/public-view.ts). An item the caller may not see answers
 * exactly as a missing one (src/entry/api/item-visibility.ts), and lists and hits
 * hold only what the caller may see.
 */
export function buildApi({
  settings,
  catalog,
  queues,
  onServerError = () => {},
  resolveCaller: resolve = (request) =>
    resolveCaller(request, { adminToken: settings.api.token, catalog }),
  webApp = builtWebAppFolder(),
}: ApiDependencies): FastifyInstance {
  // Identifiers run to 128 characters; longer parameters reach zod and get its 400.
  const app = Fastify({ logger: false, routerOptions: { maxParamLength: 512 } });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  answerErrorsAsProblems(app, onServerError);
  const secureCookies = secureCookiesFor(settings.api.secureCookies, settings.api.host);
  // Helmet's default policy, which the web app runs under (its scripts and styles are
  // files of its own origin). Only `upgrade-insecure-requests` follows the setting: a
  // server told it is plain http (no Secure cookies) would otherwise send browsers to an
  // https address that does not answer for the app's own files. The OpenAPI page
  // replaces the policy with its own (openapi.ts).
  app.register(helmet, {
    contentSecurityPolicy: {
      directives: { upgradeInsecureRequests: secureCookies ? [] : null },
    },
  });
  app.register(rateLimit, {
    max: settings.api.rateLimit,
    timeWindow: settings.api.rateLimitWindowSeconds * 1000,
    errorResponseBuilder: (_request, context) =>
      new Problem(
        429,
        `more than ${context.max} requests in ${context.after}: wait and try again`,
        {},
        { 'retry-after': String(Math.ceil(context.ttl / 1000)) },
      ),
  });
  registerOpenApi(app);

  const context: ApiContext = {
    settings,
    catalog,
    queues,
    // Scans of the whole catalog wait for each other; item pages and /health do not.
    expensive: concurrencyGate(settings.api.searchConcurrency),
  };
  app.register(
    async (plain) => {
      const routes = plain.withTypeProvider<ZodTypeProvider>();
      // Set for every request by the hook below; a decorator may not hold an object itself.
      routes.decorateRequest('caller', null as never);
      // After the rate limit (onRequest), so that guessing tokens is limited too.
      routes.addHook('preHandler', async (request) => {
        request.caller = request.routeOptions.config.signIn ? publicPerson : await resolve(request);
      });
      registerHealthRoutes(routes, context);
      registerSessionRoutes(routes, {
        catalog,
        secureCookies,
        signInRateLimit: settings.api.signInRateLimit,
      });
      registerAccessEventRoutes(routes, catalog);
      registerItemRoutes(routes, context);
      registerSearchRoutes(routes, context);
      registerJobRoutes(routes, context);
    },
    { prefix: API_PREFIX },
  );
  if (webApp !== false) registerWebApp(app, webApp);
  return app;
}
