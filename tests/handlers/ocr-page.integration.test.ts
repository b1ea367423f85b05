import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive/archive.js';
import { readItemRecord } from '../../src/archive/object-files.js';
import { ingestCommand } from '../../src/entry/cli/commands/ingest-command.js';
import { createOutput } from '../../src/entry/cli/output.js';
import { searchCatalog } from '../../src/infra/catalog/item-queries.js';
import type { Settings } from '../../src/infra/config/settings-schema.js';
import { writeDeposit } from '../support/deposit.js';
import { pixelFloodPng } from '../support/ocr-fixtures.js';
import { makeTempDir } from '../support/redis.js';
import { openTestArchive } from '../support/test-archive.js';

const samples = path.resolve('samples/tay-songs');
const silent = () =>
  createOutput(true, { write: () => true } as never, { write: () => true } as never);

describe('the ocr-page step, through a real ingest', () => {
  let settings: Settings;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    const archive = await openTestArchive('pglite');
    const deposit = await makeTempDir('ocr-deposit');
    cleanups.push(archive.cleanup, deposit.remove);
    settings = archive.settings;
    await copyFile(path.join(samples, 'songbook-003.tif'), path.join(deposit.dir, 'songbook.tif'));
    await writeDeposit(deposit.dir, { 'flood.png': pixelFloodPng(20_000, 20_000) });
    expect(await ingestCommand(deposit.dir, { collection: 'ocr' }, settings, silent())).toBe(1);
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('archives text, hOCR and ALTO per page and indexes the text for diacritic-insensitive search', async () => {
    const archive = await openArchive(settings);
    try {
      const found = await readItemRecord(archive.objects, 'songbook');
      const derived = found?.record.assets
        .filter((asset) => asset.derivedFrom === 'originals/songbook.tif')
        .map((asset) => asset.path);
      expect(derived).toEqual([
        'derivatives/ocr/songbook.p001.alto.xml',
        'derivatives/ocr/songbook.p001.hocr.html',
        'derivatives/ocr/songbook.p001.txt',
      ]);
      const hits = await searchCatalog(archive.catalog, 'dan tinh ngan vang');
      expect(hits).toEqual([
        expect.objectContaining({
          itemId: 'songbook',
          source: 'ocr',
          snippet: 'Đàn tính ngân vang giữa núi rừng',
        }),
      ]);
      const [page] = await archive.catalog.query<{
        mean_confidence: number;
        needs_review: boolean;
      }>('SELECT mean_confidence, needs_review FROM ocr_pages WHERE item_id = $1', ['songbook']);
      expect(page?.mean_confidence).toBeGreaterThan(80);
      expect(page?.needs_review).toBe(false);
    } finally {
      await archive.close();
    }
  });

  it('refuses a pixel flood with its reason on the item, and the batch goes on', async () => {
    const archive = await openArchive(settings);
    try {
      const [flood] = await archive.catalog.query<{ status: string; status_detail: string }>(
        'SELECT status, status_detail FROM items WHERE id = $1',
        ['flood'],
      );
      expect(flood?.status).toBe('failed');
      expect(flood?.status_detail).toMatch(/ocr-page originals\/flood\.png: .*(pixel|megapixel)/i);
    } finally {
      await archive.close();
    }
  });
});
