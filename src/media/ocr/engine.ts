import { createRequire } from 'node:module';
import pMap from 'p-map';
import {
  type OcrEngineOptions,
  type OcrEngineSettings,
  parseOcrEngineOptions,
} from './engine-options.js';
import { detectOcrInputFormat } from './input-format.js';
import {
  type LanguageDataFile,
  ORIENTATION_LANGUAGE,
  parseLanguages,
  requireOcrLanguageData,
} from './language-data.js';
import type { PageLimits, PageSource } from './page-image.js';
import {
  type PageRecognizerContext,
  type RecognizedPage,
  recognizePage,
} from './page-recognizer.js';
import { openPdfPages } from './pdf-pages.js';
import { poolOnFirstUse } from './pool-on-first-use.js';
import { openRasterPages } from './raster-pages.js';
import { type OcrDocumentResult, ocrDocumentResultSchema } from './result-schema.js';
import { startTesseractProcessPool } from './tesseract-process-pool.js';

const tesseractJsVersion = (
  createRequire(import.meta.url)('tesseract.js/package.json') as { version: string }
).version;

/** How far OCR of one file has come; reported after each page. */
export interface OcrProgress {
  file: string;
  pageNumber: number;
  pagesDone: number;
  pageCount: number;
}

export interface RecognizeFileOptions {
  onProgress?: (progress: OcrProgress) => void;
  /** Stops starting new pages; pages already running finish first. */
  signal?: AbortSignal;
}

/** A warm pool of tesseract.js workers; create one per process and `close()` it at shutdown. */
export interface OcrEngine {
  readonly settings: OcrEngineSettings;
  /**
   * Recognises every page of a PNG, JPEG, WebP, TIFF or PDF file. Rejects with
   * `BadImageError` for input that will never work and `OcrProcessError` for failures
   * that may pass; after a tesseract.js process dies, every call fails until a new engine starts.
   */
  recognizeFile(file: string, options?: RecognizeFileOptions): Promise<OcrDocumentResult>;
  close(): Promise<void>;
}

/**
 * Checks that every language's data is installed (failing with the npm package to
 * install), then starts the recognition workers; the orientation worker starts with the
 * first page that needs it. Nothing is downloaded.
 */
export async function createOcrEngine(options: OcrEngineOptions = {}): Promise<OcrEngine> {
  const settings = parseOcrEngineOptions(options);
  const languages = parseLanguages(settings.languages);
  const dataFiles = await requireOcrLanguageData(settings.languages, {
    orientation: settings.detectOrientation,
  });
  const isOrientationData = (file: LanguageDataFile) => file.language === ORIENTATION_LANGUAGE;
  const startTimeoutMs = settings.startTimeoutMs;
  const recognizer = await startTesseractProcessPool({
    languageData: dataFiles.filter((file) => !isOrientationData(file)),
    startTimeoutMs,
    languages: settings.languages,
    engine: 'lstm',
    size: settings.workers,
    parameters: recognitionParameters,
  });
  const orientation = settings.detectOrientation
    ? poolOnFirstUse(() =>
        startTesseractProcessPool({
          languageData: dataFiles.filter(isOrientationData),
          startTimeoutMs,
          languages: ORIENTATION_LANGUAGE,
          engine: 'legacy',
          size: 1,
          parameters: quietParameters,
        }),
      )
    : undefined;
  const pools = orientation ? { recognizer, orientation } : { recognizer };

  const context: PageRecognizerContext = {
    ...pools,
    languages,
    reviewBelowConfidence: settings.reviewBelowConfidence,
    orientationCheckBelowConfidence: settings.orientationCheckBelowConfidence,
    minOrientationConfidence: settings.minOrientationConfidence,
    softwareName: 'tesseract.js',
    softwareVersion: tesseractJsVersion,
  };
  const limits: PageLimits = {
    maxPixels: Math.floor(settings.maxMegapixels * 1e6),
    maxPages: settings.maxPages,
  };
  let closed = false;

  return {
    settings,
    recognizeFile: async (file, { onProgress, signal } = {}) => {
      if (closed) throw new Error('the OCR engine is closed');
      const format = await detectOcrInputFormat(file);
      const source: PageSource =
        format === 'pdf'
          ? await openPdfPages(file, limits, {
              dpi: settings.pdfDpi,
              timeoutMs: settings.toolTimeoutMs,
            })
          : await openRasterPages(file, limits, format);
      let pagesDone = 0;
      const pageNumbers = Array.from({ length: source.pageCount }, (_, index) => index + 1);
      const pages = await pMap(
        pageNumbers,
        async (pageNumber): Promise<RecognizedPage> => {
          const page = await recognizePage(context, file, await source.load(pageNumber));
          pagesDone += 1;
          onProgress?.({ file, pageNumber, pagesDone, pageCount: source.pageCount });
          return page;
        },
        { concurrency: settings.workers, signal },
      );
      return ocrDocumentResultSchema.parse({
        file,
        format,
        languages: settings.languages,
        engine: {
          name: 'tesseract.js',
          version: tesseractJsVersion,
          tesseractVersion: pages[0]?.tesseractVersion ?? 'unknown',
        },
        pageCount: source.pageCount,
        pages: pages.map((page) => page.result),
        meanConfidence: wordWeightedConfidence(pages),
        needsReview: pages.some((page) => page.result.needsReview),
      });
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await Promise.all([pools.recognizer.close(), pools.orientation?.close()]);
    },
  };
}

/** tesseract's warnings ("Too few characters", resolution guesses) would go to the worker's stdout. */
const quietParameters = { debug_file: '/dev/null' };

/**
 * tesseract's library default is one uniform block of text (`PSM_SINGLE_BLOCK`), which
 * reads straight across the columns of a book page; its command line, like this engine,
 * finds the layout itself (`PSM_AUTO`). Orientation is detected separately, and only
 * for a doubtful reading.
 * Song books are dark ink on light paper: the retry of doubtful words as white-on-black
 * text (`tessedit_do_invert`) costs time and finds nothing on them.
 */
const recognitionParameters = {
  tessedit_pageseg_mode: '3',
  tessedit_do_invert: '0',
  ...quietParameters,
};

/** A file's mean confidence with each word counted once, so near-empty pages weigh little. */
function wordWeightedConfidence(pages: RecognizedPage[]): number {
  const words = pages.reduce((sum, page) => sum + page.result.wordCount, 0);
  if (words === 0) return 0;
  return (
    pages.reduce((sum, page) => sum + page.result.meanConfidence * page.result.wordCount, 0) / words
  );
}
