import { stat } from 'node:fs/promises';
import path from 'node:path';
import { readItemRecord } from '../../../archive/object-files.js';
import type { Settings } from '../../../infra/config/settings-schema.js';
import { OcflStorageRoot } from '../../../infra/ocfl/index.js';
import { openObjectStore } from '../../../infra/storage/open-object-store.js';
import { buildIngestPlan, type PlanOptions } from './build-ingest-plan.js';
import type { IngestPlan } from './ingest-plan.js';
import { reconcileWithArchive } from './reconcile-with-archive.js';

/**
 * The plan of an ingest, held against the archived items: what `heritage ingest` and a
 * deposit's check show before anything is written. Storage is opened only to read; a
 * filesystem archive that does not exist yet holds no items.
 */
export async function planIngest(
  options: Omit<PlanOptions, 'limits'>,
  settings: Settings,
): Promise<IngestPlan> {
  const plan = await buildIngestPlan({ ...options, limits: settings.manifest });
  const archiveFolder = path.join(settings.dataDir, 'archive');
  if (!settings.s3 && !(await stat(archiveFolder).catch(() => undefined)))
    return reconcileWithArchive(plan, async () => undefined);
  const store = await openObjectStore(settings, 'archive');
  try {
    const objects = await OcflStorageRoot.open(store);
    return await reconcileWithArchive(
      plan,
      async (itemId) => (await readItemRecord(objects, itemId))?.record,
    );
  } finally {
    await store.close();
  }
}
