/**
 * A PostgreSQL that stops answering (connections open, nothing comes back) fails each
 * call within the catalog's timeouts, and one whose connections are cut fails the calls
 * under way: as a transient outage of the catalog, with no connection left checked out
 * of the pool and nothing thrown outside the call.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/infra/catalog/database.js';
import { openCatalogDatabase } from '../../../src/infra/catalog/open-catalog-database.js';
import { PostgresDatabase } from '../../../src/infra/catalog/postgres-database.js';
import { classifyFailure, inService } from '../../../src/infra/queue/classify-failure.js';
import { ServiceError } from '../../../src/infra/queue/service-error.js';
import { createScratchCatalog, type ScratchCatalog } from '../../support/databases.js';
import { startTcpProxy, type TcpProxy, throughProxy } from '../../support/tcp-proxy.js';

const timeoutMs = 1_000;
/** The timeout, and room for a loaded machine; without timeouts these calls never return. */
const failsWithinMs = 4 * timeoutMs;

let scratch: ScratchCatalog;
let proxy: TcpProxy;
let proxiedUrl: string;
const opened: Database[] = [];

beforeAll(async () => {
  scratch = await createScratchCatalog('postgres');
  const url = new URL(scratch.settings.databaseUrl as string);
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port) });
  proxiedUrl = throughProxy(url.toString(), proxy);
});
afterEach(async () => {
  proxy.thaw();
  await proxy.restore();
});
afterAll(async () => {
  for (const database of opened) await database.close().catch(() => {});
  await proxy?.close();
  await scratch?.dispose();
});

async function connect(maxConnections?: number): Promise<Database> {
  const database = await PostgresDatabase.connect(proxiedUrl, {
    maxConnections,
    connectTimeoutMs: timeoutMs,
    queryTimeoutMs: timeoutMs,
  });
  opened.push(database);
  return database;
}

/** Runs `call` as a job would, and returns its error and how long it took to come. */
async function failure(call: () => Promise<unknown>): Promise<{ error: Error; ms: number }> {
  const started = Date.now();
  const error = await inService('catalog', call).then(
    () => new Error('expected the call to fail'),
    (caught: Error) => caught,
  );
  return { error, ms: Date.now() - started };
}

function expectCatalogOutage(error: Error, setting: string): void {
  expect(error).toBeInstanceOf(ServiceError);
  expect(classifyFailure(error)).toEqual({ kind: 'transient', service: 'catalog' });
  expect(error.message).toContain(setting);
}

describe('the catalog on a PostgreSQL that stops answering', () => {
  it('fails a query within the query timeout, as an outage of the catalog', async () => {
    const database = await openCatalogDatabase({
      ...scratch.settings,
      databaseUrl: proxiedUrl,
      databaseConnectTimeoutMs: timeoutMs,
      databaseQueryTimeoutMs: timeoutMs,
    });
    opened.push(database);
    proxy.freeze();
    const { error, ms } = await failure(() => database.query('SELECT 1'));
    expectCatalogOutage(error, 'DATABASE_QUERY_TIMEOUT_MS');
    expect(ms).toBeLessThan(failsWithinMs);
  });

  it('fails a transaction within the query timeout and drops its connection, so the pool serves the next call', async () => {
    const database = await connect(1);
    const { error, ms } = await failure(() =>
      database.transaction(async (tx) => {
        await tx.query('SELECT 1');
        proxy.freeze();
        await tx.query('SELECT 2');
      }),
    );
    expectCatalogOutage(error, 'DATABASE_QUERY_TIMEOUT_MS');
    expect(ms).toBeLessThan(failsWithinMs);
    proxy.thaw();
    // The pool's one connection was destroyed, not kept checked out or put back half-used.
    expect(await database.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('fails to connect within the connect timeout, as an outage of the catalog', async () => {
    proxy.freeze();
    const { error, ms } = await failure(() => connect());
    expectCatalogOutage(error, 'DATABASE_CONNECT_TIMEOUT_MS');
    expect(ms).toBeLessThan(failsWithinMs);
  });
});

describe('the catalog on a PostgreSQL whose connections are cut', () => {
  it('fails a transaction that loses its connection between statements, and serves the next call once the server is back', async () => {
    const database = await connect(1);
    const { error } = await failure(() =>
      database.transaction(async (tx) => {
        await tx.query('SELECT 1');
        await proxy.cut();
        // The loss arrives while no statement runs: the connection is checked out, not idle.
        await sleep(200);
        await tx.query('SELECT 2');
      }),
    );
    expect(error).toBeInstanceOf(ServiceError);
    expect(classifyFailure(error)).toEqual({ kind: 'transient', service: 'catalog' });
    await proxy.restore();
    expect(await database.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });
});
