import { isDeepStrictEqual } from 'node:util';
import type { Archive } from '../../../archive/archive.js';
import { metadataFiles } from '../../../archive/metadata-files.js';
import { mirrorItem } from '../../../archive/mirror-item.js';
import { readItemMetadata } from '../../../archive/object-files.js';
import { saveQuarantined } from '../../../infra/catalog/item-rows.js';
import type { FileToAdd } from '../../../infra/ocfl/index.js';
import { heritageAgent } from '../../../infra/package/heritage-version.js';
import { inService } from '../../../infra/queue/classify-failure.js';
import type { PlannedJob } from '../../../jobs/item-flow.js';
import { itemStatusOf, pendingJobs } from '../../../jobs/pending-jobs.js';
import type { Asset } from '../../../model/asset.js';
import type { ArchiveEvent } from '../../../model/event.js';
import { appendEvents, newEvent } from '../../../model/event-log.js';
import type { Collection, Item } from '../../../model/item.js';
import type { ItemRecord } from '../../../model/item-record.js';
import { roleOfKind } from '../../../model/media-formats.js';
import type { InspectedFile } from '../inspect/inspect-file.js';
import { type DepositFile, openDepositFile } from '../open-deposit-file.js';
import type { PlannedItem } from '../plan/ingest-plan.js';

export interface IngestItemResult {
  itemId: string;
  /** `unchanged`: same files and metadata as the object already holds; no version written. */
  outcome: 'created' | 'updated' | 'unchanged';
  version: string;
  quarantined: { originalName: string; reason: string }[];
  /** Processing steps still to run for this item. */
  steps: PlannedJob[];
}

/** Who handed the files in, when they came through a deposit of the HTTP API. */
export interface DepositProvenance {
  /** The account that made the deposit. */
  depositedBy: string;
  deposit: string;
}

/** Logical path of a deposited file inside its item's object. */
export function originalPath(relativePath: string): string {
  return `originals/${relativePath}`;
}

/** An ingest that would have moved an item or changed its protection: nothing was written. */
export class ProtectedFactError extends Error {
  override readonly name = 'ProtectedFactError';
}

/**
 * Writes an item's next object version (v1 for a new item) from its inspected files:
 * the originals that are new or changed, `metadata/item.json`, the RO-Crate and the
 * events, then mirrors it in the catalog. Files that were refused are recorded with
 * their reason; the item goes on without them. Run under the item's lock: the archived
 * collection, protocol and consent are checked here again, where no one else writes,
 * so an ingest never changes them (the plan reports the same as problems beforehand).
 * Originals are read through `openDepositFile`, inside `root` (the folder's real path).
 */
export async function ingestItem(
  archive: Archive,
  planned: PlannedItem,
  collection: Collection,
  inspected: InspectedFile[],
  batch: string,
  root: string,
  provenance?: DepositProvenance,
): Promise<IngestItemResult> {
  const { item } = planned;
  const existing = await inService('storage', () => readItemMetadata(archive.objects, item.id));
  const previous = existing?.record;
  if (previous) checkProtectedFacts(previous.item, item);
  const accepted = inspected.filter((file) => file.accepted);
  const quarantined = inspected
    .filter((file) => !file.accepted)
    .map((file) => ({ originalName: file.file.relativePath, reason: file.reason }));

  const newlyQuarantined = quarantined.filter(
    (file) =>
      !previous?.quarantined.some((known) => isDeepStrictEqual(asStored(known), asStored(file))),
  );

  const newOriginals: Asset[] = accepted.map((file) => ({
    path: originalPath(file.file.relativePath),
    role: roleOfKind[file.detected.kind],
    originalName: file.file.relativePath,
    mediaType: file.detected.mediaType,
    format: file.detected.format,
    sha256: file.digests.sha256,
    size: file.digests.size,
    technical: file.technical,
  }));
  const previousByPath = new Map(previous?.assets.map((asset) => [asset.path, asset]));
  const changed = newOriginals.filter(
    (asset) => previousByPath.get(asset.path)?.sha256 !== asset.sha256,
  );
  const changedPaths = new Set(changed.map((asset) => asset.path));
  // Derivatives and step results of a replaced original are stale: drop them.
  const kept = (previous?.assets ?? []).filter(
    (asset) =>
      !changedPaths.has(asset.path) && !(asset.derivedFrom && changedPaths.has(asset.derivedFrom)),
  );
  const record: ItemRecord = {
    schemaVersion: 1,
    item,
    collection,
    extra: planned.extra,
    assets: [...kept, ...changed].sort((a, b) => (a.path < b.path ? -1 : 1)),
    steps: (previous?.steps ?? []).filter((step) => !changedPaths.has(step.asset)),
    quarantined: [...(previous?.quarantined ?? []), ...newlyQuarantined],
  };
  const steps = pendingJobs(record);
  const metadataChanged =
    !previous ||
    !isDeepStrictEqual(
      asStored({ item: previous.item, collection: previous.collection, extra: previous.extra }),
      asStored({ item: record.item, collection: record.collection, extra: record.extra }),
    );
  if (existing && changed.length === 0 && newlyQuarantined.length === 0 && !metadataChanged) {
    // The catalog may have missed the version (it was down when it was written): mirror it again.
    await mirrorItem(archive, existing, itemStatusOf(existing.record));
    return { itemId: item.id, outcome: 'unchanged', version: existing.version, quarantined, steps };
  }

  const events = ingestEvents(record, changed, quarantined, existing === undefined, provenance);
  const eventsJsonl = appendEvents(existing?.eventsJsonl ?? '', events);
  const opened: DepositFile[] = [];
  const commit = await inService('storage', async () => {
    const add: FileToAdd[] = [];
    for (const asset of changed) {
      const file = accepted.find(
        (candidate) => originalPath(candidate.file.relativePath) === asset.path,
      )?.file;
      if (!file) throw new Error(`${asset.path} was not inspected`);
      // The sha256 found at inspection is checked again as the bytes are stored.
      const original = await openDepositFile(file.absolutePath, {
        root,
        name: file.relativePath,
      });
      opened.push(original);
      add.push({ logicalPath: asset.path, body: original.stream(), sha256: asset.sha256 });
    }
    add.push(...metadataFiles(record, eventsJsonl));
    const remove = (previous?.assets ?? [])
      .filter((asset) => !record.assets.some((current) => current.path === asset.path))
      .map((asset) => asset.path);
    return archive.objects.commitVersion(
      item.id,
      { add, remove },
      {
        message: existing
          ? `Ingest of changed files from batch ${batch}`
          : `Ingest from batch ${batch}`,
        user: { name: heritageAgent },
      },
    );
  }).finally(() => Promise.all(opened.map((file) => file.close())));
  await mirrorItem(
    archive,
    { record, version: commit.version, eventsJsonl },
    itemStatusOf(record),
    async (tx) => {
      for (const file of quarantined)
        await saveQuarantined(tx, batch, file.originalName, file.reason);
    },
  );
  return {
    itemId: item.id,
    outcome: existing ? 'updated' : 'created',
    version: commit.version,
    quarantined,
    steps,
  };
}

function checkProtectedFacts(archived: Item, planned: Item): void {
  if (archived.collection !== planned.collection)
    throw new ProtectedFactError(
      `id ${planned.id} already belongs to collection ${archived.collection}; an ingest never moves an item (nothing was written)`,
    );
  if (
    archived.accessProtocol !== planned.accessProtocol ||
    !isDeepStrictEqual(asStored(archived.consent), asStored(planned.consent))
  )
    throw new ProtectedFactError(
      `the access protocol or consent of ${planned.id} in the archive differs from this deposit's; an ingest never changes them: use \`heritage items change ${planned.id}\` (nothing was written)`,
    );
}

/** A value as it reads back from `item.json`: JSON drops `undefined` fields. */
function asStored<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/** Whether the tools could describe the original; an original they cannot read is still archived. */
function validationEvent(asset: Asset): ArchiveEvent {
  const unreadable = asset.technical?.unreadable;
  return newEvent({
    type: 'validation',
    agent: heritageAgent,
    outcome: unreadable ? 'warning' : 'success',
    object: asset.path,
    detail: unreadable
      ? `archived as ${asset.role}; technical metadata incomplete (${unreadable})`
      : `readable as ${asset.role}; technical metadata extracted`,
    data: asset.technical,
  });
}

function ingestEvents(
  record: ItemRecord,
  changed: Asset[],
  quarantined: IngestItemResult['quarantined'],
  created: boolean,
  provenance: DepositProvenance | undefined,
): ArchiveEvent[] {
  const agent = heritageAgent;
  const events: ArchiveEvent[] = [
    newEvent({
      type: 'ingestion',
      agent,
      outcome: quarantined.length > 0 ? 'warning' : 'success',
      detail: `${created ? 'Ingested' : 'Re-ingested'} "${record.item.title}": ${changed.length} new or changed file(s), ${quarantined.length} refused${provenance ? `; deposited by ${provenance.depositedBy} (deposit ${provenance.deposit})` : ''}`,
      ...(provenance ? { data: { ...provenance } } : {}),
    }),
  ];
  for (const asset of changed) {
    events.push(
      newEvent({
        type: 'message digest calculation',
        agent,
        outcome: 'success',
        object: asset.path,
        detail: `sha256 ${asset.sha256}`,
        data: { sha256: asset.sha256, size: asset.size },
      }),
      newEvent({
        type: 'format identification',
        agent: `${agent} (file-type magic numbers)`,
        outcome: 'success',
        object: asset.path,
        detail: `${asset.mediaType} (${asset.format})`,
      }),
      validationEvent(asset),
    );
  }
  for (const file of quarantined) {
    events.push(
      newEvent({
        type: 'quarantine',
        agent,
        outcome: 'failure',
        object: file.originalName,
        detail: `${file.originalName} ${file.reason}`,
      }),
    );
  }
  return events;
}
