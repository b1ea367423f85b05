import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../../src/archive/archive.js';
import { readItemRecord } from '../../../src/archive/object-files.js';
import { ingestCommand } from '../../../src/entry/cli/commands/ingest-command.js';
import { createOutput } from '../../../src/entry/cli/output.js';
import { type Settings, settingsSchema } from '../../../src/infra/config/settings-schema.js';
import { createScratchCatalog } from '../../support/databases.js';
import { makeTempDir } from '../../support/redis.js';
import { type RunningS3rver, startS3rver } from '../../support/s3rver.js';

const silent = () =>
  createOutput(true, { write: () => true } as never, { write: () => true } as never);

describe('the sample collection on S3 storage, a PostgreSQL catalog and the embedded Redis', () => {
  let settings: Settings;
  let s3: RunningS3rver;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    s3 = await startS3rver();
    const data = await makeTempDir('s3-ingest');
    const catalog = await createScratchCatalog('postgres');
    cleanups.push(() => s3.stop(), data.remove, catalog.dispose);
    // No REDIS_URL: the private redis-server of the data folder, as on a laptop.
    settings = settingsSchema.parse({
      dataDir: data.dir,
      databaseUrl: catalog.settings.databaseUrl,
      s3: s3.settings,
    });
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('archives and processes every item, with objects that verify', async () => {
    expect(
      await ingestCommand(
        path.resolve('samples/tay-songs'),
        { manifest: path.resolve('samples/tay-songs/items.csv') },
        settings,
        silent(),
      ),
    ).toBe(0);
    const archive = await openArchive(settings);
    try {
      expect(archive.objects.store.location).toMatch(/^s3:\/\/.*\/archive\/$/);
      const statuses = await archive.catalog.query<{ id: string; status: string }>(
        'SELECT id, status FROM items ORDER BY id',
      );
      expect(statuses.map((row) => `${row.id} ${row.status}`)).toEqual([
        'luon-002 ready',
        'songbook-003 ready',
        'then-001 ready',
        'then-004 ready',
      ]);
      const then = await readItemRecord(archive.objects, 'then-001');
      expect(then?.record.steps.map((step) => `${step.step} ${step.status}`).sort()).toEqual([
        'normalise-audio done',
        'ocr-page done',
        'parse-transcript done',
      ]);
      for (const id of ['then-001', 'songbook-003'])
        expect((await archive.objects.verifyObject(id)).ok).toBe(true);
    } finally {
      await archive.close();
    }
  });

  it('adds no version when the same collection is ingested again', async () => {
    const archive = await openArchive(settings);
    const before = (await archive.objects.getInventory('then-001')).head;
    await archive.close();
    const samples = path.resolve('samples/tay-songs');
    await ingestCommand(samples, { manifest: path.join(samples, 'items.csv') }, settings, silent());
    const after = await openArchive(settings);
    try {
      expect((await after.objects.getInventory('then-001')).head).toBe(before);
    } finally {
      await after.close();
    }
  });
});
