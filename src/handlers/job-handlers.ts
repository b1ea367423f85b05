import type { Archive } from '../archive/archive.js';
import type { ItemLocks } from '../archive/item-lock.js';
import { JobName } from '../jobs/names.js';
import type { QueueRuntime } from '../jobs/queue-runtime.js';
import type { JobHandlers } from '../jobs/worker-runner.js';
import { createOcrEngine, type OcrEngine } from '../media/ocr/index.js';
import { exportDatasetHandler } from './export-dataset.js';
import { finaliseItemHandler } from './finalise-item.js';
import { normaliseAudioHandler } from './normalise-audio.js';
import { ocrPageHandler } from './ocr-page.js';
import { parseTranscriptHandler } from './parse-transcript.js';

/** Every job's handler, and what they keep warm between jobs (released by `close`). */
export interface JobHandlerSet {
  handlers: JobHandlers;
  close(): Promise<void>;
}

/** Every job's handler; the type makes the compiler check that none is missing. */
export function createJobHandlers(
  archive: Archive,
  runtime: QueueRuntime,
  locks: ItemLocks,
): JobHandlerSet {
  // One tesseract.js pool per process, started by the first OCR job.
  let ocrEngine: Promise<OcrEngine> | undefined;
  const engine = () => {
    ocrEngine ??= createOcrEngine({ ...archive.settings.ocr });
    return ocrEngine;
  };
  return {
    handlers: {
      [JobName.FinaliseItem]: (job) => finaliseItemHandler(archive, runtime, locks, job),
      [JobName.NormaliseAudio]: (job, context) => normaliseAudioHandler(archive, job, context),
      [JobName.OcrPage]: (job, context) => ocrPageHandler(archive, engine, job, context),
      [JobName.ParseTranscript]: (job) => parseTranscriptHandler(archive, job),
      [JobName.ExportDataset]: (job) => exportDatasetHandler(archive, locks, job),
    },
    async close() {
      const started = ocrEngine;
      ocrEngine = undefined;
      if (started) await (await started).close();
    },
  };
}
