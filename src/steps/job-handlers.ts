import type { Archive } from '../archive/archive.js';
import type { ItemLocks } from '../archive/item-lock.js';
import { JobName } from '../queue/names.js';
import type { QueueRuntime } from '../queue/queue-runtime.js';
import type { JobHandlers } from '../queue/worker-runner.js';
import { finaliseItemStep } from './finalise-item-step.js';
import { normaliseAudioStep } from './normalise-audio-step.js';
import { parseTranscriptStep } from './parse-transcript-step.js';
import { unavailableStep } from './unavailable-step.js';

/** Every job's handler; the type makes the compiler check that none is missing. */
export function createJobHandlers(
  archive: Archive,
  runtime: QueueRuntime,
  locks: ItemLocks,
): JobHandlers {
  return {
    [JobName.FinaliseItem]: (job) => finaliseItemStep(archive, runtime, locks, job),
    [JobName.NormaliseAudio]: (job, context) => normaliseAudioStep(archive, job, context),
    [JobName.OcrPage]: (job) => unavailableStep(job, 'OCR is not installed in this version'),
    [JobName.ParseTranscript]: (job) => parseTranscriptStep(archive, job),
    [JobName.ExportDataset]: async () => {
      throw new Error('dataset export is not installed in this version');
    },
  };
}
