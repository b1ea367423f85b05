import path from 'node:path';
import type { ManifestColumn } from '../manifest/manifest-columns.js';
import { ManifestError } from '../manifest/manifest-problem.js';
import {
  type ManifestRow,
  parseManifestRow,
  type RowDefaults,
} from '../manifest/parse-manifest-row.js';
import { readManifestRows } from '../manifest/read-manifest.js';
import type { PlanningState } from './planning-state.js';
import type { FolderFile } from './scan-folder.js';

/** Where the manifest is and how to read it. */
export interface ManifestSource {
  /** The manifest as given, resolved. */
  manifest: string;
  /** The deposit folder as given, and the real folder it resolves to. */
  folder: string;
  root: string;
  limits: { maxBytes: number; maxCellLength: number };
  keepUnknownColumns: boolean;
}

/**
 * Adds an item for every valid manifest row, with the folder files it lists. Returns
 * false when the manifest as a whole cannot be read (its problems are in `state`).
 */
export async function planManifestItems(
  state: PlanningState,
  source: ManifestSource,
  defaults: RowDefaults,
): Promise<boolean> {
  const { manifest, folder, root } = source;
  const manifestName = path.basename(manifest);
  try {
    const realManifest = path.join(root, path.relative(folder, manifest));
    const inFolder = isWithin(folder, manifest);
    for await (const row of readManifestRows(inFolder ? realManifest : manifest, {
      ...(inFolder ? { root } : {}),
      ...source.limits,
      keepUnknownColumns: source.keepUnknownColumns,
    }))
      planManifestRow(state, row, defaults, manifestName);
    return true;
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error;
    state.problems.push(...error.problems.map((problem) => ({ ...problem, file: manifestName })));
    return false;
  }
}

/** True when `file` is inside `folder` (both resolved). */
export function isWithin(folder: string, file: string): boolean {
  return !path.relative(folder, file).startsWith('..');
}

function planManifestRow(
  state: PlanningState,
  row: ManifestRow,
  defaults: RowDefaults,
  manifestName: string,
): void {
  const { problems, rowOfId } = state;
  const parsed = parseManifestRow(row, defaults);
  problems.push(...parsed.problems.map((problem) => ({ file: manifestName, ...problem })));
  if (!parsed.item) return;
  const { extra, ...item } = parsed.item;
  const firstRow = rowOfId.get(item.id);
  if (firstRow !== undefined) {
    problems.push({
      file: manifestName,
      row: row.row,
      column: 'id',
      reason: `"${item.id}" is already used in row ${firstRow}`,
    });
    return;
  }
  rowOfId.set(item.id, row.row);
  const files = claimRowFiles(state, item.files, row.row, manifestName);
  const given = (Object.keys(row.cells) as ManifestColumn[]).filter((column) =>
    row.cells[column]?.trim(),
  );
  state.items.push({ item, extra, files, source: { kind: 'manifest', row: row.row }, given });
}

/** The folder files a row lists that no earlier row claimed; the others are problems. */
function claimRowFiles(
  state: PlanningState,
  listed: readonly string[],
  row: number,
  manifestName: string,
): FolderFile[] {
  const { filesByPath, claimedBy, refusedPaths, problems } = state;
  const itemFiles: FolderFile[] = [];
  for (const relativePath of listed) {
    const file = filesByPath.get(relativePath);
    const claimant = claimedBy.get(relativePath);
    if (refusedPaths.has(relativePath)) continue; // reported with its reason as refused
    if (!file) {
      problems.push({
        file: manifestName,
        row,
        column: 'files',
        reason: `"${relativePath}" is not in the folder`,
      });
    } else if (claimant !== undefined) {
      problems.push({
        file: manifestName,
        row,
        column: 'files',
        reason: `"${relativePath}" is already listed in row ${claimant}`,
      });
    } else {
      claimedBy.set(relativePath, row);
      itemFiles.push(file);
    }
  }
  return itemFiles;
}
