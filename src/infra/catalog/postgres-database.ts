import pg from 'pg';
import type { Database } from './database.js';
import { INT8_OID, parseSafeInt8 } from './safe-int8.js';
import { TransactionScope } from './transaction-scope.js';

export interface PostgresDatabaseOptions {
  /** Most connections the pool opens at once. Default 10. */
  maxConnections?: number;
  /**
   * Longest wait for a connection, new or free in the pool. Default 30 s: PostgreSQL
   * answers a connection in milliseconds; a wait this long means it is away or swamped.
   */
  connectTimeoutMs?: number;
  /**
   * Longest wait for a statement's answer; the connection is then dropped, since its
   * state is unknown. Default 5 min, far above any statement the catalog runs, so only
   * a connection that went silent (a network that drops packets, a server that hangs)
   * reaches it.
   */
  queryTimeoutMs?: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 30_000;
const DEFAULT_QUERY_TIMEOUT_MS = 300_000;
/** TCP keepalive probes start after this long idle, so a peer that vanished is noticed. */
const KEEPALIVE_DELAY_MS = 10_000;

const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? parseSafeInt8
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * The catalog on a PostgreSQL server through a `pg` pool. JSONB comes back parsed,
 * arrays as arrays, `bigint` as a number. Pass JSONB parameters as objects or as
 * `JSON.stringify(value)`: `pg` would send a bare JS array as a PostgreSQL array.
 */
export class PostgresDatabase implements Database {
  readonly kind = 'postgres' as const;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly timeouts: CatalogTimeouts,
  ) {}

  /** Opens a pool on `url` and checks that the server answers. */
  static async connect(
    url: string,
    options: PostgresDatabaseOptions = {},
  ): Promise<PostgresDatabase> {
    const displayUrl = withoutPassword(url);
    const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    const queryTimeoutMs = options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
    const pool = new pg.Pool({
      connectionString: url,
      max: options.maxConnections ?? 10,
      application_name: 'heritage',
      types: typeParsers,
      connectionTimeoutMillis: connectTimeoutMs,
      query_timeout: queryTimeoutMs,
      keepAlive: true,
      keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
    });
    const timeouts = { connectTimeoutMs, queryTimeoutMs };
    // An idle connection that breaks (server restart) must not crash the process: the
    // pool drops it and the next query opens a new one.
    pool.on('error', (error) => {
      process.emitWarning(`PostgreSQL connection to ${displayUrl} lost: ${error.message}`);
    });
    try {
      await pool.query('SELECT 1').catch((error: unknown) => {
        throw asTimeout(error, timeouts);
      });
    } catch (error) {
      await pool.end();
      throw new Error(
        `cannot connect to PostgreSQL at ${displayUrl}: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    return new PostgresDatabase(pool, timeouts);
  }

  async query<Row = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<Row[]> {
    const result = await this.#timed(this.pool.query(extendedQuery(sql, params)));
    return result.rows as Row[];
  }

  async exec(sql: string): Promise<void> {
    await this.#timed(this.pool.query(sql));
  }

  async transaction<T>(work: (tx: Database) => Promise<T>): Promise<T> {
    const client = await this.#timed(this.pool.connect());
    // A statement that failed without an answer from the server (timed out, connection
    // lost) leaves the connection in an unknown state: it is destroyed, not rolled back
    // (the server rolls back when the connection closes), so it never returns to the pool.
    let brokenConnection: Error | undefined;
    // pg-pool listens for a connection's errors only while it sits idle in the pool. One
    // lost while a transaction holds it (between two statements, say) would otherwise be
    // an 'error' event with no listener: an uncaught exception that ends the process.
    const onConnectionError = (error: Error) => {
      brokenConnection ??= error;
    };
    client.on('error', onConnectionError);
    const run = async (statement: string | pg.QueryConfig) => {
      try {
        return await client.query(statement);
      } catch (error) {
        if (!(error instanceof pg.DatabaseError)) brokenConnection ??= error as Error;
        throw asTimeout(error, this.timeouts);
      }
    };
    const scope = new TransactionScope(this.kind, {
      query: async (sql, params = []) => (await run(extendedQuery(sql, params))).rows,
      exec: async (sql) => {
        await run(sql);
      },
    });
    try {
      await run('BEGIN');
      const result = await work(scope);
      await run('COMMIT');
      return result;
    } catch (error) {
      if (brokenConnection === undefined) {
        await run('ROLLBACK').catch(() => undefined);
      }
      throw error;
    } finally {
      scope.end();
      client.removeListener('error', onConnectionError);
      // A connection that failed is in an unknown state: destroyed, not pooled again.
      client.release(brokenConnection);
    }
  }

  async #timed<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (error) {
      throw asTimeout(error, this.timeouts);
    }
  }

  /** Closes every connection; a second call does nothing. */
  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}

interface CatalogTimeouts {
  connectTimeoutMs: number;
  queryTimeoutMs: number;
}

/**
 * `pg`'s own timeout errors carry no code; they get `ETIMEDOUT`, so that they count as an
 * outage of the catalog (retried, and named) like a refused or reset connection.
 */
function asTimeout(error: unknown, timeouts: CatalogTimeouts): unknown {
  const message = (error as Error | undefined)?.message ?? '';
  const setting = /^Query read timeout/.test(message)
    ? `no answer within ${timeouts.queryTimeoutMs} ms (DATABASE_QUERY_TIMEOUT_MS)`
    : /timeout exceeded when trying to connect|due to connection timeout/.test(message)
      ? `no connection within ${timeouts.connectTimeoutMs} ms (DATABASE_CONNECT_TIMEOUT_MS)`
      : undefined;
  if (setting === undefined) return error;
  return Object.assign(new Error(`PostgreSQL timed out: ${setting}`, { cause: error }), {
    code: 'ETIMEDOUT',
  });
}

/**
 * The extended protocol even without parameters, so that `query` runs exactly one
 * statement on PostgreSQL as it does on PGlite (`exec` is for several).
 */
function extendedQuery(sql: string, params: unknown[]): pg.QueryConfig {
  return { text: sql, values: params, queryMode: 'extended' } as pg.QueryConfig;
}

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
