import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { UnsafePathError } from './errors.js';
import type { FsKeyTree } from './fs-key-tree.js';
import { isMissing } from './fs-key-tree.js';
import { compareKeys } from './object-key.js';

/** One file found under a key tree: its key and where it lies. */
export interface WalkedFile {
  key: string;
  path: string;
}

/**
 * Every file of `tree` whose key starts with `prefix`, in S3 key order. A folder
 * sorts as its name followed by `/`, which is where its keys fall among its
 * siblings' (`a-b` < `a/c` < `a0`). Links are refused, never followed.
 */
export async function* walkFiles(tree: FsKeyTree, prefix: string): AsyncGenerator<WalkedFile> {
  const lastSlash = prefix.lastIndexOf('/');
  const folderKey = prefix.slice(0, lastSlash + 1);
  const namePrefix = prefix.slice(lastSlash + 1);
  const folder = await tree.existingFolder(path.join(tree.root, ...folderKey.split('/')), prefix);
  if (folder === undefined) return;
  yield* walkFolder(folder, folderKey, namePrefix, tree.location);
}

async function* walkFolder(
  folder: string,
  keyPrefix: string,
  namePrefix: string,
  location: string,
): AsyncGenerator<WalkedFile> {
  let entries: Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return;
    throw error;
  }
  const ordered = entries
    .filter((entry) => entry.name.startsWith(namePrefix))
    .map((entry) => ({ entry, sortName: entry.isDirectory() ? `${entry.name}/` : entry.name }))
    .sort((a, b) => compareKeys(a.sortName, b.sortName));
  for (const { entry } of ordered) {
    const key = keyPrefix + entry.name;
    const entryPath = path.join(folder, entry.name);
    if (entry.isSymbolicLink()) {
      throw new UnsafePathError(location, key, `${entryPath} is a symbolic link`);
    }
    if (entry.isDirectory()) {
      yield* walkFolder(entryPath, `${key}/`, '', location);
    } else if (entry.isFile()) {
      // No stat here: a walk for names alone (`listKeys`) needs none.
      yield { key, path: entryPath };
    } else {
      throw new UnsafePathError(location, key, `${entryPath} is not a regular file`);
    }
  }
}
