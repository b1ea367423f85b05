import type { ApiContext, ApiRoutes } from './api-routes.js';
import { registerMetricsRoutes } from './metrics-routes.js';
import { registerQueueBoardRoutes } from './queue-board-routes.js';
import { registerReadinessRoutes } from './readiness-routes.js';

/** What the archive's operators and their monitoring use: `/ready`, `/metrics`, `/admin/queues`. */
export function registerOperationsRoutes(routes: ApiRoutes, context: ApiContext): void {
  registerReadinessRoutes(routes, context);
  registerMetricsRoutes(routes, context);
  registerQueueBoardRoutes(routes, context);
}
