import type { ItemStatus } from '../infra/catalog/item-rows.js';
import type { ItemRecord } from '../model/item-record.js';
import { type PlannedStep, stepOfRole } from './item-flow.js';
import { statusAfterProcessing } from './merge-step-results.js';

/**
 * Originals with no step result yet: a new file, or work an earlier run did not finish.
 * `rerunFailed` adds those whose step failed (`heritage retry`).
 */
export function pendingSteps(
  record: ItemRecord,
  { rerunFailed = false }: { rerunFailed?: boolean } = {},
): PlannedStep[] {
  const reported = new Set(
    record.steps
      .filter((step) => !(rerunFailed && step.status === 'failed'))
      .map((step) => step.asset),
  );
  return record.assets
    .filter((asset) => asset.role in stepOfRole && asset.originalName !== undefined)
    .filter((asset) => !reported.has(asset.path))
    .map((asset) => ({
      step: stepOfRole[asset.role as keyof typeof stepOfRole],
      asset: asset.path,
      sha256: asset.sha256,
      technical: asset.technical,
    }));
}

/** An item's status as its record tells it: processing while steps are pending, else ready or failed. */
export function itemStatusOf(record: ItemRecord): { status: ItemStatus; detail?: string } {
  return pendingSteps(record).length > 0 ? { status: 'processing' } : statusAfterProcessing(record);
}
