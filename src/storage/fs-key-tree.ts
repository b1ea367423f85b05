import { constants, type Stats } from 'node:fs';
import { type FileHandle, lstat, mkdir, open, realpath, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { UnsafePathError } from './errors.js';

/**
 * A folder whose files are addressed by object key, where no symbolic link is ever
 * followed: a link planted inside the folder must not let a key read or write a file
 * outside it. Keys are validated before they reach this class.
 */
export class FsKeyTree {
  /**
   * @param root absolute path of the folder, with no symbolic link in it (a realpath)
   * @param location how errors name the store
   */
  constructor(
    readonly root: string,
    readonly location: string,
  ) {}

  /** Where the file for `key` lives. */
  pathOf(key: string): string {
    return path.join(this.root, ...key.split('/'));
  }

  /**
   * Creates the folders above `key` one level at a time, so that an existing link
   * is found (`lstat`) before anything is created through it. Returns the file path.
   */
  async makeParents(key: string): Promise<string> {
    const segments = key.split('/');
    let folder = this.root;
    for (const [index, segment] of segments.slice(0, -1).entries()) {
      folder = path.join(folder, segment);
      try {
        await mkdir(folder);
        continue;
      } catch (error) {
        if (errorCode(error) !== 'EEXIST') throw error;
      }
      const stats = await lstat(folder);
      if (stats.isSymbolicLink()) {
        throw new UnsafePathError(this.location, key, `${folder} is a symbolic link`);
      }
      if (!stats.isDirectory()) {
        const holder = segments.slice(0, index + 1).join('/');
        throw new UnsafePathError(this.location, key, `"${holder}" is an object, not a folder`);
      }
    }
    return this.pathOf(key);
  }

  /**
   * The file path for `key` once its parent folder is known to be inside the root,
   * or `undefined` when the parent folder does not exist.
   */
  async existingPath(key: string): Promise<string | undefined> {
    const file = this.pathOf(key);
    const parent = await this.existingFolder(path.dirname(file), key);
    return parent === undefined ? undefined : file;
  }

  /**
   * `folder` (a path inside the root) when it exists and is reached without links;
   * `undefined` when it does not exist. `key` only names the request in errors.
   */
  async existingFolder(folder: string, key: string): Promise<string | undefined> {
    let real: string;
    try {
      real = await realpath(folder);
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    if (real !== folder) {
      throw new UnsafePathError(
        this.location,
        key,
        `${folder} goes through a symbolic link to ${real}`,
      );
    }
    return folder;
  }

  /** Opens the file for `key` for reading, or `undefined` when there is none. */
  async openForRead(key: string): Promise<{ handle: FileHandle; stats: Stats } | undefined> {
    const file = await this.existingPath(key);
    if (file === undefined) return undefined;
    let handle: FileHandle;
    try {
      // O_NOFOLLOW: a link in the last segment fails (ELOOP) instead of being read.
      handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (error) {
      if (isMissing(error)) return undefined;
      if (errorCode(error) === 'ELOOP') {
        throw new UnsafePathError(this.location, key, `${file} is a symbolic link`);
      }
      throw error;
    }
    const stats = await handle.stat();
    if (!stats.isFile()) {
      await handle.close();
      return undefined;
    }
    return { handle, stats };
  }

  /** Facts about the file for `key` without following a link, or `undefined` when there is none. */
  async statFile(key: string): Promise<Stats | undefined> {
    const file = await this.existingPath(key);
    if (file === undefined) return undefined;
    let stats: Stats;
    try {
      stats = await lstat(file);
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    if (stats.isSymbolicLink()) {
      throw new UnsafePathError(this.location, key, `${file} is a symbolic link`);
    }
    return stats.isFile() ? stats : undefined;
  }

  /** Removes the folders above `key` that are now empty, stopping at the root. */
  async pruneEmptyParents(key: string): Promise<void> {
    const segments = key.split('/').slice(0, -1);
    while (segments.length > 0) {
      try {
        await rmdir(path.join(this.root, ...segments));
      } catch (error) {
        // Not empty (or already gone, or recreated by a concurrent put): stop there.
        if (['ENOTEMPTY', 'EEXIST', 'ENOENT', 'ENOTDIR'].includes(errorCode(error) ?? '')) return;
        throw error;
      }
      segments.pop();
    }
  }
}

/** The `code` of a Node system error. */
export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;
}

/** True for "no such file" and for a path that runs through a file (`a/b` where `a` is a file). */
export function isMissing(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}
