/**
 * TIFF variants libvips refuses, read through the fallback decoder (utif2): decode time
 * of each page (median of 5) and the OCR's character error rate against the page's
 * text, with the bundled CCITT G4 page read by libvips as the baseline in the same run.
 * The variants are made from that page (tests/support/tiff-fixtures.ts).
 *
 *   npx tsx bench/ocr-tiff-fallback.bench.ts
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createOcrEngine } from '../src/media/ocr/index.js';
import { openRasterPages } from '../src/media/ocr/raster-pages.js';
import { characterErrorRate } from '../tests/support/ocr-cer.js';
import {
  bilevelTiffWithExtraSample,
  mixedTiff,
  songbookPage,
  songbookText,
  tiffWithDirectoryAtTheEnd,
} from '../tests/support/tiff-fixtures.js';

const dir = await mkdtemp(path.join(os.tmpdir(), 'heritage-bench-tiff-'));
const variants: [string, string | Buffer][] = [
  ['CCITT G4, libvips (baseline)', songbookPage],
  ['uncompressed, directory at the end', await tiffWithDirectoryAtTheEnd()],
  [
    '16-bit grey, LZW',
    await sharp(songbookPage).toColourspace('grey16').tiff({ compression: 'lzw' }).toBuffer(),
  ],
  ['CCITT G4 with an extra sample', await bilevelTiffWithExtraSample()],
  ['mixed: G4, G4 + extra sample, bilevel CMYK', await mixedTiff()],
];
const engine = await createOcrEngine({ languages: 'vie+eng', workers: 1 });
try {
  for (const [index, [name, content]] of variants.entries()) {
    const file = typeof content === 'string' ? content : path.join(dir, `${index}.tif`);
    if (typeof content !== 'string') await writeFile(file, content);
    const source = await openRasterPages(file, { maxPixels: 120e6, maxPages: 100 }, 'tiff');
    const decodeMs: number[] = [];
    for (let page = 1; page <= source.pageCount; page++) {
      const times: number[] = [];
      for (let round = 0; round < 5; round++) {
        const start = performance.now();
        await source.load(page);
        times.push(performance.now() - start);
      }
      decodeMs.push(times.sort((a, b) => a - b)[2] as number);
    }
    const result = await engine.recognizeFile(file);
    const cer = result.pages.map((page) =>
      (characterErrorRate(page.text, songbookText) * 100).toFixed(2),
    );
    console.log(
      `${name}: decode ${decodeMs.map((ms) => ms.toFixed(0)).join(' / ')} ms per page; CER ${cer.join(' / ')} %`,
    );
  }
} finally {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
}
