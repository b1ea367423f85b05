import { existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  embeddedPostgresPaths,
  startEmbeddedPostgres,
  stopEmbeddedPostgres,
} from '../../../src/infra/catalog/embedded-postgres.js';
import { startCatalogServerAhead } from '../../../src/infra/catalog/open-catalog-database.js';
import { loadSettings } from '../../../src/infra/config/load-settings.js';
import { tempDir } from '../../support/temp-dir.js';

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    return (await client.query('SELECT 1 AS one')).rows[0]?.one === 1;
  } finally {
    await client.end().catch(() => {});
  }
}

describe('starting the embedded catalog server', () => {
  const started: string[] = [];
  afterAll(async () => {
    for (const dataDir of started) await stopEmbeddedPostgres(dataDir);
  });

  it('joins a start already under way in the process, and keeps nothing once it is done', async () => {
    const dataDir = await tempDir('catalog-start-');
    started.push(dataDir);
    const first = startEmbeddedPostgres({ dataDir });
    const second = startEmbeddedPostgres({ dataDir });
    expect(second).toBe(first);
    const url = await first;
    expect(await answers(url)).toBe(true);

    // Stopped afterwards, the server is started again, not taken for running.
    await stopEmbeddedPostgres(dataDir);
    const again = startEmbeddedPostgres({ dataDir });
    expect(again).not.toBe(first);
    expect(await again).toBe(url);
    expect(await answers(url)).toBe(true);
  });

  it('is begun ahead only when the settings use the private server', async () => {
    const dataDir = await tempDir('catalog-ahead-');
    const base = { HERITAGE_DATA_DIR: dataDir };
    startCatalogServerAhead(
      loadSettings({ env: { ...base, DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' } }),
    );
    startCatalogServerAhead(
      loadSettings({ env: { ...base, HERITAGE_EMBEDDED_CATALOG: 'pglite' } }),
    );
    expect(existsSync(embeddedPostgresPaths(dataDir).dir)).toBe(false);

    started.push(dataDir);
    startCatalogServerAhead(loadSettings({ env: base }));
    // The command's own start joins the one begun ahead.
    expect(await answers(await startEmbeddedPostgres({ dataDir }))).toBe(true);
    expect(existsSync(path.join(embeddedPostgresPaths(dataDir).cluster, 'PG_VERSION'))).toBe(true);
  });
});
