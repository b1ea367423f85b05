import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { searchAnnotations } from '../../infra/catalog/annotation-queries.js';
import { pingCatalog } from '../../infra/catalog/catalog-health.js';
import type { Database } from '../../infra/catalog/database.js';
import {
  accessFactsOf,
  getItem,
  itemRecordsOf,
  listItems,
  searchCatalog,
} from '../../infra/catalog/item-queries.js';
import { foldForSearch } from '../../infra/catalog/search-text.js';
import type { Settings } from '../../infra/config/settings-schema.js';
import { allQueueNames, type QueueName } from '../../jobs/names.js';
import type { QueueRuntime } from '../../jobs/queue-runtime.js';
import { type AccessFacts, decideAccess } from '../../model/access-policy.js';
import {
  publicAnnotation,
  publicItem,
  publicItemSummary,
  publicMetadata,
  publicSearchableText,
} from '../../model/public-view.js';
import { type Caller, callerOf, unauthorized } from './bearer-token.js';
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

export interface ApiDependencies {
  settings: Settings;
  catalog: Database;
  queues: QueueRuntime;
  /** Where errors the client is not told about go (the server's log). */
  onServerError?: (error: unknown) => void;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller;
  }
}

/**
 * The HTTP API. Without the archivist token it shows only what the access policy
 * lets the public see, through the public view of each item (src/domain/public-view.ts);
 * with it, every item's catalog record and every job. Secret/sacred items are never
 * shown publicly, and a hidden item answers exactly as a missing one: the access
 * decision comes from one query that both run, before anything else is read.
 */
export function buildApi({
  settings,
  catalog,
  queues,
  onServerError = () => {},
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

  const isPublic = (facts: AccessFacts | undefined): facts is AccessFacts =>
    facts !== undefined && decideAccess(facts, 'public-view').allowed;
  // One body for every id, so that a hidden item's answer is a missing one's, byte for byte.
  const notVisible = () => new Problem(404, 'no such item is visible here');
  /** The item's access facts, if the caller may see it; one query, missing or hidden alike. */
  const visibleFacts = async (request: FastifyRequest, id: string) => {
    const facts = (await accessFactsOf(catalog, [id])).get(id);
    if (!facts || (request.caller === 'public' && !isPublic(facts))) throw notVisible();
    return facts;
  };

  app.register(async (routes) => {
    routes.decorateRequest('caller', 'public');
    // After the rate limit (onRequest), so that guessing tokens is limited too.
    routes.addHook('preHandler', async (request) => {
      request.caller = callerOf(request.headers.authorization, settings.api.token);
    });

    routes.get('/health', { config: { rateLimit: false } }, async () => {
      await pingCatalog(catalog);
      await queues.queue(allQueueNames[0] as QueueName).getJobCounts('active');
      return { ok: true };
    });

    routes.get('/items', async (request) => {
      const filters = parseRequest(itemListQuery, request.query);
      return expensive(async () => {
        const items = await listItems(catalog, filters);
        if (request.caller === 'archivist') return { items };
        const facts = await accessFactsOf(
          catalog,
          items.map((item) => item.id),
        );
        return {
          items: items.filter((item) => isPublic(facts.get(item.id))).map(publicItemSummary),
        };
      });
    });

    routes.get('/items/:id', async (request) => {
      const { id } = parseRequest(itemParams, request.params);
      const facts = await visibleFacts(request, id);
      const item = await getItem(catalog, id);
      if (!item) throw notVisible();
      return request.caller === 'archivist' ? item : publicItem(item, facts.consent);
    });

    routes.get('/items/:id/annotations', async (request) => {
      const { id } = parseRequest(itemParams, request.params);
      const query = parseRequest(annotationQuery, request.query);
      await visibleFacts(request, id);
      const annotations = await expensive(() =>
        searchAnnotations(catalog, {
          itemId: id,
          type: query.type,
          term: query.term,
          startMs: query.from,
          endMs: query.to,
        }),
      );
      if (request.caller === 'public') return { annotations: annotations.map(publicAnnotation) };
      return {
        annotations: annotations.map(
          ({ itemId: _item, title: _title, accessProtocol: _access, ...annotation }) => annotation,
        ),
      };
    });

    routes.get('/search', async (request) => {
      const { q } = parseRequest(searchQuery, request.query);
      return expensive(async () => {
        if (request.caller === 'archivist') return { hits: await searchCatalog(catalog, q) };
        const hits = await searchCatalog(catalog, q, ['open']);
        const ids = [...new Set(hits.map((hit) => hit.itemId))];
        const facts = await accessFactsOf(catalog, ids);
        const records = await itemRecordsOf(
          catalog,
          ids.filter((id) => isPublic(facts.get(id))),
        );
        // The catalog's search text holds every contributor's name and extra column;
        // the public may find an item only by what its public view shows.
        const words = foldForSearch(q);
        const findable = (itemId: string) => {
          const consent = facts.get(itemId)?.consent;
          const record = records.get(itemId);
          if (!consent || !record) return false;
          const text = publicSearchableText(itemId, publicMetadata(record, consent));
          return foldForSearch(text).includes(words);
        };
        return {
          hits: hits.filter(
            (hit) =>
              isPublic(facts.get(hit.itemId)) &&
              (hit.source !== 'metadata' || findable(hit.itemId)),
          ),
        };
      });
    });

    routes.get('/jobs/:queue/:id', async (request) => {
      if (request.caller !== 'archivist')
        throw unauthorized('jobs are shown to archivists only (Authorization: Bearer <token>)');
      const params = parseRequest(jobParams, request.params);
      const job = await queues.queue(params.queue).getJob(params.id);
      if (!job) throw new Problem(404, `no job "${params.id}" in ${params.queue}`);
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
