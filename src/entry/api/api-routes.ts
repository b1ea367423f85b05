import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Archive } from '../../archive/archive.js';
import type { ItemLocks } from '../../archive/item-lock.js';
import type { Database } from '../../infra/catalog/database.js';
import type { Settings } from '../../infra/config/settings-schema.js';
import type { QueueRuntime } from '../../jobs/queue-runtime.js';

/**
 * The Fastify instance every route file registers on: its routes take zod schemas for
 * their parameters, query, body and answers, which check each request, shape each
 * answer and make the OpenAPI document (src/entry/api/openapi.ts).
 */
export type ApiRoutes = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** What the route files share. */
export interface ApiContext {
  settings: Settings;
  catalog: Database;
  queues: QueueRuntime;
  /** Runs a catalog-wide scan when a slot is free (HERITAGE_API_SEARCH_CONCURRENCY). */
  expensive: <T>(work: () => Promise<T>) => Promise<T>;
  /**
   * The archive's storage and item locks, for the routes that write new object
   * versions; a 503 problem when the server was started without storage.
   */
  writer: () => { archive: Archive; locks: ItemLocks };
}
