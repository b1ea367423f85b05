import path from 'node:path';
import { UnrecoverableError } from 'bullmq';
import type { Archive } from '../archive/archive.js';
import { withOriginalOnDisk } from '../archive/original-on-disk.js';
import type { StagedDerivative } from '../jobs/item-job-result.js';
import type { JobOf, JobResult } from '../jobs/job-contract.js';
import type { JobName } from '../jobs/names.js';
import type { JobContext } from '../jobs/worker-runner.js';
import { BadImageError, type OcrEngine } from '../media/ocr/index.js';
import { newEvent } from '../model/event-log.js';
import { derivativePath } from './derivative-path.js';
import { stageDerivative } from './stage-derivative.js';

/** The files written for each page, by suffix. */
const pageOutputs = [
  { key: 'text', suffix: 'txt', mediaType: 'text/plain; charset=utf-8', format: 'txt' },
  { key: 'hocr', suffix: 'hocr.html', mediaType: 'text/vnd.hocr+html', format: 'hocr' },
  { key: 'alto', suffix: 'alto.xml', mediaType: 'application/alto+xml', format: 'alto' },
] as const;

/**
 * `ocr-page`: every page of a scan (image, multi-page TIFF or PDF) through the
 * process's warm tesseract.js pool; text, hOCR and ALTO per page become derivatives,
 * and the text goes to the catalog (through the job's result) for search.
 */
export async function ocrPageHandler(
  archive: Archive,
  engine: () => Promise<OcrEngine>,
  job: JobOf<typeof JobName.OcrPage>,
  { signal }: JobContext,
): Promise<JobResult[typeof JobName.OcrPage]> {
  const { itemId, asset, version, derivativeStem } = job.data;
  const ocr = await engine();
  const original = { objects: archive.objects, itemId, logicalPath: asset, version };
  return withOriginalOnDisk(archive.settings.dataDir, original, async (file) => {
    let result: Awaited<ReturnType<OcrEngine['recognizeFile']>>;
    try {
      result = await ocr.recognizeFile(file, {
        signal,
        onProgress: (progress) =>
          void job.updateProgress(Math.round((progress.pagesDone / progress.pageCount) * 100)),
      });
    } catch (error) {
      if (error instanceof BadImageError)
        throw new UnrecoverableError(`${asset}: ${error.message}`);
      throw error;
    }
    const agent = `${result.engine.name} ${result.engine.version} (tesseract ${result.engine.tesseractVersion}, ${result.languages})`;
    const stem = derivativeStem ?? path.posix.basename(asset).replace(/\.[^.]+$/, '');
    const derivatives: StagedDerivative[] = [];
    for (const page of result.pages) {
      for (const output of pageOutputs) {
        const fileName = `${stem}.p${String(page.pageNumber).padStart(3, '0')}.${output.suffix}`;
        derivatives.push(
          await stageDerivative(archive, job, Buffer.from(page[output.key]), {
            path: derivativePath(asset, 'ocr', fileName),
            role: 'derivative',
            mediaType: output.mediaType,
            format: output.format,
            technical: {
              page: page.pageNumber,
              meanConfidence: page.meanConfidence,
              needsReview: page.needsReview,
            },
            derivedFrom: asset,
            derivation: { step: job.name, agent },
          }),
        );
      }
    }
    const review = result.pages.filter((page) => page.needsReview).map((page) => page.pageNumber);
    return {
      step: job.name,
      asset,
      status: 'done',
      derivatives,
      result: {
        engine: result.engine,
        languages: result.languages,
        pageCount: result.pageCount,
        meanConfidence: result.meanConfidence,
        needsReview: result.needsReview,
        pages: result.pages.map(({ text: _text, hocr: _hocr, alto: _alto, ...page }) => page),
        ocrPages: result.pages.map((page) => ({
          page: page.pageNumber,
          text: page.text,
          meanConfidence: page.meanConfidence,
          needsReview: page.needsReview,
        })),
      },
      events: [
        newEvent({
          type: 'transcription',
          agent,
          outcome: review.length > 0 ? 'warning' : 'success',
          object: asset,
          detail: `OCR of ${result.pageCount} page(s), mean confidence ${result.meanConfidence.toFixed(1)}${
            review.length > 0 ? `; page(s) ${review.join(', ')} flagged for review` : ''
          }`,
        }),
      ],
    };
  });
}
