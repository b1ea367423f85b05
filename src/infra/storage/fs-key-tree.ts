import { constants, type Stats } from 'node:fs';
import { type FileHandle, lstat, mkdir, open, readlink, realpath, rmdir } from 'node:fs/promises';
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
   * Makes sure the folder above `key` exists inside the root, reached without links,
   * and returns the file path. It usually exists, and one `realpath` shows it; when it
   * does not, the deepest folder that does is found the same way and the missing ones
   * are created below it one level at a time, so that nothing is ever created through
   * a link. No answer is kept between calls: a folder may be replaced by a link later.
   */
  async makeParents(key: string): Promise<string> {
    const segments = key.split('/');
    segments.pop();
    let existing = segments.length;
    while (
      existing > 0 &&
      (await this.existingFolder(this.#folderAt(segments, existing), key)) === undefined
    ) {
      existing -= 1;
    }
    for (let depth = existing + 1; depth <= segments.length; depth += 1) {
      await this.#makeFolder(segments, depth, key);
    }
    return this.pathOf(key);
  }

  /** The folder of the first `depth` segments. */
  #folderAt(segments: string[], depth: number): string {
    return path.join(this.root, ...segments.slice(0, depth));
  }

  /** Creates the folder of the first `depth` segments, whose parent is known to be safe. */
  async #makeFolder(segments: string[], depth: number, key: string): Promise<void> {
    const folder = this.#folderAt(segments, depth);
    try {
      await mkdir(folder);
      return;
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
    }
    // Something is there already (created meanwhile, or an object or link in the way).
    const stats = await lstat(folder);
    if (stats.isSymbolicLink()) {
      throw new UnsafePathError(this.location, key, `${folder} is a symbolic link`);
    }
    if (!stats.isDirectory()) {
      const holder = segments.slice(0, depth).join('/');
      throw new UnsafePathError(this.location, key, `"${holder}" is an object, not a folder`);
    }
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
   * `undefined` when it does not exist or is a file. `key` only names the request in errors.
   */
  async existingFolder(folder: string, key: string): Promise<string | undefined> {
    let real: string;
    try {
      // The trailing separator makes a file fail (ENOTDIR) instead of resolving.
      real = await realpath(folder + path.sep);
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

  /**
   * Opens the file for `key` for reading, or `undefined` when there is none. The file is
   * opened first and then shown to lie inside the root by the path the kernel reports
   * for the open descriptor (Linux `/proc/self/fd`): one call instead of a `realpath`
   * that reads every segment of the path, and it checks the very file opened, where a
   * check before the open leaves a moment in which a folder can become a link.
   */
  async openForRead(key: string): Promise<{ handle: FileHandle; stats: Stats } | undefined> {
    const file = this.pathOf(key);
    const handle = await this.#openNoFollow(file, key);
    if (handle === undefined) return undefined;
    try {
      await this.#assertOpenedInside(handle, file, key);
      const stats = await handle.stat();
      if (stats.isFile()) return { handle, stats };
    } catch (error) {
      await handle.close();
      throw error;
    }
    await handle.close();
    return undefined;
  }

  async #openNoFollow(file: string, key: string): Promise<FileHandle | undefined> {
    try {
      // O_NOFOLLOW: a link in the last segment fails (ELOOP) instead of being read.
      return await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (error) {
      if (isMissing(error)) {
        // Absent, or absent where a link leads: only the folder's realpath tells which.
        await this.existingFolder(path.dirname(file), key);
        return undefined;
      }
      if (errorCode(error) === 'ELOOP') {
        throw new UnsafePathError(this.location, key, `${file} is a symbolic link`);
      }
      throw error;
    }
  }

  /** Throws unless `handle`, opened at `file`, was reached without a link. */
  async #assertOpenedInside(handle: FileHandle, file: string, key: string): Promise<void> {
    let real: string;
    try {
      real = await readlink(`/proc/self/fd/${handle.fd}`);
    } catch {
      // No /proc (not Linux): check the folder the older way, before reading.
      if ((await this.existingFolder(path.dirname(file), key)) === undefined) {
        throw new UnsafePathError(this.location, key, `${file} is no longer there`);
      }
      return;
    }
    // A file replaced (renamed over) since it was opened is reported " (deleted)".
    if (real !== file && real !== `${file} (deleted)`) {
      throw new UnsafePathError(
        this.location,
        key,
        `${file} goes through a symbolic link to ${real}`,
      );
    }
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
