import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { searchAnnotations } from '../../infra/catalog/annotation-queries.js';
import { pingCatalog } from '../../infra/catalog/catalog-health.js';
import type { Database } from '../../infra/catalog/database.js';
import { accessFactsOf, getItem } from '../../infra/catalog/item-queries.js';
import type { Settings } from '../../infra/config/settings-schema.js';
import { allQueueNames, type QueueName } from '../../jobs/names.js';
import type { QueueRuntime } from '../../jobs/queue-runtime.js';
import { type AccessFacts, decideAccess, isStaffFor } from '../../model/access-policy.js';
import { isAdmin, type Person, publicPerson } from '../../model/person.js';
import { publicAnnotation, publicItem } from '../../model/public-view.js';
import { itemsVisibleTo, searchVisibleTo } from '../../usecases/items/items-visible-to.js';
import { recordRead, registerAccessEventRoutes } from './access-event-routes.js';
import { unauthorized } from './bearer-token.js';
import { concurrencyGate } from './concurrency-gate.js';
import { answerErrorsAsProblems, Problem } from './problem.js';
import {
  annotationQuery,
  itemListQuery,
  itemParams,
  jobParams,
  parseRequest,
  searchQuery,
} from './request-schemas.js';
import { type CallerResolver, resolveCaller } from './resolve-caller.js';
import { secureCookiesFor } from './session-cookie.js';
import { registerSessionRoutes } from './session-routes.js';

export interface ApiDependencies {
  settings: Settings;
  catalog: Database;
  queues: QueueRuntime;
  /** Where errors the client is not told about go (the server's log). */
  onServerError?: (error: unknown) => void;
  /** Who each request speaks for (default: bearer token, then session cookie, then the public). */
  resolveCaller?: CallerResolver;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller: Person;
  }
}

/**
 * The HTTP API. Every route that shows items, search hits, files or annotations asks
 * the access policy (`decideAccess`, purpose `view`) with the caller's person, item by
 * item. Staff of an item's collection read its catalog record; everyone else its public
 * view (src/model/public-view.ts). An item the caller may not see answers exactly as a
 * missing one: the access decision comes from one query that both run, before anything
 * else is read, and lists and hits hold only what the caller may see.
 */
export function buildApi({
  settings,
  catalog,
  queues,
  onServerError = () => {},
  resolveCaller: resolve = (request) =>
    resolveCaller(request, { adminToken: settings.api.token, catalog }),
}: ApiDependencies): FastifyInstance {
  // Identifiers run to 128 characters; longer parameters reach zod and get its 400.
  const app = Fastify({ logger: false, routerOptions: { maxParamLength: 512 } });
  answerErrorsAsProblems(app, onServerError);
  app.register(helmet);
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
  // Scans of the whole catalog wait for each other; item pages and /health do not.
  const expensive = concurrencyGate(settings.api.searchConcurrency);

  const mayView = (who: Person, facts: AccessFacts | undefined): facts is AccessFacts =>
    facts !== undefined && decideAccess(who, facts, 'view').allowed;
  // One body for every id, so that a hidden item's answer is a missing one's, byte for byte.
  const notVisible = () => new Problem(404, 'no such item is visible here');
  /** The item's access facts, if the caller may see it; one query, missing or hidden alike. */
  const visibleFacts = async (request: FastifyRequest, id: string) => {
    const facts = (await accessFactsOf(catalog, [id])).get(id);
    if (!mayView(request.caller, facts)) throw notVisible();
    return facts;
  };

  app.register(async (routes) => {
    // Set for every request by the hook below; a decorator may not hold an object itself.
    routes.decorateRequest('caller', null as never);
    // After the rate limit (onRequest), so that guessing tokens is limited too.
    routes.addHook('preHandler', async (request) => {
      request.caller = request.routeOptions.config.signIn ? publicPerson : await resolve(request);
    });

    registerSessionRoutes(routes, {
      catalog,
      secureCookies: secureCookiesFor(settings.api.secureCookies, settings.api.host),
      signInRateLimit: settings.api.signInRateLimit,
    });
    registerAccessEventRoutes(routes, catalog);

    routes.get('/health', { config: { rateLimit: false } }, async () => {
      await pingCatalog(catalog);
      await queues.queue(allQueueNames[0] as QueueName).getJobCounts('active');
      return { ok: true };
    });

    routes.get('/items', async (request) => {
      const filters = parseRequest(itemListQuery, request.query);
      const who = request.caller;
      return expensive(async () => ({ items: await itemsVisibleTo(catalog, who, filters) }));
    });

    routes.get('/items/:id', async (request) => {
      const { id } = parseRequest(itemParams, request.params);
      const facts = await visibleFacts(request, id);
      const item = await getItem(catalog, id);
      if (!item) throw notVisible();
      await recordRead(catalog, request.caller, facts, 'item');
      return isStaffFor(request.caller, facts) ? item : publicItem(item, facts.consent);
    });

    routes.get('/items/:id/annotations', async (request) => {
      const { id } = parseRequest(itemParams, request.params);
      const query = parseRequest(annotationQuery, request.query);
      const facts = await visibleFacts(request, id);
      const annotations = await expensive(() =>
        searchAnnotations(catalog, {
          itemId: id,
          type: query.type,
          term: query.term,
          startMs: query.from,
          endMs: query.to,
        }),
      );
      await recordRead(catalog, request.caller, facts, 'annotations');
      if (!isStaffFor(request.caller, facts))
        return { annotations: annotations.map(publicAnnotation) };
      return {
        annotations: annotations.map(
          ({ itemId: _item, title: _title, accessProtocol: _access, ...annotation }) => annotation,
        ),
      };
    });

    routes.get('/search', async (request) => {
      const { q } = parseRequest(searchQuery, request.query);
      const who = request.caller;
      return expensive(async () => ({ hits: await searchVisibleTo(catalog, who, q) }));
    });

    routes.get('/jobs/:queue/:id', async (request) => {
      if (!isAdmin(request.caller))
        throw unauthorized('jobs are shown to archivists only (Authorization: Bearer <token>)');
      const params = parseRequest(jobParams, request.params);
      const job = await queues.queue(params.queue).getJob(params.id);
      // A job of a catalogued item the caller may not see is as missing as an unknown one.
      const itemId: unknown = job?.data?.itemId;
      const itemFacts =
        typeof itemId === 'string'
          ? (await accessFactsOf(catalog, [itemId])).get(itemId)
          : undefined;
      if (!job || (itemFacts && !mayView(request.caller, itemFacts)))
        throw new Problem(404, `no job "${params.id}" in ${params.queue}`);
      return {
        id: job.id,
        name: job.name,
        state: await job.getState(),
        progress: job.progress,
        attemptsMade: job.attemptsMade,
        failedReason: job.failedReason || undefined,
        data: job.data,
      };
    });
  });
  return app;
}
