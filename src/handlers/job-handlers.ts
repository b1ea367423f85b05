import type { Archive } from '../archive/archive.js';
import type { ItemLocks } from '../archive/item-lock.js';
import { JobName } from '../jobs/names.js';
import type { QueueRuntime } from '../jobs/queue-runtime.js';
import type { JobHandlers } from '../jobs/worker-runner.js';
import type { OcrEngine } from '../media/ocr/index.js';

/** Every job's handler, and what they keep warm between jobs (released by `close`). */
export interface JobHandlerSet {
  handlers: JobHandlers;
  close(): Promise<void>;
}

/**
 * Every job's handler; the type makes the compiler check that none is missing. Each
 * handler's module (with its libraries: tesseract.js and sharp, the S3 client, the
 * transcript parsers) is loaded by its first job, not by every process that starts
 * workers: a run of recordings alone never loads the OCR.
 */
export function createJobHandlers(
  archive: Archive,
  runtime: QueueRuntime,
  locks: ItemLocks,
): JobHandlerSet {
  // One tesseract.js pool per process, started by the first OCR job.
  let ocrEngine: Promise<OcrEngine> | undefined;
  const engine = () => {
    ocrEngine ??= import('../media/ocr/index.js').then(({ createOcrEngine }) =>
      createOcrEngine({ ...archive.settings.ocr }),
    );
    return ocrEngine;
  };
  return {
    handlers: {
      [JobName.FinaliseItem]: async (job) =>
        (await import('./finalise-item.js')).finaliseItemHandler(archive, runtime, locks, job),
      [JobName.NormaliseAudio]: async (job, context) =>
        (await import('./normalise-audio.js')).normaliseAudioHandler(archive, job, context),
      [JobName.OcrPage]: async (job, context) =>
        (await import('./ocr-page.js')).ocrPageHandler(archive, engine, job, context),
      [JobName.ParseTranscript]: async (job) =>
        (await import('./parse-transcript.js')).parseTranscriptHandler(archive, job),
      [JobName.ExportDataset]: async (job) =>
        (await import('./export-dataset.js')).exportDatasetHandler(archive, locks, job),
    },
    async close() {
      const started = ocrEngine;
      ocrEngine = undefined;
      if (started) await (await started).close();
    },
  };
}
