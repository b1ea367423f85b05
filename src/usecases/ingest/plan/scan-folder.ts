import { lstat, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { isInside, kindOf } from '../open-deposit-file.js';

export interface FolderFile {
  /** Path relative to the folder, `/`-separated. */
  relativePath: string;
  /** Where the bytes are, after following a symlink that stays inside the folder. */
  absolutePath: string;
}

export interface RefusedFile {
  relativePath: string;
  reason: string;
}

/** Names a folder listing skips: operating-system litter, not deposits. */
const litter = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini']);

/**
 * Lists every file below `folder`. A symlink is followed only when its target stays
 * inside the folder; one that leads outside is refused (a deposit must not pull in
 * other files of the machine it is ingested on), and so are named pipes, sockets and
 * devices. `root` is the folder's real path, which every later open checks against.
 */
export async function scanFolder(
  folder: string,
): Promise<{ root: string; files: FolderFile[]; refused: RefusedFile[] }> {
  const root = await realpath(folder);
  const files: FolderFile[] = [];
  const refused: RefusedFile[] = [];
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (litter.has(entry.name) || entry.name.startsWith('._')) continue;
    const absolute = path.join(entry.parentPath, entry.name);
    // NFC, as the manifest is read: macOS writes names decomposed.
    const relativePath = path.relative(root, absolute).split(path.sep).join('/').normalize('NFC');
    if (entry.isSymbolicLink()) {
      const target = await realpath(absolute).catch(() => undefined);
      if (!target) {
        refused.push({ relativePath, reason: 'is a symlink whose target does not exist' });
      } else if (!isInside(root, target)) {
        refused.push({ relativePath, reason: 'is a symlink that points outside the folder' });
      } else {
        const stats = await lstat(target);
        if (stats.isFile()) files.push({ relativePath, absolutePath: target });
        else if (!stats.isDirectory())
          refused.push({ relativePath, reason: `leads to ${kindOf(stats)}, not a regular file` });
      }
    } else if (entry.isFile()) {
      files.push({ relativePath, absolutePath: absolute });
    } else if (!entry.isDirectory()) {
      refused.push({
        relativePath,
        reason: `is ${kindOf(await lstat(absolute))}, not a regular file`,
      });
    }
  }
  files.sort((a, b) => (a.relativePath < b.relativePath ? -1 : 1));
  return { root, files, refused };
}
