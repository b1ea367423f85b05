import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { pingCatalog } from '../../infra/catalog/catalog-health.js';
import { catalogIsMigrated } from '../../infra/catalog/operations-queries.js';
import type { ObjectStore } from '../../infra/storage/object-store.js';
import { openObjectStore } from '../../infra/storage/open-object-store.js';
import { allQueueNames, type QueueName } from '../../jobs/names.js';
import type { ApiContext, ApiRoutes } from './api-routes.js';
import { Problem } from './problem.js';
import { problemSchema } from './response-schemas.js';

/** What `/ready` checks, by the names its answer gives them. */
const PARTS = ['catalog', 'redis', 'storage'] as const;
type Part = (typeof PARTS)[number];

/** A part that has not answered within this long counts as down. */
export const READY_CHECK_TIMEOUT_MS = 5_000;

/** How long one round of checks answers `/ready` for. */
export const READY_REUSE_MS = 1_000;

/** The OCFL storage root's declaration, which every declared archive has. */
const STORAGE_ROOT_PROBE = '0=ocfl_1.1';

const notReadySchema = problemSchema
  .extend({ down: z.array(z.enum(PARTS)) })
  .meta({ id: 'NotReady', description: 'RFC 9457 problem naming the parts that are down' });

/**
 * `GET /ready`: whether this API can serve: the catalog answers and has every
 * migration, Redis answers, the storage root answers. 503 names the parts that are
 * down, in words of its own: no host, address or error text of a service reaches the
 * answer. `/health` stays the plain liveness check it was.
 */
export function registerReadinessRoutes(
  routes: ApiRoutes,
  { settings, catalog, queues }: ApiContext,
): void {
  let store: ObjectStore | undefined;
  routes.addHook('onClose', async () => {
    await store?.close();
  });

  const checks: Record<Part, () => Promise<string | undefined>> = {
    async catalog() {
      await pingCatalog(catalog);
      return (await catalogIsMigrated(catalog))
        ? undefined
        : 'its schema lacks migrations this heritage has (restart heritage to apply them)';
    },
    async redis() {
      await queues.queue(allQueueNames[0] as QueueName).getJobCounts('active');
      return undefined;
    },
    async storage() {
      store ??= await openObjectStore(settings, 'archive');
      await store.head(STORAGE_ROOT_PROBE);
      return undefined;
    },
  };

  // The route is open and not rate limited (probes must always get through), so one
  // round of checks serves every request within a second: a flood of requests costs
  // the catalog, Redis and S3 one round a second, not one each.
  let latest:
    | { at: number; problems: Promise<({ part: Part; problem: string } | undefined)[]> }
    | undefined;
  const checkAll = () => {
    const now = performance.now();
    if (!latest || now - latest.at >= READY_REUSE_MS)
      latest = {
        at: now,
        problems: Promise.all(PARTS.map((part) => problemOf(part, checks[part]))),
      };
    return latest.problems;
  };

  routes.get(
    '/ready',
    {
      config: { rateLimit: false },
      schema: {
        summary: 'Whether the catalog (migrated), Redis and the storage root answer',
        tags: ['operations'],
        response: {
          200: z.object({ ready: z.literal(true), checked: z.array(z.enum(PARTS)) }),
          503: notReadySchema,
        },
      },
    },
    async () => {
      const problems = await checkAll();
      const down = problems.filter((problem) => problem !== undefined);
      if (down.length > 0)
        throw new Problem(
          503,
          `not ready: ${down.map(({ part, problem }) => `${part} ${problem}`).join('; ')}`,
          { down: down.map(({ part }) => part) },
          { 'retry-after': '5' },
        );
      return { ready: true as const, checked: [...PARTS] };
    },
  );
}

/** What is wrong with the part, in words that name no host: undefined when it is fine. */
async function problemOf(
  part: Part,
  check: () => Promise<string | undefined>,
): Promise<{ part: Part; problem: string } | undefined> {
  const timeout = sleep(READY_CHECK_TIMEOUT_MS, 'timeout' as const, { ref: false });
  try {
    const outcome = await Promise.race([check(), timeout]);
    if (outcome === 'timeout')
      return { part, problem: `did not answer within ${READY_CHECK_TIMEOUT_MS / 1000} s` };
    return outcome === undefined ? undefined : { part, problem: outcome };
  } catch {
    return { part, problem: 'is not answering' };
  }
}
