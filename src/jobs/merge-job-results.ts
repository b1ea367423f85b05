import { heritageAgent } from '../infra/package/heritage-version.js';
import type { Asset } from '../model/asset.js';
import type { ArchiveEvent } from '../model/event.js';
import { newEvent } from '../model/event-log.js';
import type { ItemRecord, StepOutcome } from '../model/item-record.js';
import type { ItemJobResult, StagedDerivative } from './item-job-result.js';
import { JobName } from './names.js';

/** A processing job that failed for good, with the reason BullMQ kept. */
export interface FailedJob {
  /** The job's name (the queue's when the job is gone). */
  name: string;
  asset: string;
  reason: string;
}

export interface MergedResults {
  record: ItemRecord;
  /** Derivatives to copy from the work area into the new version. */
  toArchive: StagedDerivative[];
  events: ArchiveEvent[];
}

/**
 * Folds a flow's results into an item record: derivatives become assets, each job
 * gets one outcome in `steps` (a later result for the same job and asset replaces an
 * earlier one), and failures are recorded with their reason. Applying the same results
 * twice changes nothing, so a retried finalise is harmless.
 */
export function mergeJobResults(
  record: ItemRecord,
  results: ItemJobResult[],
  jobFailures: FailedJob[],
): MergedResults {
  const failures = [...jobFailures];
  const assets = new Map(record.assets.map((asset) => [asset.path, asset]));
  const outcomes = new Map(record.steps.map((step) => [`${step.step} ${step.asset}`, step]));
  const toArchive: StagedDerivative[] = [];
  const events: ArchiveEvent[] = [];

  for (const result of results) {
    // A derivative may only replace one of the same original: one named like another
    // original's (made before their names were kept apart) fails its step, which
    // `heritage retry --failed` runs again under a name of its own.
    const taken = result.derivatives
      .map((derivative) => assets.get(derivative.path))
      .find((held) => held?.derivedFrom !== undefined && held.derivedFrom !== result.asset);
    if (taken) {
      failures.push({
        name: result.step,
        asset: result.asset,
        reason: `its derivative ${taken.path} would replace that of ${taken.derivedFrom}`,
      });
      continue;
    }
    for (const derivative of result.derivatives) {
      if (assets.get(derivative.path)?.sha256 === derivative.sha256) continue;
      const { workKey: _workKey, ...asset } = derivative;
      assets.set(derivative.path, asset satisfies Asset);
      toArchive.push(derivative);
    }
    const outcome: StepOutcome = {
      step: result.step,
      asset: result.asset,
      status: result.status,
      detail: result.detail,
      result: result.result,
    };
    outcomes.set(`${result.step} ${result.asset}`, outcome);
    events.push(...result.events);
  }
  for (const failure of failures) {
    outcomes.set(`${failure.name} ${failure.asset}`, {
      step: failure.name,
      asset: failure.asset,
      status: 'failed',
      detail: failure.reason,
    });
    events.push(
      newEvent({
        type: eventTypeOfJob(failure.name),
        agent: heritageAgent,
        outcome: 'failure',
        object: failure.asset,
        detail: failure.reason,
      }),
    );
  }
  return {
    record: {
      ...record,
      assets: [...assets.values()].sort((a, b) => (a.path < b.path ? -1 : 1)),
      steps: [...outcomes.values()].sort((a, b) =>
        `${a.step} ${a.asset}`.localeCompare(`${b.step} ${b.asset}`),
      ),
    },
    toArchive,
    events,
  };
}

/** The item's status after processing, and why when it is not ready. */
export function statusAfterProcessing(record: ItemRecord): {
  status: 'ready' | 'failed';
  detail?: string;
} {
  const failed = record.steps.filter((step) => step.status === 'failed');
  if (failed.length === 0) return { status: 'ready' };
  return {
    status: 'failed',
    detail: failed
      .map((step) => `${step.step} ${step.asset}: ${step.detail ?? 'failed'}`)
      .join('; '),
  };
}

function eventTypeOfJob(name: string): ArchiveEvent['type'] {
  if (name === JobName.NormaliseAudio) return 'normalization';
  if (name === JobName.OcrPage) return 'transcription';
  return 'validation';
}
