import { z } from 'zod';
import { accessFactsOf } from '../../infra/catalog/item-queries.js';
import { isAdmin } from '../../model/person.js';
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

/** `GET /jobs/:queue/:id`: a job's state and progress, for admins. */
export function registerJobRoutes(routes: ApiRoutes, { catalog, queues }: ApiContext): void {
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
