import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { settingsSchema } from '../../../src/infra/config/settings-schema.js';
import { openObjectStore } from '../../../src/infra/storage/open-object-store.js';

let parent: string | undefined;
afterEach(async () => {
  if (parent) await rm(parent, { recursive: true, force: true });
  parent = undefined;
});

describe('openObjectStore', () => {
  it('opens the archive folder inside the data folder when no S3 is configured', async () => {
    parent = await mkdtemp(path.join(os.tmpdir(), 'heritage-open-'));
    const store = await openObjectStore(settingsSchema.parse({ dataDir: parent }));
    expect(store.kind).toBe('fs');
    expect(store.location).toBe(path.join(parent, 'archive'));
    await store.put('0=ocfl_1.1', 'ocfl_1.1\n');
    expect(await readFile(path.join(parent, 'archive', '0=ocfl_1.1'), 'utf8')).toBe('ocfl_1.1\n');
    await store.close();
  });

  it('keeps the work area beside the archive, never inside it', async () => {
    parent = await mkdtemp(path.join(os.tmpdir(), 'heritage-open-'));
    const store = await openObjectStore(settingsSchema.parse({ dataDir: parent }), 'work');
    expect(store.location).toBe(path.join(parent, 'work'));
    await store.close();
  });

  it.each(['tay-nung', 'tay-nung/'])(
    'opens one folder per area under the S3 prefix %j',
    async (prefix) => {
      const settings = settingsSchema.parse({
        dataDir: '/unused',
        s3: { bucket: 'heritage-archive', endpoint: 'http://127.0.0.1:9', prefix },
      });
      const archive = await openObjectStore(settings);
      const work = await openObjectStore(settings, 'work');
      expect(archive.kind).toBe('s3');
      expect(archive.location).toBe('s3://heritage-archive/tay-nung/archive/');
      expect(work.location).toBe('s3://heritage-archive/tay-nung/work/');
      await Promise.all([archive.close(), work.close()]);
    },
  );

  it('puts the areas at the top of the bucket when there is no prefix', async () => {
    const settings = settingsSchema.parse({ s3: { bucket: 'heritage-archive' } });
    const store = await openObjectStore(settings);
    expect(store.location).toBe('s3://heritage-archive/archive/');
    await store.close();
  });
});
