import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isAdmin } from '../../model/person.js';
import { createApiMetrics } from './api-metrics.js';
import type { ApiContext, ApiRoutes } from './api-routes.js';
import { bearerTokenOf, isArchiveToken, unauthorized } from './bearer-token.js';
import { resolveCaller } from './resolve-caller.js';
import { problems } from './response-schemas.js';

/**
 * `GET /metrics`: Prometheus text, for admins (the archive's token, a personal admin
 * token or an admin's browser session) and for the scrape token
 * (`HERITAGE_METRICS_TOKEN`), which opens nothing else. Also times every answer of the
 * API's routes, labelled with the route's pattern (`/api/items/:id`), never its URL.
 */
export function registerMetricsRoutes(
  routes: ApiRoutes,
  { settings, catalog, queues }: ApiContext,
): void {
  const metrics = createApiMetrics(catalog, queues);
  routes.addHook('onResponse', async (request, reply) => {
    // Requests no route matched share one label, so made-up URLs add no series.
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });

  /** The scrape token, or else whoever the request speaks for as the other routes see it. */
  const mayScrape = async (request: FastifyRequest): Promise<boolean> => {
    const bearer = bearerTokenOf(request.headers.authorization);
    if (bearer !== undefined && isArchiveToken(bearer, settings.api.metricsToken)) return true;
    return isAdmin(await resolveCaller(request, { adminToken: settings.api.token, catalog }));
  };

  routes.get(
    '/metrics',
    {
      // The scrape token is no caller the API's hook knows: this route resolves its own
      // (`mayScrape`), as sign-in does.
      config: { signIn: true },
      schema: {
        summary:
          'Prometheus metrics: jobs by queue and state, job durations, archived bytes, API latency (admins, or the metrics token)',
        tags: ['operations'],
        response: {
          200: {
            description: 'Prometheus text exposition format 0.0.4',
            content: { 'text/plain': { schema: z.string() } },
          },
          ...problems(401),
        },
      },
    },
    async (request, reply) => {
      if (!(await mayScrape(request)))
        throw unauthorized(
          'metrics are for admins and the metrics token (Authorization: Bearer <token>)',
        );
      const text = await metrics.registry.metrics();
      return reply.type(metrics.registry.contentType).send(text);
    },
  );
}
