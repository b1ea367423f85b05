import { z } from 'zod';
import { accessFactsOf } from '../../infra/catalog/item-queries.js';
import { identifierSchema } from '../../model/identifier.js';
import { isAdmin } from '../../model/person.js';
import { jobOverviewFor, queueCountNames } from '../../usecases/recovery/job-overview.js';
import { retryVisibleTo } from '../../usecases/recovery/retry-visible-to.js';
import type { ApiContext, ApiRoutes } from './api-routes.js';
import { unauthorized } from './bearer-token.js';
import { mayUse } from './item-visibility.js';
import { Problem } from './problem.js';
import { jobParams } from './request-schemas.js';
import { problems } from './response-schemas.js';

const jobSchema = z
  .object({
    id: z.string().optional(),
    name: z.string(),
    state: z.string(),
    progress: z.unknown(),
    attemptsMade: z.number().int(),
    failedReason: z.string().optional(),
    data: z.unknown(),
    /** What the job answered, once completed (an export's report, say). */
    result: z.unknown().optional(),
  })
  .meta({ id: 'Job' });

const retryBody = z
  .object({
    items: z
      .array(identifierSchema)
      .max(1000)
      .optional()
      .describe('items to retry whatever their state'),
    failed: z.boolean().optional().describe('every item with a failed job or step'),
    stuck: z.boolean().optional().describe('every item left processing with no job under way'),
  })
  .refine((body) => (body.items?.length ?? 0) > 0 || body.failed || body.stuck, {
    message: 'name the items to retry, or set failed and/or stuck',
  });

const jobOverviewSchema = z
  .object({
    queues: z.array(
      z.object({
        name: z.string(),
        counts: z.object(
          Object.fromEntries(queueCountNames.map((name) => [name, z.number().int()])) as Record<
            (typeof queueCountNames)[number],
            z.ZodNumber
          >,
        ),
      }),
    ),
    failures: z.array(
      z.discriminatedUnion('hidden', [
        z.object({
          hidden: z.literal(false),
          item: z.string(),
          queue: z.string().optional(),
          job: z.string().optional(),
          reason: z.string(),
        }),
        z
          .object({ hidden: z.literal(true), queue: z.string() })
          .describe('a failed job of an item the caller may not see: its queue only'),
      ]),
    ),
    stuck: z.array(z.object({ item: z.string(), since: z.string() })),
  })
  .meta({ id: 'JobOverview' });

const retryOutcomeSchema = z.object({
  itemId: z.string(),
  action: z.enum(['finalise', 'steps', 'skipped']),
  steps: z.number().int(),
  detail: z.string().optional(),
});

/**
 * `GET /jobs`: the queues' counts, failures and stuck items, as `heritage status` lists
 * them; `GET /jobs/:queue/:id`: a job's state and progress; `POST /jobs/retry`: failed
 * or stalled items back in their queues, as `heritage retry` does. For admins.
 */
export function registerJobRoutes(
  routes: ApiRoutes,
  { catalog, queues, writer }: ApiContext,
): void {
  routes.get(
    '/jobs',
    {
      schema: {
        summary:
          "The queues' job counts, failed jobs and failed items with their reasons, and stuck items (admins); failures of items the caller may not see show their queue only",
        tags: ['jobs'],
        response: { 200: jobOverviewSchema, ...problems(401) },
      },
    },
    async (request) => {
      const who = request.caller;
      if (!isAdmin(who)) throw unauthorized('the jobs overview is for admins');
      return jobOverviewFor(catalog, queues, who);
    },
  );

  routes.post(
    '/jobs/retry',
    {
      schema: {
        summary: 'Puts failed or stalled items back in their queues (admins)',
        tags: ['jobs'],
        body: retryBody,
        response: {
          200: z.object({ outcomes: z.array(retryOutcomeSchema) }),
          ...problems(400, 401, 503),
        },
      },
    },
    async (request) => {
      const who = request.caller;
      if (!isAdmin(who)) throw unauthorized('retries are for admins');
      return {
        outcomes: await retryVisibleTo({ archive: writer().archive, queues }, who, {
          ids: request.body.items ?? [],
          failed: request.body.failed,
          stuck: request.body.stuck,
        }),
      };
    },
  );

  routes.get(
    '/jobs/:queue/:id',
    {
      schema: {
        summary: "A job's state, progress, attempts and failure (admins)",
        tags: ['jobs'],
        params: jobParams,
        response: { 200: jobSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      if (!isAdmin(request.caller))
        throw unauthorized('jobs are shown to archivists only (Authorization: Bearer <token>)');
      const params = request.params;
      const job = await queues.queue(params.queue).getJob(params.id);
      // A job of a catalogued item the caller may not see is as missing as an unknown one.
      const itemId: unknown = job?.data?.itemId;
      const itemFacts =
        typeof itemId === 'string'
          ? (await accessFactsOf(catalog, [itemId])).get(itemId)
          : undefined;
      if (!job || (itemFacts && !mayUse(request.caller, itemFacts)))
        throw new Problem(404, `no job "${params.id}" in ${params.queue}`);
      return {
        id: job.id,
        name: job.name,
        state: await job.getState(),
        progress: job.progress,
        attemptsMade: job.attemptsMade,
        failedReason: job.failedReason || undefined,
        data: job.data,
        result: job.returnvalue ?? undefined,
      };
    },
  );
}
