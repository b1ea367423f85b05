import path from 'node:path';
import type { RowDefaults } from '../manifest/parse-manifest-row.js';
import type { PlanningState } from './planning-state.js';
import type { FolderFile } from './scan-folder.js';

/**
 * Items for the files no manifest row lists, one per file stem. A stem that matches a
 * listed item with no files gives it those files; with files, it is a problem.
 */
export function planFileStemItems(
  state: PlanningState,
  unclaimed: FolderFile[],
  defaults: RowDefaults,
  problemFile: string,
): void {
  const { items, problems, rowOfId } = state;
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
        file: problemFile,
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
