import { UnrecoverableError } from 'bullmq';
import type { Archive } from '../archive/archive.js';
import type { ItemLocks } from '../archive/item-lock.js';
import type { JobOf, JobResult } from '../jobs/job-contract.js';
import type { JobName } from '../jobs/names.js';
import { ExportTargetError } from '../usecases/export/dataset-target.js';
import { ExportRequestError } from '../usecases/export/export-request.js';
import { type ExportProgress, runExport } from '../usecases/export/run-export.js';

/** Progress goes to Redis at most this often (an export reports every clip). */
const PROGRESS_INTERVAL_MS = 250;

/**
 * `export-dataset`: builds and publishes one dataset (`job.data` is an export request),
 * reporting `ExportProgress` as the job's progress. A bad request or a taken target
 * fails at once: retrying cannot fix either.
 */
export async function exportDatasetHandler(
  archive: Archive,
  locks: ItemLocks,
  job: JobOf<typeof JobName.ExportDataset>,
): Promise<JobResult[typeof JobName.ExportDataset]> {
  let lastStage = '';
  let lastSent = 0;
  const report = (progress: ExportProgress) => {
    const now = Date.now();
    const finished = progress.done === progress.total;
    if (progress.stage === lastStage && !finished && now - lastSent < PROGRESS_INTERVAL_MS) return;
    lastStage = progress.stage;
    lastSent = now;
    void job.updateProgress({ ...progress }).catch(() => undefined);
  };
  try {
    return await runExport(archive, locks, job.data, report);
  } catch (error) {
    if (error instanceof ExportRequestError || error instanceof ExportTargetError)
      throw new UnrecoverableError(error.message);
    throw error;
  }
}
