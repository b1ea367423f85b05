import { isDeepStrictEqual } from 'node:util';
import type { Archive } from '../../src/archive/archive.js';
import { digestsByLogicalPath } from '../../src/infra/ocfl/logical-state.js';
import { reindexCatalog } from '../../src/usecases/reindex/reindex.js';

/** What the catalog says of its items: rows that matter and every event, in a stable order. */
export async function catalogSnapshot(archive: Archive) {
  const items = await archive.catalog.query(
    'SELECT id, status, status_detail, object_version FROM items ORDER BY id',
  );
  const events = await archive.catalog.query(
    "SELECT item_id, type, outcome, data->>'id' AS event_id FROM events ORDER BY item_id, data->>'id'",
  );
  const assets = await archive.catalog.query(
    'SELECT item_id, logical_path, sha256 FROM assets ORDER BY item_id, logical_path',
  );
  const steps = await archive.catalog.query(
    'SELECT item_id, step, asset_path, status FROM step_results ORDER BY item_id, step, asset_path',
  );
  return { items, events, assets, steps };
}

/** The catalog as it is, and as a fresh `reindex` rebuilds it from the objects alone. */
export async function catalogAndReindex(archive: Archive) {
  const before = await catalogSnapshot(archive);
  await reindexCatalog(archive);
  return { catalog: before, reindexed: await catalogSnapshot(archive) };
}

/** Objects with a version whose logical state equals the one before it, as `id vN`. */
export async function repeatedVersions(archive: Archive, objectIds: readonly string[]) {
  const repeated: string[] = [];
  for (const objectId of objectIds) {
    const inventory = await archive.objects.getInventory(objectId);
    const versions = Object.keys(inventory.versions).sort(
      (a, b) => Number(a.slice(1)) - Number(b.slice(1)),
    );
    for (let index = 1; index < versions.length; index++) {
      const previous = digestsByLogicalPath(inventory, versions[index - 1] as string);
      const current = digestsByLogicalPath(inventory, versions[index] as string);
      if (isDeepStrictEqual(previous, current)) repeated.push(`${objectId} ${versions[index]}`);
    }
  }
  return repeated;
}

/**
 * Polls `check` until it returns true, or throws after `timeoutMs` with `what`. A check
 * that throws counts as not yet: it may read a file while a worker is writing it.
 */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const started = Date.now();
  while (!(await check().catch(() => false))) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
