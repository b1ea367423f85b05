import type { Database } from './database.js';

/** Runs the cheapest statement there is; rejects when the catalog cannot answer. */
export async function pingCatalog(db: Database): Promise<void> {
  await db.query('SELECT 1');
}
