import type { Database } from './database.js';

/** The statements an open transaction can run, as each driver provides them. */
export interface TransactionStatements {
  query(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  exec(sql: string): Promise<void>;
}

let savepointCounter = 0;

/**
 * The `Database` handed to a `transaction` callback. Its own `transaction` opens a
 * savepoint, so code written as `db.transaction(...)` also works inside another
 * transaction. Once the transaction has ended it refuses statements: with `pg` the
 * connection may already serve someone else.
 */
export class TransactionScope implements Database {
  private ended = false;

  constructor(
    readonly kind: Database['kind'],
    private readonly statements: TransactionStatements,
  ) {}

  async query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]> {
    this.assertOpen();
    return (await this.statements.query(sql, params)) as Row[];
  }

  async exec(sql: string): Promise<void> {
    this.assertOpen();
    await this.statements.exec(sql);
  }

  async transaction<T>(work: (tx: Database) => Promise<T>): Promise<T> {
    savepointCounter += 1;
    const savepoint = `heritage_savepoint_${savepointCounter}`;
    await this.exec(`SAVEPOINT ${savepoint}`);
    try {
      const result = await work(this);
      await this.exec(`RELEASE SAVEPOINT ${savepoint}`);
      return result;
    } catch (error) {
      await this.exec(`ROLLBACK TO SAVEPOINT ${savepoint}`);
      throw error;
    }
  }

  async close(): Promise<void> {
    throw new Error('close() was called on a transaction; close the database it came from');
  }

  /** Marks the transaction as committed or rolled back. */
  end(): void {
    this.ended = true;
  }

  private assertOpen(): void {
    if (this.ended) {
      throw new Error('this transaction has already ended; run statements inside its callback');
    }
  }
}
