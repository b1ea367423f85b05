import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Archive } from '../../archive/archive.js';
import { exportEvents } from '../../infra/catalog/export-rows.js';

/** A file of a published dataset folder: its path inside the folder, and its size. */
export interface ExportFolderFile {
  path: string;
  size: number;
}

/**
 * The files of `folder` when it is where a recorded export was published (an `export`
 * event names it), in path order; otherwise undefined, so that no other folder of the
 * server is ever listed. Symbolic links are not followed.
 */
export async function exportFolderFiles(
  archive: Pick<Archive, 'catalog'>,
  folder: string,
): Promise<ExportFolderFile[] | undefined> {
  const published = new Set((await exportEvents(archive.catalog)).map((row) => row.location));
  if (!published.has(folder)) return undefined;
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(
    () => undefined,
  );
  if (!entries) return undefined;
  const files: ExportFolderFile[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.push({
      path: path.relative(folder, full).split(path.sep).join('/'),
      size: (await lstat(full)).size,
    });
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
