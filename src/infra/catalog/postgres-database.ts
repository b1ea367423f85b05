import pg from 'pg';
import type { Database } from './database.js';
import { INT8_OID, parseSafeInt8 } from './safe-int8.js';
import { TransactionScope } from './transaction-scope.js';

export interface PostgresDatabaseOptions {
  /** Most connections the pool opens at once. Default 10. */
  maxConnections?: number;
}

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

  private constructor(private readonly pool: pg.Pool) {}

  /** Opens a pool on `url` and checks that the server answers. */
  static async connect(
    url: string,
    options: PostgresDatabaseOptions = {},
  ): Promise<PostgresDatabase> {
    const displayUrl = withoutPassword(url);
    const pool = new pg.Pool({
      connectionString: url,
      max: options.maxConnections ?? 10,
      application_name: 'heritage',
      types: typeParsers,
    });
    // An idle connection that breaks (server restart) must not crash the process: the
    // pool drops it and the next query opens a new one.
    pool.on('error', (error) => {
      process.emitWarning(`PostgreSQL connection to ${displayUrl} lost: ${error.message}`);
    });
    try {
      await pool.query('SELECT 1');
    } catch (error) {
      await pool.end();
      throw new Error(
        `cannot connect to PostgreSQL at ${displayUrl}: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    return new PostgresDatabase(pool);
  }

  async query<Row = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<Row[]> {
    const result = await this.pool.query(extendedQuery(sql, params));
    return result.rows as Row[];
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async transaction<T>(work: (tx: Database) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const scope = new TransactionScope(this.kind, {
      query: async (sql, params = []) => (await client.query(extendedQuery(sql, params))).rows,
      exec: async (sql) => {
        await client.query(sql);
      },
    });
    let brokenConnection: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(scope);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        brokenConnection = rollbackError;
      });
      throw error;
    } finally {
      scope.end();
      // A connection whose ROLLBACK failed is in an unknown state: destroy it.
      client.release(brokenConnection);
    }
  }

  /** Closes every connection; a second call does nothing. */
  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
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
