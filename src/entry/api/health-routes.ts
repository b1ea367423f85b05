import { z } from 'zod';
import { pingCatalog } from '../../infra/catalog/catalog-health.js';
import { allQueueNames, type QueueName } from '../../jobs/names.js';
import type { ApiContext, ApiRoutes } from './api-routes.js';

/** `GET /health`: the catalog and the queues answer. */
export function registerHealthRoutes(routes: ApiRoutes, { catalog, queues }: ApiContext): void {
  routes.get(
    '/health',
    {
      config: { rateLimit: false },
      schema: {
        summary: 'The catalog and the queues answer',
        tags: ['operations'],
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async () => {
      await pingCatalog(catalog);
      await queues.queue(allQueueNames[0] as QueueName).getJobCounts('active');
      return { ok: true as const };
    },
  );
}
