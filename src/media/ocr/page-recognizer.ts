import path from 'node:path';
import type Tesseract from 'tesseract.js';
import { buildAlto } from './alto.js';
import { OcrProcessError } from './errors.js';
import { buildHocr } from './hocr-document.js';
import { decideRotation, type OrientationDecision, rotatePage } from './orientation.js';
import { type PageImage, toNetpbm } from './page-image.js';
import { wordsOf } from './recognized-layout.js';
import type { OcrPageResult } from './result-schema.js';
import type { TesseractPool } from './tesseract-pool.js';

export interface PageRecognizerContext {
  recognizer: TesseractPool;
  /** Absent when orientation detection is off. */
  orientation?: TesseractPool;
  languages: string[];
  reviewBelowConfidence: number;
  /** A first reading at least this confident is taken as upright without checking. */
  orientationCheckBelowConfidence: number;
  minOrientationConfidence: number;
  /** e.g. `tesseract.js`. */
  softwareName: string;
  softwareVersion: string;
}

/** What one page yields, with the version of tesseract that read it. */
export interface RecognizedPage {
  result: OcrPageResult;
  tesseractVersion: string;
}

interface Reading {
  image: PageImage;
  data: Tesseract.Page;
}

/** Resolutions tesseract accepts as `user_defined_dpi`. */
const plausibleDpi = { min: 70, max: 2400 };

/**
 * Recognises a page, setting it upright first when it needs it, and renders text, hOCR
 * and ALTO for it. Most scans are upright and read with high confidence, so the page is
 * read as it is first; only a doubtful reading pays for orientation detection, and a
 * turned page is read again upright. Text turned 90 degrees clockwise often reads well
 * as it is (tesseract turns vertical lines itself); boxes then refer to the page as stored.
 */
export async function recognizePage(
  context: PageRecognizerContext,
  file: string,
  page: PageImage,
): Promise<RecognizedPage> {
  const first = await read(context, file, page);
  if (!context.orientation || first.data.confidence >= context.orientationCheckBelowConfidence) {
    return render(context, file, first, { rotation: 0, confidence: null, checked: false });
  }
  const decision = await detectOrientation(
    context.orientation,
    context.minOrientationConfidence,
    file,
    page,
  );
  if (decision.rotation === 0) return render(context, file, first, { ...decision, checked: true });
  const second = await read(context, file, await rotatePage(page, decision.rotation));
  // Detection can be wrong on sparse pages: keep the reading tesseract trusts more.
  return second.data.confidence >= first.data.confidence
    ? render(context, file, second, { ...decision, checked: true })
    : render(context, file, first, { rotation: 0, confidence: decision.confidence, checked: true });
}

async function read(
  context: PageRecognizerContext,
  file: string,
  image: PageImage,
): Promise<Reading> {
  const parameters: Record<string, string> = {};
  if (image.dpi && image.dpi >= plausibleDpi.min && image.dpi <= plausibleDpi.max) {
    parameters.user_defined_dpi = String(image.dpi);
  }
  const data = await withPageContext(file, image.pageNumber, 'recognition', () =>
    context.recognizer.recognize(toNetpbm(image), parameters, { text: true, hocr: true }),
  );
  return { image, data };
}

function render(
  context: PageRecognizerContext,
  file: string,
  { image, data }: Reading,
  orientation: OcrPageResult['orientation'],
): RecognizedPage {
  const sourceFileName = path.basename(file);
  const softwareVersion = `${context.softwareVersion} (tesseract ${data.version})`;
  const hocr = buildHocr({
    pageFragment: data.hocr ?? '',
    pageNumber: image.pageNumber,
    sourceFileName,
    language: context.languages[0] ?? 'und',
    softwareVersion: `${context.softwareName} ${softwareVersion}`,
  });
  return {
    tesseractVersion: data.version,
    result: {
      pageNumber: image.pageNumber,
      width: image.width,
      height: image.height,
      dpi: image.dpi,
      orientation,
      text: data.text.normalize('NFC'),
      hocr: hocr.xml,
      alto: buildAlto({
        pageNumber: image.pageNumber,
        width: image.width,
        height: image.height,
        sourceFileName,
        blocks: hocr.blocks,
        softwareName: context.softwareName,
        softwareVersion,
        processingSettings: `languages=${context.languages.join('+')}; rotation=${orientation.rotation}`,
      }),
      meanConfidence: data.confidence,
      wordCount: wordsOf(hocr.blocks).length,
      needsReview: data.confidence < context.reviewBelowConfidence,
      textLayer: image.textLayer,
    },
  };
}

async function detectOrientation(
  pool: TesseractPool,
  minConfidence: number,
  file: string,
  page: PageImage,
): Promise<OrientationDecision> {
  const detected = await withPageContext(file, page.pageNumber, 'orientation detection', () =>
    pool.detect(toNetpbm(page)),
  );
  return decideRotation(detected, minConfidence);
}

/** tesseract.js rejects with bare strings; this names the file, the page and the step. */
async function withPageContext<T>(
  file: string,
  pageNumber: number,
  step: string,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new OcrProcessError(file, `page ${pageNumber}: ${step} failed: ${reason}`);
  }
}
