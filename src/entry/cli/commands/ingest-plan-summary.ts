import type { IngestPlan } from '../../../usecases/ingest/plan/ingest-plan.js';

/** The plan as `--json` reports it: every item with where it came from, and refused files. */
export function summarisePlan(plan: IngestPlan) {
  return {
    folder: plan.folder,
    manifest: plan.manifest,
    collections: plan.collections.map((collection) => collection.id),
    items: plan.items.map((planned) => ({
      id: planned.item.id,
      collection: planned.item.collection,
      accessProtocol: planned.item.accessProtocol,
      consent: planned.item.consent,
      source: planned.source,
      files: planned.files.map((file) => file.relativePath),
    })),
    refused: plan.refused,
  };
}
