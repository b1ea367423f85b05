import path from 'node:path';
import { buildAlto } from './alto.js';
import { OcrProcessError } from './errors.js';
import { buildHocr } from './hocr-document.js';
import { decideRotation, type OrientationDecision, rotatePage } from './orientation.js';
import { type PageImage, toPgm } from './page-image.js';
import { wordsOf } from './recognized-layout.js';
import type { OcrPageResult } from './result-schema.js';
import type { TesseractPool } from './tesseract-pool.js';

export interface PageRecognizerContext {
  recognizer: TesseractPool;
  /** Absent when orientation detection is off. */
  orientation?: TesseractPool;
  languages: string[];
  reviewBelowConfidence: number;
  minOrientationConfidence: number;
  /** e.g. `tesseract.js 7.0.0`. */
  softwareName: string;
  softwareVersion: string;
}

/** What one page yields, with the version of tesseract that read it. */
export interface RecognizedPage {
  result: OcrPageResult;
  tesseractVersion: string;
}

/** Resolutions tesseract accepts as `user_defined_dpi`. */
const plausibleDpi = { min: 70, max: 2400 };

/** Sets the page upright, recognises it, and renders text, hOCR and ALTO for it. */
export async function recognizePage(
  context: PageRecognizerContext,
  file: string,
  page: PageImage,
): Promise<RecognizedPage> {
  const orientation = await detectOrientation(context, file, page);
  const upright = await rotatePage(page, orientation.rotation);
  const parameters: Record<string, string> = {};
  if (upright.dpi && upright.dpi >= plausibleDpi.min && upright.dpi <= plausibleDpi.max) {
    parameters.user_defined_dpi = String(upright.dpi);
  }
  const data = await withPageContext(file, page.pageNumber, 'recognition', () =>
    context.recognizer.recognize(toPgm(upright), parameters, { text: true, hocr: true }),
  );
  const meanConfidence = data.confidence;
  const sourceFileName = path.basename(file);
  const softwareVersion = `${context.softwareVersion} (tesseract ${data.version})`;
  const language = context.languages[0] ?? 'und';
  const hocr = buildHocr({
    pageFragment: data.hocr ?? '',
    pageNumber: page.pageNumber,
    sourceFileName,
    language,
    softwareVersion: `${context.softwareName} ${softwareVersion}`,
  });
  return {
    tesseractVersion: data.version,
    result: {
      pageNumber: page.pageNumber,
      width: upright.width,
      height: upright.height,
      dpi: upright.dpi,
      orientation,
      text: data.text.normalize('NFC'),
      hocr: hocr.xml,
      alto: buildAlto({
        pageNumber: page.pageNumber,
        width: upright.width,
        height: upright.height,
        sourceFileName,
        blocks: hocr.blocks,
        softwareName: context.softwareName,
        softwareVersion,
        processingSettings: `languages=${context.languages.join('+')}; rotation=${orientation.rotation}`,
      }),
      meanConfidence,
      wordCount: wordsOf(hocr.blocks).length,
      needsReview: meanConfidence < context.reviewBelowConfidence,
      textLayer: page.textLayer,
    },
  };
}

async function detectOrientation(
  context: PageRecognizerContext,
  file: string,
  page: PageImage,
): Promise<OrientationDecision> {
  const pool = context.orientation;
  if (!pool) return { rotation: 0, confidence: null };
  const detected = await withPageContext(file, page.pageNumber, 'orientation detection', () =>
    pool.detect(toPgm(page)),
  );
  return decideRotation(detected, context.minOrientationConfidence);
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
