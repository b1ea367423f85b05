import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { settingsSchema } from '../../src/config/settings-schema.js';
import { openObjectStore } from '../../src/storage/open-object-store.js';

let parent: string | undefined;
afterEach(async () => {
  if (parent) await rm(parent, { recursive: true, force: true });
  parent = undefined;
});

describe('openObjectStore', () => {
  it('opens the archive folder inside the data folder when no S3 is configured', async () => {
    parent = await mkdtemp(path.join(os.tmpdir(), 'heritage-open-'));
    const store = openObjectStore(settingsSchema.parse({ dataDir: parent }));
    expect(store.kind).toBe('fs');
    expect(store.location).toBe(path.join(parent, 'archive'));
    await store.put('0=ocfl_1.1', 'ocfl_1.1\n');
    expect(await readFile(path.join(parent, 'archive', '0=ocfl_1.1'), 'utf8')).toBe('ocfl_1.1\n');
    await store.close();
  });

  it('opens the configured bucket and prefix when S3 is configured', async () => {
    const settings = settingsSchema.parse({
      dataDir: '/unused',
      s3: { bucket: 'heritage-archive', endpoint: 'http://127.0.0.1:9', prefix: 'tay-nung/' },
    });
    const store = openObjectStore(settings);
    expect(store.kind).toBe('s3');
    expect(store.location).toBe('s3://heritage-archive/tay-nung/');
    await store.close();
  });
});
