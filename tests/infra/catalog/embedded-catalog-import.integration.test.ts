import { existsSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/infra/catalog/database.js';
import { stopEmbeddedPostgres } from '../../../src/infra/catalog/embedded-postgres.js';
import { openCatalogDatabase } from '../../../src/infra/catalog/open-catalog-database.js';
import { settingsSchema } from '../../../src/infra/config/settings-schema.js';
import { tempDir } from '../../support/temp-dir.js';

describe('an archive whose catalog is an in-process PGlite folder', () => {
  let dataDir: string | undefined;
  const opened: Database[] = [];

  afterEach(async () => {
    for (const database of opened.splice(0)) await database.close();
    if (dataDir) await stopEmbeddedPostgres(dataDir);
  });

  it('keeps its catalog when the shared catalog server opens it, and keeps the old folder aside', async () => {
    dataDir = await tempDir('heritage-catalog-import-');
    const old = await openCatalogDatabase(
      settingsSchema.parse({ dataDir, embeddedCatalog: 'pglite' }),
    );
    await old.exec(`
      INSERT INTO collections (id, title, default_access, languages, metadata)
        VALUES ('songs', 'Tày songs', 'open', '{tyz,vie}', '{"depositor": {"name": "Đàn tính"}}');
      INSERT INTO items (id, collection_id, title, access_protocol, consent, status)
        VALUES ('then-001', 'songs', 'Then giải hạn', 'secret-sacred', '{"uses": ["archive"]}', 'ready');
      INSERT INTO events (item_id, type, outcome, agent) VALUES ('then-001', 'ingestion', 'success', 'heritage');
      INSERT INTO events (item_id, type, outcome, agent) VALUES ('then-001', 'fixity check', 'success', 'heritage');`);
    await old.close();

    const shared = await openCatalogDatabase(settingsSchema.parse({ dataDir }));
    opened.push(shared);
    expect(shared.kind).toBe('postgres');
    expect(await shared.query('SELECT id, languages, metadata FROM collections')).toEqual([
      { id: 'songs', languages: ['tyz', 'vie'], metadata: { depositor: { name: 'Đàn tính' } } },
    ]);
    expect(
      await shared.query('SELECT id, title, access_protocol, consent, status FROM items'),
    ).toEqual([
      {
        id: 'then-001',
        title: 'Then giải hạn',
        access_protocol: 'secret-sacred',
        consent: { uses: ['archive'] },
        status: 'ready',
      },
    ]);
    // New rows take ids after the copied ones.
    const [added] = await shared.query<{ id: number }>(
      `INSERT INTO events (item_id, type, outcome, agent) VALUES ('then-001', 'x', 'success', 'heritage') RETURNING id`,
    );
    expect(added?.id).toBe(3);
    expect(existsSync(path.join(dataDir, 'catalog'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'catalog.imported', 'PG_VERSION'))).toBe(true);

    // A PGlite folder that comes back is never copied over a catalog in use.
    await cp(path.join(dataDir, 'catalog.imported'), path.join(dataDir, 'catalog'), {
      recursive: true,
    });
    await expect(openCatalogDatabase(settingsSchema.parse({ dataDir }))).rejects.toThrow(
      /already holds a catalog .* It is left as it was/,
    );
    expect(await shared.query('SELECT count(*)::int AS n FROM events')).toEqual([{ n: 3 }]);
    expect(existsSync(path.join(dataDir, 'catalog', 'PG_VERSION'))).toBe(true);
  }, 300_000);
});
