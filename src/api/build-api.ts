import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { searchAnnotations } from '../catalog/annotation-queries.js';
import type { Database } from '../catalog/database.js';
import { accessFactsOf, getItem, listItems, searchCatalog } from '../catalog/item-queries.js';
import type { Settings } from '../config/settings-schema.js';
import { type AccessFacts, decideAccess } from '../domain/access-policy.js';
import { allQueueNames, type QueueName } from '../queue/names.js';
import type { QueueRuntime } from '../queue/queue-runtime.js';

export interface ApiDependencies {
  settings: Settings;
  catalog: Database;
  queues: QueueRuntime;
}

/**
 * The HTTP API. Without the archivist token it shows only what the access policy
 * lets the public see; with it, every item's metadata and every job. Secret/sacred
 * items are never listed publicly.
 */
export function buildApi({ settings, catalog, queues }: ApiDependencies): FastifyInstance {
  const app = Fastify({ logger: false });
  const isArchivist = (request: FastifyRequest) => {
    const token = settings.api.token;
    const given = request.headers.authorization?.replace(/^Bearer\s+/i, '') ?? '';
    return (
      token !== undefined &&
      given.length === token.length &&
      timingSafeEqual(Buffer.from(given), Buffer.from(token))
    );
  };
  const isPublic = (facts: AccessFacts | undefined) =>
    facts !== undefined && decideAccess(facts, 'public-view').allowed;
  /** The item, if it exists and the caller may see it (archivists see every item). */
  const visibleItem = async (request: FastifyRequest, id: string) => {
    const item = await getItem(catalog, id);
    if (!item || isArchivist(request)) return item;
    return isPublic((await accessFactsOf(catalog, [id])).get(id)) ? item : undefined;
  };

  app.get('/health', async () => {
    await catalog.query('SELECT 1');
    await queues.queue(allQueueNames[0] as QueueName).getJobCounts('active');
    return { ok: true };
  });

  app.get<{ Querystring: { collection?: string; status?: string } }>('/items', async (request) => {
    const items = await listItems(catalog, {
      collection: request.query.collection,
      status: request.query.status,
    });
    if (isArchivist(request)) return { items };
    const facts = await accessFactsOf(
      catalog,
      items.map((item) => item.id),
    );
    return {
      items: items
        .filter((item) => isPublic(facts.get(item.id)))
        .map(({ statusDetail: _detail, ...item }) => item),
    };
  });

  app.get<{ Params: { id: string } }>('/items/:id', async (request, reply) => {
    const item = await visibleItem(request, request.params.id);
    if (!item) return reply.code(404).send({ error: `no public item "${request.params.id}"` });
    return item;
  });

  app.get<{
    Params: { id: string };
    Querystring: { type?: string; term?: string; from?: string; to?: string };
  }>('/items/:id/annotations', async (request, reply) => {
    const item = await visibleItem(request, request.params.id);
    if (!item) return reply.code(404).send({ error: `no public item "${request.params.id}"` });
    const seconds = (value: string | undefined) =>
      value === undefined || value === '' ? undefined : Math.round(Number(value) * 1000);
    const annotations = await searchAnnotations(catalog, {
      itemId: item.id,
      type: request.query.type,
      term: request.query.term,
      startMs: seconds(request.query.from),
      endMs: seconds(request.query.to),
    });
    return {
      annotations: annotations.map(
        ({ itemId: _item, title: _title, accessProtocol: _access, ...annotation }) => annotation,
      ),
    };
  });

  app.get<{ Querystring: { q?: string } }>('/search', async (request, reply) => {
    const words = request.query.q?.trim();
    if (!words) return reply.code(400).send({ error: 'give the words to search for as ?q=' });
    const hits = await searchCatalog(catalog, words, isArchivist(request) ? undefined : ['open']);
    if (isArchivist(request)) return { hits };
    const facts = await accessFactsOf(
      catalog,
      hits.map((hit) => hit.itemId),
    );
    return { hits: hits.filter((hit) => isPublic(facts.get(hit.itemId))) };
  });

  app.get<{ Params: { queue: string; id: string } }>('/jobs/:queue/:id', async (request, reply) => {
    if (!isArchivist(request))
      return reply
        .code(401)
        .send({ error: 'jobs are shown to archivists only (Authorization: Bearer <token>)' });
    if (!allQueueNames.includes(request.params.queue as QueueName))
      return reply.code(404).send({ error: `no queue "${request.params.queue}"` });
    const job = await queues.queue(request.params.queue as QueueName).getJob(request.params.id);
    if (!job) return reply.code(404).send({ error: `no job "${request.params.id}"` });
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
  return app;
}
