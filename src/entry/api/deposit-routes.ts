import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { depositEvents, formatEvent } from '../../usecases/deposits/deposit-events.js';
import type { DepositRecord } from '../../usecases/deposits/deposit-record.js';
import {
  DepositConflict,
  type DepositProgress,
  Deposits,
} from '../../usecases/deposits/deposits.js';
import type { ApiContext, ApiRoutes } from './api-routes.js';
import { unauthorized } from './bearer-token.js';
import {
  checkAnswer,
  checkDepositBody,
  depositParams,
  depositSchema,
  newDepositBody,
} from './deposit-schemas.js';
import { depositNotVisible, registerDepositUploadRoutes } from './deposit-upload-routes.js';
import { Problem } from './problem.js';
import { problems } from './response-schemas.js';

/** How often the event stream looks at the deposit, and how often it says it is alive. */
const POLL_MS = 1000;
const KEEP_ALIVE_POLLS = 15;

/**
 * Deposits: `POST /deposits` opens one for a collection (its admins and archivists),
 * files arrive by tus under `/deposits/:id/uploads` (deposit-upload-routes.ts),
 * `POST /deposits/:id/check` runs the ingest's plan over them (nothing written),
 * `POST /deposits/:id/ingest` ingests a checked deposit as `heritage ingest` does, and
 * `GET /deposits/:id` and `GET /deposits/:id/events` (server-sent events) follow it.
 * Only the deposit's creator and admins reach a deposit; anyone else gets the 404 of a
 * missing one.
 */
export function registerDepositRoutes(routes: ApiRoutes, context: ApiContext): void {
  const deposits = new Deposits(context);
  const streams = new AbortController();
  // Event streams end before the server closes; ingests in flight are waited for.
  routes.addHook('preClose', async () => streams.abort());
  routes.addHook('onClose', async () => deposits.close());

  const visible = async (who: Parameters<Deposits['find']>[0], id: string) => {
    const record = await deposits.find(who, id);
    if (!record) throw depositNotVisible();
    return record;
  };
  const conflict = (error: unknown): never => {
    if (error instanceof DepositConflict)
      throw new Problem(
        409,
        error.message,
        error.problems.length ? { problems: error.problems } : {},
      );
    throw error;
  };

  routes.post(
    '/deposits',
    {
      schema: {
        summary: 'Opens a deposit into a collection (its archivists and admins)',
        tags: ['deposits'],
        body: newDepositBody,
        response: { 201: depositSchema, ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const who = request.caller;
      if (who.kind !== 'account')
        throw unauthorized('sign in, or send a token with scope "write", to deposit');
      const record = await deposits.create(who, request.body.collection);
      if (!record)
        throw new Problem(
          403,
          `you may not deposit into collection ${request.body.collection}: it takes an archivist grant on it`,
        );
      reply.code(201).header('location', `${request.url.split('?')[0]}/${record.id}`);
      return deposits.progress(record.id, request.caller);
    },
  );

  routes.get(
    '/deposits/:id',
    {
      schema: {
        summary: "A deposit: its files, check, state and each item's progress",
        tags: ['deposits'],
        params: depositParams,
        response: { 200: depositSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const record = await visible(request.caller, request.params.id);
      return deposits.progress(record.id, request.caller);
    },
  );

  routes.post(
    '/deposits/:id/check',
    {
      schema: {
        summary:
          "Checks the deposit's manifest and files as the ingest would, writing nothing: its problems by file, row and column",
        tags: ['deposits'],
        params: depositParams,
        body: checkDepositBody,
        response: { 200: checkAnswer, ...problems(400, 401, 404, 409) },
      },
    },
    async (request) => {
      const record = await visible(request.caller, request.params.id);
      const checked = await deposits.check(record.id, request.body?.manifest).catch(conflict);
      return { state: checked.state, ...(checked.check as NonNullable<DepositRecord['check']>) };
    },
  );

  routes.post(
    '/deposits/:id/ingest',
    {
      schema: {
        summary:
          'Ingests a checked deposit as `heritage ingest` does; answers at once, the items are archived and processed in the background',
        tags: ['deposits'],
        params: depositParams,
        response: { 202: depositSchema, ...problems(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      const record = await visible(request.caller, request.params.id);
      await deposits.ingest(record.id, request.caller).catch(conflict);
      reply.code(202);
      return deposits.progress(record.id, request.caller);
    },
  );

  routes.get(
    '/deposits/:id/events',
    {
      schema: {
        summary:
          'Server-sent events (text/event-stream) of the deposit: state, upload (bytes per file), check, item (status and jobs), end',
        tags: ['deposits'],
        params: depositParams,
        response: {
          200: z.string().meta({ description: 'text/event-stream; one JSON object per event' }),
          ...problems(400, 401, 404),
        },
      },
    },
    async (request, reply) => {
      const who = request.caller;
      const { id } = await visible(who, request.params.id);
      reply.hijack();
      const response = reply.raw;
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        // Proxies that buffer (nginx) would hold the events back.
        'x-accel-buffering': 'no',
      });
      const gone = new AbortController();
      response.on('close', () => gone.abort());
      const stop = AbortSignal.any([gone.signal, streams.signal]);
      let before: DepositProgress | undefined;
      let quiet = 0;
      try {
        while (!stop.aborted) {
          // The caller's rights are asked again each time: a revoked grant ends the stream.
          if (!(await deposits.find(who, id))) break;
          const now = await deposits.progress(id, who);
          const events = depositEvents(before, now);
          before = now;
          for (const event of events) response.write(formatEvent(event));
          if (events.some((event) => event.event === 'end')) break;
          if (events.length === 0 && ++quiet >= KEEP_ALIVE_POLLS) {
            quiet = 0;
            response.write(': still here\n\n');
          }
          await sleep(POLL_MS, undefined, { signal: stop }).catch(() => undefined);
        }
      } catch {
        if (!response.writableEnded)
          response.write(
            formatEvent({ event: 'end', data: { error: 'the stream stopped; connect again' } }),
          );
      } finally {
        response.end();
      }
    },
  );

  registerDepositUploadRoutes(routes, deposits, context.settings);
}
