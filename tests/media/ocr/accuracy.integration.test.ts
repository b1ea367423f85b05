import { readFile } from 'node:fs/promises';
import pMap from 'p-map';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createOcrEngine, type OcrEngine } from '../../../src/media/ocr/index.js';
import { describeWithCorpus } from '../../support/corpus-tests.js';
import { characterErrorRate } from '../../support/ocr-cer.js';
import { allCorpusPages, phototest, phototestRotated180 } from '../../support/ocr-corpus.js';
import {
  type NativeTessdata,
  nativeTesseract,
  unpackNativeTessdata,
} from '../../support/ocr-native-tesseract.js';

const languages = 'vie+eng';
/** How much worse than native tesseract the engine may read, as a CER difference. */
const tolerance = 0.01;

interface PageScores {
  engine: number;
  native: number;
}

describeWithCorpus('OCR accuracy against native tesseract with the same language data', () => {
  let engine: OcrEngine;
  let tessdata: NativeTessdata;
  const scores = new Map<string, PageScores>();

  // Five pages through two OCR engines: about half a minute of work for two cores,
  // more when the machine is shared.
  beforeAll(async () => {
    [engine, tessdata] = await Promise.all([
      createOcrEngine({ languages, workers: 2 }),
      unpackNativeTessdata(languages),
    ]);
    const [engineTexts, nativeTexts] = await Promise.all([
      // The engine's pool takes every page at once; native runs as two processes.
      Promise.all(
        allCorpusPages.map(
          async (page) => (await engine.recognizeFile(page.image)).pages[0]?.text ?? '',
        ),
      ),
      pMap(allCorpusPages, (page) => nativeTesseract(page.image, tessdata, languages), {
        concurrency: 2,
      }),
    ]);
    for (const [index, page] of allCorpusPages.entries()) {
      const truth = await readFile(page.truth, 'utf8');
      scores.set(page.name, {
        engine: characterErrorRate(engineTexts[index] ?? '', truth),
        native: characterErrorRate(nativeTexts[index] ?? '', truth),
      });
    }
    console.table(
      [...scores].map(([page, score]) => ({
        page,
        'engine CER %': (score.engine * 100).toFixed(2),
        'native CER %': (score.native * 100).toFixed(2),
      })),
    );
  }, 300_000);

  afterAll(async () => {
    await engine?.close();
    await tessdata?.remove();
  });

  it.each(allCorpusPages.map((page) => page.name))(
    'reads %s no worse than native tesseract plus 1 point',
    (name) => {
      const score = scores.get(name);
      expect(score).toBeDefined();
      expect(score?.engine).toBeLessThanOrEqual((score?.native ?? 0) + tolerance);
    },
  );

  it('reads the page turned by 180 degrees as well as the upright one', () => {
    const upright = scores.get(phototest.name)?.engine;
    const turned = scores.get(phototestRotated180.name)?.engine;
    expect(upright).toBeDefined();
    expect(turned).toBeDefined();
    expect(Math.abs((turned ?? 1) - (upright ?? 0))).toBeLessThanOrEqual(tolerance);
  });
});
