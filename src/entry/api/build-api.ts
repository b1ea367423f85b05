import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Archive } from '../../archive/archive.js';
import { createItemLocks, type ItemLocks } from '../../archive/item-lock.js';
import type { Database } from '../../infra/catalog/database.js';
import type { Settings } from '../../infra/config/settings-schema.js';
import type { QueueRuntime } from '../../jobs/queue-runtime.js';
import { type Person, publicPerson } from '../../model/person.js';
import { registerAccessEventRoutes } from './access-event-routes.js';
import { registerAnnotationWorkspaceRoutes } from './annotation-workspace-routes.js';
import { registerAnnotationWriteRoutes } from './annotation-write-routes.js';
import type { ApiContext } from './api-routes.js';
import { registerCollectionRoutes } from './collection-routes.js';
import { concurrencyGate } from './concurrency-gate.js';
import { registerDepositRoutes } from './deposit-routes.js';
import { registerExportRoutes } from './export-routes.js';
import { registerHealthRoutes } from './health-routes.js';
import { registerItemEditRoutes } from './item-edit-routes.js';
import { registerItemRoutes } from './item-routes.js';
import { registerJobRoutes } from './job-routes.js';
import { registerMediaRoutes } from './media-routes.js';
import { API_PREFIX, registerOpenApi } from './openapi.js';
import { registerOperationsRoutes } from './operations-routes.js';
import { registerPeopleRoutes } from './people-routes.js';
import { answerErrorsAsProblems, Problem } from './problem.js';
import { type CallerResolver, resolveCaller } from './resolve-caller.js';
import { registerSearchRoutes } from './search-routes.js';
import { secureCookiesFor } from './session-cookie.js';
import { registerSessionRoutes } from './session-routes.js';
import { registerVocabularyRoutes } from './vocabulary-routes.js';
import { builtWebAppFolder, registerWebApp } from './web-app.js';

export interface ApiDependencies {
  settings: Settings;
  catalog: Database;
  queues: QueueRuntime;
  /**
   * The archive (storage and this catalog), for the routes that write new object
   * versions; without it they answer 503.
   */
  archive?: Archive;
  /** Item locks; made on the queues' Redis when not given, and closed with the server. */
  locks?: ItemLocks;
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
  archive,
  locks,
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
    writer: writerOf(app, queues, archive, locks, onServerError),
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
      registerCollectionRoutes(routes, context);
      registerItemEditRoutes(routes, context);
      registerAnnotationWriteRoutes(routes, context);
      registerAnnotationWorkspaceRoutes(routes, context);
      registerVocabularyRoutes(routes, context);
      registerOperationsRoutes(routes, context);
      registerMediaRoutes(routes, context);
      registerDepositRoutes(routes, context);
      registerExportRoutes(routes, context);
      registerPeopleRoutes(routes, context);
    },
    { prefix: API_PREFIX },
  );
  if (webApp !== false) registerWebApp(app, webApp);
  return app;
}

/**
 * The archive and item locks for writing routes. Locks not given are made on first
 * use (a Redis connection of their own) and closed with the server.
 */
function writerOf(
  app: FastifyInstance,
  queues: QueueRuntime,
  archive: Archive | undefined,
  given: ItemLocks | undefined,
  onServerError: (error: unknown) => void,
): ApiContext['writer'] {
  let made: ItemLocks | undefined;
  app.addHook('onClose', async () => {
    await made?.close();
  });
  return () => {
    if (!archive)
      throw new Problem(
        503,
        'this server was started without the archive storage: it cannot write',
      );
    if (given) return { archive, locks: given };
    made ??= createItemLocks(queues, { warn: (message) => onServerError(new Error(message)) });
    return { archive, locks: made };
  };
}
