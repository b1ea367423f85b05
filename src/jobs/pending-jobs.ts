import type { ItemStatus } from '../infra/catalog/item-rows.js';
import type { ItemRecord } from '../model/item-record.js';
import { derivativeStems } from './derivative-stem.js';
import { jobOfRole, type PlannedJob } from './item-flow.js';
import { statusAfterProcessing } from './merge-job-results.js';

/**
 * Originals with no job outcome recorded yet: a new file, or work an earlier run did
 * not finish. `rerunFailed` adds those whose job failed (`heritage retry`).
 */
export function pendingJobs(
  record: ItemRecord,
  { rerunFailed = false }: { rerunFailed?: boolean } = {},
): PlannedJob[] {
  const reported = new Set(
    record.steps
      .filter((outcome) => !(rerunFailed && outcome.status === 'failed'))
      .map((outcome) => outcome.asset),
  );
  const originals = record.assets.filter(
    (asset) => asset.role in jobOfRole && asset.originalName !== undefined,
  );
  const stems = new Map(
    Object.keys(jobOfRole).flatMap((role) => [
      ...derivativeStems(
        originals.filter((asset) => asset.role === role).map((asset) => asset.path),
      ),
    ]),
  );
  return originals
    .filter((asset) => !reported.has(asset.path))
    .map((asset) => ({
      name: jobOfRole[asset.role as keyof typeof jobOfRole],
      asset: asset.path,
      sha256: asset.sha256,
      technical: asset.technical,
      derivativeStem: stems.get(asset.path) as string,
    }));
}

/** An item's status as its record tells it: processing while jobs are pending, else ready or failed. */
export function itemStatusOf(record: ItemRecord): { status: ItemStatus; detail?: string } {
  return pendingJobs(record).length > 0 ? { status: 'processing' } : statusAfterProcessing(record);
}
