import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Job, Queue } from 'bullmq';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../infra/catalog/database.js';
import { accessFactsOf } from '../../infra/catalog/item-queries.js';
import { allQueueNames } from '../../jobs/names.js';
import { isAdmin, publicPerson } from '../../model/person.js';
import type { ApiContext, ApiRoutes } from './api-routes.js';
import { mayUse } from './item-visibility.js';
import { API_PREFIX } from './openapi.js';
import { Problem, sendProblem } from './problem.js';
import { apiTokenHolder, resolveCaller } from './resolve-caller.js';

/** Where the queue board lives, under the API. */
export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * What the board shows of a job's data: the item and object version it works on (or,
 * for an export, where the dataset goes). File names, checksums and technical
 * metadata stay out, since a job of a secret/sacred item would show them to every
 * admin, custodian of its community or not.
 */
function boardJobData(data: unknown): unknown {
  if (typeof data !== 'object' || data === null) return {};
  const { itemId, version, out } = data as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries({ itemId, version, out }).filter(([, value]) => value !== undefined),
  );
}

/**
 * A queue as the board reads it. A failure reason or stack may quote a file name or
 * text, so for a job of an item an admin as such may not see (secret/sacred: only its
 * community's custodians) they are replaced, as they are for a job of an item the
 * catalog does not know yet. The access policy decides, asked for the archive token's
 * holder: an admin with no custodian grant.
 */
class BoardQueueAdapter extends BullMQAdapter {
  readonly #catalog: Database;

  constructor(queue: Queue, catalog: Database) {
    super(queue, { readOnlyMode: true });
    this.#catalog = catalog;
    this.setFormatter('data', boardJobData);
    this.setFormatter('returnValue', () => 'not shown on the board');
  }

  override async getJob(id: string): Promise<Job | undefined> {
    const job = await super.getJob(id);
    if (job) await this.#veil([job]);
    return job;
  }

  override async getJobs(...args: Parameters<BullMQAdapter['getJobs']>): Promise<Job[]> {
    const jobs = await super.getJobs(...args);
    await this.#veil(jobs);
    return jobs;
  }

  async #veil(jobs: Job[]): Promise<void> {
    const itemOf = (job: Job): string | undefined =>
      typeof job?.data?.itemId === 'string' ? job.data.itemId : undefined;
    const ids = [...new Set(jobs.map(itemOf).filter((id) => id !== undefined))];
    if (ids.length === 0) return;
    const facts = await accessFactsOf(this.#catalog, ids);
    for (const job of jobs) {
      const itemId = itemOf(job);
      if (itemId === undefined || mayUse(apiTokenHolder, facts.get(itemId))) continue;
      if (job.failedReason) job.failedReason = 'not shown on the board';
      job.stacktrace = [];
    }
  }
}

/**
 * `/admin/queues`: bull-board, read-only, for admins. Anyone else (the public, members,
 * a token that is not valid) gets the 404 of a route that does not exist. The board
 * names jobs by their ids, which hold item ids; job data is cut down to the item id
 * and version (`boardJobData`), job results (OCR text, transcripts, export reports)
 * are not shown, nor failures of secret/sacred items (`BoardQueueAdapter`). Retrying, removing and adding jobs stay with the CLI, which
 * applies the archive's rules; the board is for looking.
 *
 * Its routes carry `schema: { hide: true }` (bull-board sets it), so the OpenAPI
 * document leaves them out: they are the board's own, not heritage's API.
 */
export function registerQueueBoardRoutes(
  routes: ApiRoutes,
  { settings, catalog, queues }: ApiContext,
): void {
  const serverAdapter = new FastifyAdapter();
  createBullBoard({
    queues: allQueueNames.map((name) => new BoardQueueAdapter(queues.queue(name), catalog)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'heritage queues' } },
  });
  serverAdapter.setBasePath(`${API_PREFIX}${QUEUE_BOARD_PATH}`);
  // bull-board answers its own errors; a Problem (e.g. the CSRF check of an admin's
  // browser) keeps its status and detail, anything else is a bare 500.
  serverAdapter.setErrorHandler((error) =>
    error instanceof Problem && error.status === 403
      ? { status: 403, body: { error: error.detail } }
      : { status: 500, body: { error: 'the server could not answer; see its log' } },
  );

  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    sendProblem(reply, new Problem(404, `no route ${request.method} ${request.url.split('?')[0]}`));

  routes.register(
    async (board) => {
      // Before the API's own caller check (preHandler), so that a refused caller gets
      // the same 404 whatever credentials it sent; after the rate limit (onRequest).
      board.addHook('preValidation', async (request, reply) => {
        const caller = await resolveCaller(request, {
          adminToken: settings.api.token,
          catalog,
        }).catch(() => publicPerson);
        if (!isAdmin(caller)) return notFound(request, reply);
      });
      await board.register(serverAdapter.registerPlugin());
    },
    { prefix: QUEUE_BOARD_PATH },
  );
}
