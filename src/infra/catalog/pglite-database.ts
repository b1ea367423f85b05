import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { type FolderLock, lockFolder } from './catalog-folder-lock.js';
import type { Database } from './database.js';
import { INT8_OID, parseSafeInt8 } from './safe-int8.js';
import { TransactionScope } from './transaction-scope.js';

/**
 * The catalog embedded in this process with PGlite (PostgreSQL compiled to WASM),
 * stored in a folder that this process locks: PGlite has one connection and no
 * protection against a second process opening the same files. Statements queue on
 * that one connection; inside `transaction` use only the `tx` it hands you.
 */
export class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;

  private constructor(
    private readonly pglite: PGlite,
    private readonly lock: FolderLock,
    /** The folder holding the database files. */
    readonly folder: string,
  ) {}

  /**
   * Opens the database in `folder` (created on first use). Throws
   * `CatalogLockedError` when another process has it open.
   */
  static async open(folder: string): Promise<PgliteDatabase> {
    await mkdir(folder, { recursive: true });
    const lock = await lockFolder(folder);
    try {
      const pglite = await PGlite.create(folder, { parsers: { [INT8_OID]: parseSafeInt8 } });
      return new PgliteDatabase(pglite, lock, folder);
    } catch (error) {
      await lock.release();
      throw new Error(`cannot open the PGlite catalog in ${folder}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  async query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]> {
    this.assertLockHeld();
    return (await this.pglite.query<Row>(sql, params)).rows;
  }

  async exec(sql: string): Promise<void> {
    this.assertLockHeld();
    await this.pglite.exec(sql);
  }

  async transaction<T>(work: (tx: Database) => Promise<T>): Promise<T> {
    this.assertLockHeld();
    return this.pglite.transaction(async (tx) => {
      const scope = new TransactionScope(this.kind, {
        query: async (sql, params) => (await tx.query<Record<string, unknown>>(sql, params)).rows,
        exec: async (sql) => {
          await tx.exec(sql);
        },
      });
      try {
        return await work(scope);
      } finally {
        scope.end();
      }
    });
  }

  /** Closes the database and releases the folder; a second call does nothing. */
  async close(): Promise<void> {
    if (this.pglite.closed) return;
    try {
      await this.pglite.close();
    } finally {
      await this.lock.release();
    }
  }

  private assertLockHeld(): void {
    const lost = this.lock.lostReason;
    if (lost) {
      throw new Error(
        `the lock on the catalog in ${this.folder} was lost (${lost.message}); ` +
          'another process may be using it: restart heritage',
        { cause: lost },
      );
    }
  }
}
