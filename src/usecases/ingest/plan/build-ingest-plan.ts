import path from 'node:path';
import { type Collection, collectionSchema } from '../../../model/item.js';
import type { ManifestColumn } from '../manifest/manifest-columns.js';
import { ManifestError, type ManifestProblem } from '../manifest/manifest-problem.js';
import { parseManifestRow, type RowDefaults } from '../manifest/parse-manifest-row.js';
import { readManifestRows } from '../manifest/read-manifest.js';
import { RefusedFileError, readDepositFile } from '../open-deposit-file.js';
import type { IngestPlan, PlannedItem } from './ingest-plan.js';
import { type FolderFile, scanFolder } from './scan-folder.js';

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

/** Largest `collection.json` read: a description, not data. */
const COLLECTION_FILE_MAX_BYTES = 1024 * 1024;

/** The file in a deposit folder that describes its collection (optional). */
export const COLLECTION_FILE = 'collection.json';

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
  const filesByPath = new Map(files.map((file) => [file.relativePath, file]));
  const refusedPaths = new Set(refused.map((file) => file.relativePath));
  const claimedBy = new Map<string, number>();
  const rowOfId = new Map<string, number>();
  const items: PlannedItem[] = [];

  const manifestName = manifest ? path.basename(manifest) : '';
  if (manifest) {
    try {
      const realManifest = path.join(root, path.relative(folder, manifest));
      const inFolder = isWithin(folder, manifest);
      for await (const row of readManifestRows(inFolder ? realManifest : manifest, {
        ...(inFolder ? { root } : {}),
        ...(options.limits ?? defaultLimits),
        keepUnknownColumns: options.keepUnknownColumns ?? false,
      })) {
        const parsed = parseManifestRow(row, defaults);
        problems.push(...parsed.problems.map((problem) => ({ file: manifestName, ...problem })));
        if (!parsed.item) continue;
        const { extra, ...item } = parsed.item;
        const firstRow = rowOfId.get(item.id);
        if (firstRow !== undefined) {
          problems.push({
            file: manifestName,
            row: row.row,
            column: 'id',
            reason: `"${item.id}" is already used in row ${firstRow}`,
          });
          continue;
        }
        rowOfId.set(item.id, row.row);
        const itemFiles: FolderFile[] = [];
        for (const relativePath of item.files) {
          const file = filesByPath.get(relativePath);
          const claimant = claimedBy.get(relativePath);
          if (refusedPaths.has(relativePath)) continue; // reported with its reason as refused
          if (!file) {
            problems.push({
              file: manifestName,
              row: row.row,
              column: 'files',
              reason: `"${relativePath}" is not in the folder`,
            });
          } else if (claimant !== undefined) {
            problems.push({
              file: manifestName,
              row: row.row,
              column: 'files',
              reason: `"${relativePath}" is already listed in row ${claimant}`,
            });
          } else {
            claimedBy.set(relativePath, row.row);
            itemFiles.push(file);
          }
        }
        const given = (Object.keys(row.cells) as ManifestColumn[]).filter((column) =>
          row.cells[column]?.trim(),
        );
        items.push({
          item,
          extra,
          files: itemFiles,
          source: { kind: 'manifest', row: row.row },
          given,
        });
      }
    } catch (error) {
      if (!(error instanceof ManifestError)) throw error;
      problems.push(...error.problems.map((problem) => ({ ...problem, file: manifestName })));
      unreadable = true;
    }
  }

  const ignored = new Set([
    COLLECTION_FILE,
    ...(manifest && isWithin(folder, manifest)
      ? [path.relative(folder, manifest).split(path.sep).join('/')]
      : []),
  ]);
  const unclaimed = files.filter(
    (file) => !claimedBy.has(file.relativePath) && !ignored.has(file.relativePath),
  );
  for (const [stem, stemFiles] of groupByStem(unclaimed)) {
    const id = identifierFromStem(stem);
    const listed = items.find((planned) => planned.item.id === id);
    if (listed && listed.files.length === 0) {
      listed.files.push(...stemFiles);
      continue;
    }
    if (listed) {
      const names = stemFiles.map((file) => file.relativePath).join(', ');
      problems.push({
        file: manifestName || folder,
        row: rowOfId.get(id),
        column: 'files',
        reason: `${names} match item "${id}" by name but are not in its files: list them or rename them`,
      });
      continue;
    }
    items.push({
      item: {
        id,
        collection: defaults.collection as string,
        title: path.posix.basename(stem),
        languages: defaults.languages ?? [],
        contributors: [],
        accessProtocol: defaults.access ?? 'community',
        tkLabels: [],
        consent: { uses: ['archive'], withdrawn: false },
        licence: defaults.licence,
        files: stemFiles.map((file) => file.relativePath),
      },
      extra: {},
      files: stemFiles,
      source: { kind: 'file-stem', stem },
      given: [],
    });
  }

  const planned = unreadable ? [] : items;
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

/** `tape3/song01.wav`, `tape3/song01.eaf` -> `tape3/song01`. */
function groupByStem(files: FolderFile[]): Map<string, FolderFile[]> {
  const groups = new Map<string, FolderFile[]>();
  for (const file of files) {
    const parsed = path.posix.parse(file.relativePath);
    const stem = path.posix.join(parsed.dir, parsed.name);
    const group = groups.get(stem) ?? [];
    group.push(file);
    groups.set(stem, group);
  }
  return groups;
}

/** A portable item id from a file stem: `tape 3/Song 01` -> `tape-3-Song-01`. */
export function identifierFromStem(stem: string): string {
  const id = stem
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, (letter) => (letter === 'đ' ? 'd' : 'D'))
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 128);
  return id || 'item';
}

function defaultCollectionId(folder: string): string {
  return identifierFromStem(path.basename(folder));
}

function isWithin(folder: string, file: string): boolean {
  return !path.relative(folder, file).startsWith('..');
}

/**
 * The folder's `collection.json`, read through the safe open: undefined when there is
 * none, `unreadable` (with its problems) when it is refused or invalid. Messages name
 * where JSON parsing stopped, never the bytes there.
 */
async function readCollectionFile(
  root: string,
  problems: ManifestProblem[],
): Promise<Collection | undefined | 'unreadable'> {
  const file = path.join(root, COLLECTION_FILE);
  let bytes: Buffer;
  try {
    bytes = await readDepositFile(file, {
      root,
      maxBytes: COLLECTION_FILE_MAX_BYTES,
      name: COLLECTION_FILE,
    });
  } catch (error) {
    if (error instanceof RefusedFileError && error.reason === 'does not exist') return undefined;
    if (!(error instanceof RefusedFileError)) throw error;
    problems.push({ file: COLLECTION_FILE, reason: `${error.reason}; it was not read` });
    return 'unreadable';
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    problems.push({ file: COLLECTION_FILE, reason: 'is not valid UTF-8 JSON' });
    return 'unreadable';
  }
  const parsed = collectionSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    problems.push({ file: COLLECTION_FILE, column: issue.path.join('.'), reason: issue.message });
  }
  return 'unreadable';
}

function collectCollections(items: PlannedItem[], described: Collection | undefined): Collection[] {
  const ids = new Set(items.map((planned) => planned.item.collection));
  if (described) ids.add(described.id);
  return [...ids]
    .sort()
    .map((id) => (described?.id === id ? described : collectionSchema.parse({ id, title: id })));
}
