import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DOMParser, type Element } from '@xmldom/xmldom';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BadImageError,
  createOcrEngine,
  MissingLanguageDataError,
  type OcrDocumentResult,
  type OcrEngine,
  type OcrPageResult,
  type OcrProgress,
  ocrDocumentResultSchema,
} from '../../../src/media/ocr/index.js';
import { itWithCorpus } from '../../support/corpus-tests.js';
import { characterErrorRate } from '../../support/ocr-cer.js';
import { eurotext } from '../../support/ocr-corpus.js';
import {
  exifOrientedJpeg,
  pixelFloodPng,
  printedPage,
  printedPageLines,
  quarterTurnedPng,
  twoPagePdf,
  twoPageTiff,
  webpPage,
  writeFixture,
} from '../../support/ocr-fixtures.js';

/** A clean page read well: under 5 % of its characters wrong. */
const readsWell = 0.05;

let dir: string;
let engine: OcrEngine;
let printed: string;
const printedTruth = printedPageLines.join('\n');

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'heritage-ocr-engine-'));
  printed = await printedPage(dir);
  engine = await createOcrEngine({ languages: 'vie+eng', workers: 2 });
});

afterAll(async () => {
  await engine?.close();
  await rm(dir, { recursive: true, force: true });
});

function page(result: OcrDocumentResult, pageNumber: number): OcrPageResult {
  const found = result.pages.find((candidate) => candidate.pageNumber === pageNumber);
  if (!found) throw new Error(`no page ${pageNumber} in the result for ${result.file}`);
  return found;
}

function parseXml(xml: string): Element {
  const document = new DOMParser({
    onError: (level, message) => {
      throw new Error(`${level}: ${message}`);
    },
  }).parseFromString(xml, 'text/xml');
  return document.documentElement as Element;
}

describe('recognising files', () => {
  it('reads every page of a multi-page TIFF and sets the upside-down page upright', async () => {
    const file = await twoPageTiff(dir, printed);
    const progress: OcrProgress[] = [];
    const result = await engine.recognizeFile(file, {
      onProgress: (report) => progress.push(report),
    });

    expect(result.format).toBe('tiff');
    expect(result.pageCount).toBe(2);
    expect(result.pages.map((each) => each.pageNumber)).toEqual([1, 2]);
    // The upright page reads confidently at once; the upside-down one is checked and turned.
    expect(page(result, 1).orientation).toEqual({ rotation: 0, checked: false, confidence: null });
    expect(page(result, 2).orientation).toMatchObject({ rotation: 180, checked: true });
    expect(page(result, 2).orientation.confidence).toBeGreaterThanOrEqual(7);
    for (const each of result.pages) {
      expect(characterErrorRate(each.text, printedTruth)).toBeLessThan(readsWell);
      expect(each.needsReview).toBe(false);
    }
    expect(progress.map((report) => report.pagesDone)).toEqual([1, 2]);
    expect(progress.every((report) => report.pageCount === 2 && report.file === file)).toBe(true);
  });

  it('sets a page lying on its side upright and reports the upright size', async () => {
    const result = await engine.recognizeFile(await quarterTurnedPng(dir, printed));
    const only = page(result, 1);
    expect(only.orientation).toMatchObject({ rotation: 90, checked: true });
    expect([only.width, only.height]).toEqual([640, 480]);
    expect(characterErrorRate(only.text, printedTruth)).toBeLessThan(readsWell);
  });

  it('leaves orientation unchecked when told not to look, reading the turned page as it is', async () => {
    const unturned = await createOcrEngine({ workers: 1, detectOrientation: false });
    try {
      const only = page(await unturned.recognizeFile(await quarterTurnedPng(dir, printed)), 1);
      expect(only.orientation).toEqual({ rotation: 0, checked: false, confidence: null });
      expect([only.width, only.height]).toEqual([480, 640]);
      expect(characterErrorRate(only.text, printedTruth)).toBeGreaterThan(0.5);
    } finally {
      await unturned.close();
    }
  });

  it('follows the EXIF orientation of a JPEG before looking for text', async () => {
    const result = await engine.recognizeFile(await exifOrientedJpeg(dir, printed));
    const only = page(result, 1);
    expect(result.format).toBe('jpeg');
    expect(only.orientation).toEqual({ rotation: 0, checked: false, confidence: null });
    expect([only.width, only.height]).toEqual([640, 480]);
    expect(characterErrorRate(only.text, printedTruth)).toBeLessThan(readsWell);
  });

  it('reads WebP', async () => {
    const result = await engine.recognizeFile(await webpPage(dir, printed));
    expect(result.format).toBe('webp');
    expect(characterErrorRate(page(result, 1).text, printedTruth)).toBeLessThan(readsWell);
  });

  it('renders every PDF page at 300 dpi and keeps the text layer it already has', async () => {
    const result = await engine.recognizeFile(await twoPagePdf(dir, printed));
    expect(result.format).toBe('pdf');
    expect(result.pageCount).toBe(2);

    const scanned = page(result, 1);
    expect(scanned.dpi).toBe(300);
    // 640x480 pixels at 200 dpi make a 3.2 x 2.4 inch page.
    expect([scanned.width, scanned.height]).toEqual([960, 720]);
    expect(characterErrorRate(scanned.text, printedTruth)).toBeLessThan(readsWell);
    expect(scanned.textLayer).not.toBeNull();
    expect(characterErrorRate(scanned.textLayer ?? '', printedTruth)).toBeLessThan(readsWell);
    expect(scanned.needsReview).toBe(false);

    const blank = page(result, 2);
    expect(blank.textLayer).toBeNull();
    expect(blank.wordCount).toBe(0);
    expect(blank.needsReview).toBe(true);
    expect(result.needsReview).toBe(true);
  });

  itWithCorpus('returns hOCR and ALTO v4 that agree word for word, boxed in the page', async () => {
    const result = await engine.recognizeFile(eurotext.image);
    const only = page(result, 1);
    expect(only.wordCount).toBeGreaterThan(50);

    const alto = parseXml(only.alto);
    expect(alto.namespaceURI).toBe('http://www.loc.gov/standards/alto/ns-v4#');
    const altoPage = alto.getElementsByTagName('Page')[0];
    expect(Number(altoPage?.getAttribute('WIDTH'))).toBe(only.width);
    expect(Number(altoPage?.getAttribute('HEIGHT'))).toBe(only.height);
    const strings = Array.from(alto.getElementsByTagName('String'));
    expect(strings).toHaveLength(only.wordCount);
    for (const word of strings) {
      const [left, top, width, height, confidence] = ['HPOS', 'VPOS', 'WIDTH', 'HEIGHT', 'WC'].map(
        (name) => Number(word.getAttribute(name)),
      ) as [number, number, number, number, number];
      expect(left).toBeGreaterThanOrEqual(0);
      expect(top).toBeGreaterThanOrEqual(0);
      expect(left + width).toBeLessThanOrEqual(only.width);
      expect(top + height).toBeLessThanOrEqual(only.height);
      expect(confidence).toBeGreaterThanOrEqual(0);
      expect(confidence).toBeLessThanOrEqual(1);
    }

    const hocr = parseXml(only.hocr);
    expect(hocr.namespaceURI).toBe('http://www.w3.org/1999/xhtml');
    const hocrWords = Array.from(hocr.getElementsByTagName('span'))
      .filter((span) => span.getAttribute('class') === 'ocrx_word')
      .map((span) => span.textContent);
    expect(hocrWords).toEqual(strings.map((word) => word.getAttribute('CONTENT')));
    // Markup characters in the page's text survive both documents.
    expect(hocrWords).toContain('<lazy>');
    expect(only.text).toContain('<lazy>');
  });

  it('returns plain JSON that its schema accepts', async () => {
    const result = await engine.recognizeFile(printed);
    const roundTripped = JSON.parse(JSON.stringify(result));
    expect(roundTripped).toEqual(result);
    expect(ocrDocumentResultSchema.parse(roundTripped)).toEqual(result);
    expect(result.engine.name).toBe('tesseract.js');
  });

  it('starts no page when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('job cancelled'));
    await expect(engine.recognizeFile(printed, { signal: controller.signal })).rejects.toThrow(
      'job cancelled',
    );
  });
});

describe('refusing input', () => {
  it('refuses a pixel flood from its header, naming the file', async () => {
    const file = await writeFixture(dir, 'flood.png', pixelFloodPng(50_000, 50_000));
    const failure = engine.recognizeFile(file);
    await expect(failure).rejects.toBeInstanceOf(BadImageError);
    await expect(failure).rejects.toThrow(
      `${file}: page 1: 50000x50000 pixels (2500.0 MP) exceeds the limit of 120 MP`,
    );
  });

  it.each([
    ['notes.txt', 'not an image at all\n'],
    [
      'drawing.svg',
      '<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>',
    ],
    ['sound.flac', Buffer.concat([Buffer.from('fLaC'), Buffer.alloc(64)])],
  ])('refuses %s as a format it cannot OCR, naming the file', async (name, content) => {
    const file = await writeFixture(dir, name, content);
    const failure = engine.recognizeFile(file);
    await expect(failure).rejects.toBeInstanceOf(BadImageError);
    await expect(failure).rejects.toThrow(`${file}: cannot OCR`);
  });

  it('refuses a truncated PNG, naming the file', async () => {
    const noise = { type: 'gaussian', mean: 128, sigma: 40 } as const;
    const whole = await sharp({
      create: { width: 320, height: 240, channels: 3, background: '#fff', noise },
    })
      .png()
      .toBuffer();
    const file = await writeFixture(dir, 'truncated.png', whole.subarray(0, whole.length / 2));
    const failure = engine.recognizeFile(file);
    await expect(failure).rejects.toBeInstanceOf(BadImageError);
    await expect(failure).rejects.toThrow(file);
  });

  it('refuses a missing file, naming it', async () => {
    const file = path.join(dir, 'missing.png');
    await expect(engine.recognizeFile(file)).rejects.toThrow(`${file}: no such file`);
  });
});

describe('limits and start-up', () => {
  it('refuses images and PDF pages above maxMegapixels before decoding or rendering them', async () => {
    const large = path.join(dir, 'large.png');
    await sharp({ create: { width: 1024, height: 800, channels: 3, background: '#fff' } })
      .png()
      .toFile(large);
    const small = await createOcrEngine({
      workers: 1,
      maxMegapixels: 0.5,
      detectOrientation: false,
    });
    try {
      const image = small.recognizeFile(large);
      await expect(image).rejects.toBeInstanceOf(BadImageError);
      await expect(image).rejects.toThrow(
        `${large}: page 1: 1024x800 pixels (0.8 MP) exceeds the limit of 0.5 MP`,
      );
      const pdf = path.join(dir, 'two-pages.pdf');
      await expect(small.recognizeFile(pdf)).rejects.toThrow(
        `${pdf}: page 1 at 300 dpi: 960x720 pixels`,
      );
      // A page under the limit still reads.
      const result = await small.recognizeFile(printed);
      expect(characterErrorRate(page(result, 1).text, printedTruth)).toBeLessThan(readsWell);
    } finally {
      await small.close();
    }
  });

  it('fails at start, naming the package to install, when a language has no data', async () => {
    const starting = createOcrEngine({ languages: 'eng+zzz' });
    await expect(starting).rejects.toBeInstanceOf(MissingLanguageDataError);
    await expect(starting).rejects.toThrow('npm install @tesseract.js-data/zzz');
  });

  it('refuses work once closed', async () => {
    const closing = await createOcrEngine({ workers: 1, detectOrientation: false });
    await closing.close();
    await expect(closing.recognizeFile(path.join(dir, 'page.png'))).rejects.toThrow('closed');
  });
});
