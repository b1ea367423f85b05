import path from 'node:path';
import { type Collection, collectionSchema } from '../../../model/item.js';
import type { ManifestProblem } from '../manifest/manifest-problem.js';
import type { RowDefaults } from '../manifest/parse-manifest-row.js';
import { COLLECTION_FILE, readCollectionFile } from './collection-file.js';
import { identifierFromStem, planFileStemItems } from './file-stem-items.js';
import type { IngestPlan, PlannedItem } from './ingest-plan.js';
import { isWithin, planManifestItems } from './manifest-items.js';
import type { PlanningState } from './planning-state.js';
import { scanFolder } from './scan-folder.js';

export interface PlanOptions {
  folder: string;
  manifest?: string;
  /** Collection for rows that name none and for files no row names. */
  collection?: string;
  /** Manifest size and cell length limits (the settings' `manifest`). */
  limits?: { maxBytes: number; maxCellLength: number };
  /** Keep unknown columns that look like typos of known ones as `extra`. */
  keepUnknownColumns?: boolean;
}

/** Limits when none are given: the settings' defaults. */
const defaultLimits = { maxBytes: 32 * 1024 * 1024, maxCellLength: 65_536 };

/**
 * Reads the folder and the manifest and works out every item and its files.
 * Problems are collected, never thrown one at a time, so the archivist sees them all.
 */
export async function buildIngestPlan(options: PlanOptions): Promise<IngestPlan> {
  const folder = path.resolve(options.folder);
  const manifest = options.manifest ? path.resolve(options.manifest) : undefined;
  const problems: ManifestProblem[] = [];
  const { root, files, refused } = await scanFolder(folder);
  const collectionFile = await readCollectionFile(root, problems);
  // Without its collection's description or its whole manifest, no item's collection,
  // protocol or consent is known: the plan then holds no item at all.
  let unreadable = collectionFile === 'unreadable';
  const described = collectionFile === 'unreadable' ? undefined : collectionFile;
  const defaults: RowDefaults = {
    collection: options.collection ?? described?.id ?? defaultCollectionId(folder),
    access: described?.defaultAccess ?? 'community',
    languages: described?.languages,
    licence: described?.licence,
  };
  const state: PlanningState = {
    filesByPath: new Map(files.map((file) => [file.relativePath, file])),
    refusedPaths: new Set(refused.map((file) => file.relativePath)),
    claimedBy: new Map(),
    rowOfId: new Map(),
    items: [],
    problems,
  };
  if (manifest) {
    const source = {
      manifest,
      folder,
      root,
      limits: options.limits ?? defaultLimits,
      keepUnknownColumns: options.keepUnknownColumns ?? false,
    };
    if (!(await planManifestItems(state, source, defaults))) unreadable = true;
  }

  const ignored = new Set([
    COLLECTION_FILE,
    ...(manifest && isWithin(folder, manifest)
      ? [path.relative(folder, manifest).split(path.sep).join('/')]
      : []),
  ]);
  const unclaimed = files.filter(
    (file) => !state.claimedBy.has(file.relativePath) && !ignored.has(file.relativePath),
  );
  const manifestName = manifest ? path.basename(manifest) : '';
  planFileStemItems(state, unclaimed, defaults, manifestName || folder);

  const planned = unreadable ? [] : state.items;
  const collections = collectCollections(planned, described);
  return {
    folder,
    root,
    manifest,
    collections,
    ...(described ? { describedCollection: described.id } : {}),
    items: planned,
    refused,
    problems,
  };
}

function defaultCollectionId(folder: string): string {
  return identifierFromStem(path.basename(folder));
}

function collectCollections(items: PlannedItem[], described: Collection | undefined): Collection[] {
  const ids = new Set(items.map((planned) => planned.item.collection));
  if (described) ids.add(described.id);
  return [...ids]
    .sort()
    .map((id) => (described?.id === id ? described : collectionSchema.parse({ id, title: id })));
}
