import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../../src/archive/archive.js';
import { readItemRecord } from '../../../src/archive/object-files.js';
import { exportRunCommand } from '../../../src/entry/cli/commands/export-run-command.js';
import { ingestCommand } from '../../../src/entry/cli/commands/ingest-command.js';
import type { Settings } from '../../../src/infra/config/settings-schema.js';
import { readPageLayout } from '../../../src/usecases/export/line-boxes.js';
import { writeDeposit } from '../../support/deposit.js';
import { duckRows } from '../../support/duck-rows.js';
import { silentOutput } from '../../support/export-archive.js';
import { printedPage, printedPageLines } from '../../support/ocr-fixtures.js';
import { makeTempDir } from '../../support/redis.js';
import { openTestArchive } from '../../support/test-archive.js';

describe('OCR line pairs from corrected pages', () => {
  let settings: Settings;
  let out: string;
  let truth: string[];
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    const deposit = await makeTempDir('export-ocr-deposit');
    cleanups.push(deposit.remove);
    const testArchive = await openTestArchive('postgres', {
      ocr: { languages: 'eng', workers: 1 },
    });
    cleanups.push(testArchive.cleanup);
    settings = testArchive.settings;
    const consent = 'archive; ml-training';
    const scratch = await makeTempDir('export-ocr-page');
    cleanups.push(scratch.remove);
    const page = await printedPage(scratch.dir);
    await writeDeposit(deposit.dir, {
      'items.csv': [
        'id,title,languages,access,consent,licence,files',
        `page-upright,Upright page,eng,open,${consent},CC0-1.0,page-upright.png`,
        `page-turned,Page scanned upside down,eng,open,${consent},CC0-1.0,page-turned.png`,
        `page-miscounted,Page whose correction lost a line,eng,open,${consent},CC0-1.0,page-miscounted.png`,
        '',
      ].join('\n'),
      'page-upright.png': await readFile(page),
      'page-turned.png': await sharp(page).rotate(180).png().toBuffer(),
      'page-miscounted.png': await readFile(page),
    });
    const code = await ingestCommand(
      deposit.dir,
      { manifest: path.join(deposit.dir, 'items.csv'), collection: 'pages' },
      settings,
      silentOutput(),
    );
    expect(code).toBe(0);
    truth = printedPageLines;
    const archive = await openArchive(settings);
    try {
      // A linguist's corrections, as the catalog keeps them for each page.
      const correct = (item: string, lines: string[]) =>
        archive.catalog.query('UPDATE ocr_pages SET corrected_text = $2 WHERE item_id = $1', [
          item,
          lines.join('\n'),
        ]);
      await correct('page-upright', truth);
      await correct('page-turned', truth);
      await correct('page-miscounted', truth.slice(1));
    } finally {
      await archive.close();
    }
    const folder = await makeTempDir('export-ocr-out');
    cleanups.push(folder.remove);
    out = path.join(folder.dir, 'dataset');
    expect(await exportRunCommand({ out }, settings, silentOutput())).toBe(0);
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('writes one image and one ground-truth line per line of the layout, cut where ALTO puts it', async () => {
    const archive = await openArchive(settings);
    try {
      for (const item of ['page-upright', 'page-turned']) {
        const record = (await readItemRecord(archive.objects, item))?.record;
        const alto = record?.assets.find((asset) => asset.path.endsWith('.alto.xml'));
        expect(alto, item).toBeDefined();
        const layout = readPageLayout(
          await text(await archive.objects.readFile(item, alto?.path as string)),
          item,
        );
        expect(layout.lines).toHaveLength(truth.length);
        const folder = await exportedSplitFolder(out, item);
        const stems = (await readdir(folder))
          .filter((name) => name.startsWith(`${item}-`) && name.endsWith('.gt.txt'))
          .map((name) => name.slice(0, -'.gt.txt'.length))
          .sort();
        expect(stems).toHaveLength(truth.length);
        for (const [index, stem] of stems.entries()) {
          expect(await readFile(path.join(folder, `${stem}.gt.txt`), 'utf8')).toBe(
            `${truth[index]}\n`,
          );
          const image = await sharp(path.join(folder, `${stem}.png`)).metadata();
          expect([image.width, image.height]).toEqual([
            layout.lines[index]?.width,
            layout.lines[index]?.height,
          ]);
        }
      }
    } finally {
      await archive.close();
    }
  });

  it('cuts the upside-down scan upright: its lines look like the upright scan’s', async () => {
    const upright = await lineImages(out, 'page-upright');
    const turned = await lineImages(out, 'page-turned');
    expect(turned).toHaveLength(upright.length);
    // Same text, same orientation: mean ink per line matches closely; a page cut upside
    // down (or unturned boxes on the turned image) would not.
    for (const [index, image] of upright.entries()) {
      expect(Math.abs(image - (turned[index] as number)), `line ${index + 1}`).toBeLessThan(25);
    }
  });

  it('counts the page whose correction has another number of lines, and prefers corrections in the text corpus', async () => {
    const manifest = JSON.parse(await readFile(path.join(out, 'export_manifest.json'), 'utf8'));
    expect(manifest.exclusions).toContainEqual({
      unit: 'ocr-page',
      reason: 'corrected text and OCR layout differ in their number of lines',
      count: 1,
    });
    const texts = (await readdir(path.join(out, 'text'))).filter((name) => name.endsWith('.jsonl'));
    const documents = (
      await Promise.all(texts.map((name) => readFile(path.join(out, 'text', name), 'utf8')))
    )
      .join('')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; text: string; source_item: string });
    // The two full corrections are the same text: the duplicate is dropped.
    expect(documents.map((document) => document.source_item).sort()).toEqual([
      'page-miscounted',
      'page-turned',
    ]);
    expect(documents.find((d) => d.source_item === 'page-turned')?.text).toBe(truth.join('\n'));
  });

  it('tags OCR text ocr or ocr-corrected with the engine that read it, and --text-origin keeps exactly the corrected pages', async () => {
    const archive = await openArchive(settings);
    let engine: string;
    try {
      const record = (await readItemRecord(archive.objects, 'page-turned'))?.record;
      const step = record?.steps.find((outcome) => outcome.step === 'ocr-page');
      const read = (step?.result as { engine?: { name: string; version: string } } | undefined)
        ?.engine;
      expect(read).toBeDefined();
      engine = `${read?.name} ${read?.version}`;
      // The page-miscounted correction is taken back: its text is the engine's again.
      await archive.catalog.query(
        `UPDATE ocr_pages SET corrected_text = NULL WHERE item_id = 'page-miscounted'`,
      );
    } finally {
      await archive.close();
    }
    const lines = await duckRows(
      `SELECT DISTINCT text_origin, text_origin_tool FROM read_json('${out}/ocr/*/metadata.jsonl')`,
    );
    expect(lines).toEqual([{ text_origin: 'ocr-corrected', text_origin_tool: engine }]);

    const all = path.join(path.dirname(out), 'all-origins');
    const corrected = path.join(path.dirname(out), 'corrected-only');
    expect(await exportRunCommand({ out: all }, settings, silentOutput())).toBe(0);
    expect(
      await exportRunCommand(
        { out: corrected, textOrigin: 'ocr-corrected' },
        settings,
        silentOutput(),
      ),
    ).toBe(0);
    const rows = (root: string) =>
      duckRows(
        `SELECT id, source_item, text_origin, text_origin_tool FROM read_json('${root}/text/*.jsonl') ORDER BY id`,
      );
    const everything = await rows(all);
    expect(
      everything.map((row) => [row.source_item, row.text_origin, row.text_origin_tool]),
    ).toEqual([
      ['page-miscounted', 'ocr', engine],
      ['page-turned', 'ocr-corrected', engine],
    ]);
    expect(await rows(corrected)).toEqual(
      everything.filter((row) => row.text_origin === 'ocr-corrected'),
    );
    const named = await duckRows(
      `SELECT e.unit, e.item, e.reason
         FROM (SELECT unnest(excluded) AS e FROM read_json('${corrected}/export_manifest.json'))
        WHERE e.reason LIKE 'text origin%'`,
    );
    expect(named).toEqual([
      { unit: 'text', item: 'page-miscounted', reason: 'text origin ocr not asked for' },
    ]);
    const card = await readFile(path.join(corrected, 'README.md'), 'utf8');
    expect(card).toContain(`ocr-corrected (${engine})`);
    expect(card).not.toMatch(/\| ocr \(/);
  });
});

/** The `ocr/<split>` folder that holds an item's line pairs. */
async function exportedSplitFolder(root: string, item: string): Promise<string> {
  for (const split of await readdir(path.join(root, 'ocr'))) {
    const names = await readdir(path.join(root, 'ocr', split));
    if (names.some((name) => name.startsWith(`${item}-`))) return path.join(root, 'ocr', split);
  }
  throw new Error(`no OCR lines of ${item} in ${root}`);
}

/** Mean grey level of each line image of an item, in line order. */
async function lineImages(root: string, item: string): Promise<number[]> {
  const folder = await exportedSplitFolder(root, item);
  const names = (await readdir(folder))
    .filter((name) => name.startsWith(`${item}-`) && name.endsWith('.png'))
    .sort();
  return Promise.all(
    names.map(
      async (name) => (await sharp(path.join(folder, name)).stats()).channels[0]?.mean ?? 0,
    ),
  );
}
