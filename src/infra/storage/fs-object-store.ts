import { createHash, randomUUID } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import {
  type FileHandle,
  lstat,
  mkdir,
  open,
  readdir,
  realpath,
  rename,
  rm,
  unlink,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import { pipeline as pipelineCallback, Readable } from 'node:stream';
import { type BodyDigests, type DigestAlgorithm, digestBody } from './body-digests.js';
import { bodyToStream, FILE_READ_CHUNK_BYTES, type ObjectBody } from './body-stream.js';
import { resolveRange } from './byte-range.js';
import {
  integrityError,
  isStoreError,
  objectNotFound,
  StorageError,
  UnsafePathError,
} from './errors.js';
import { errorCode, FsKeyTree, isMissing } from './fs-key-tree.js';
import { walkFiles } from './fs-walk.js';
import { compareKeys, foldersAbove, validateKey, validateListPrefix } from './object-key.js';
import {
  type ByteRange,
  type ListedObject,
  type ListedObjectWithBytes,
  type ObjectStore,
  type PutOptions,
  type StoredObjectInfo,
  WHOLE_READ_MAX_BYTES,
} from './object-store.js';
import { checkExpectedSha256, isSha256Hex, Sha256Stream } from './sha256-stream.js';
import {
  DIGEST_READ_BYTES,
  type FolderAnswer,
  type FolderEntry,
  StoreThreadError,
  StoreThreads,
} from './store-threads.js';
import { writeHashed } from './write-hashed.js';

export interface FsObjectStoreOptions {
  /**
   * Folder that holds the objects, `<root>/<key>`, and nothing else (an OCFL storage
   * root is laid out there for independent readers). Two sibling folders keep the
   * store's own files: `<root>.sha256/<key>` (recorded digests) and `<root>.tmp/`
   * (writes in progress, on the same filesystem so that `rename` is atomic).
   *
   * A digest file holds one hex sha256 a line, newest first. It is renamed into place
   * before its object, listing the new digest and the ones the object had until then;
   * once the object is in place an overwrite rewrites it with the new digest alone. So
   * a crash at any moment leaves the old object or the new one, each with its digest
   * recorded: never a file the store cannot vouch for.
   */
  root: string;
  /**
   * Flush each object and its folder to disk before `put` resolves, so that a power
   * cut cannot leave an empty or missing file behind a reported success. Default: true.
   */
  fsync?: boolean;
}

/**
 * How much may queue between reading and checking a get: measured on large files,
 * 4 MiB lets the two overlap where Node's 16 KiB default runs them in turn. Reads take
 * `FILE_READ_CHUNK_BYTES` at a time.
 */
const STREAM_BUFFER_BYTES = 4 * 1024 ** 2;

/** Files a store thread lists in one answer, so that a large tree is held a part at a time. */
const FILES_PER_THREAD_ANSWER = 10_000;

/** `ObjectStore` on a local folder. */
export class FsObjectStore implements ObjectStore {
  readonly kind = 'fs' as const;
  readonly location: string;
  readonly #fsync: boolean;
  #trees: Promise<{ objects: FsKeyTree; digests: FsKeyTree; temporary: string }> | undefined;
  readonly #threads = new StoreThreads();

  constructor(options: FsObjectStoreOptions) {
    this.location = path.resolve(options.root);
    this.#fsync = options.fsync ?? true;
  }

  /** Where the recorded sha256 of each object is kept, outside the root. */
  get digestsFolder(): string {
    return `${this.location}.sha256`;
  }

  /** Where writes in progress are kept, outside the root. */
  get temporaryFolder(): string {
    return `${this.location}.tmp`;
  }

  async put(key: string, body: ObjectBody, options: PutOptions = {}): Promise<StoredObjectInfo> {
    validateKey(key);
    const source =
      typeof body === 'string'
        ? Buffer.from(body, 'utf8')
        : body instanceof Uint8Array
          ? body
          : bodyToStream(body, key);
    const expected = checkExpectedSha256(key, options.expectedSha256);
    const { objects, digests, temporary } = await this.#ready();
    const id = randomUUID();
    const temporaryObject = path.join(temporary, id);
    const temporaryDigest = path.join(temporary, `${id}.sha256`);
    try {
      const sha256 = await this.#writeTemporary(temporaryObject, source);
      if (expected !== undefined && sha256 !== expected) {
        throw integrityError(this.location, key, expected, sha256);
      }
      // The digests the object has until this put lands: a crash before its rename
      // leaves the old bytes, which must still check out.
      const [stats, previous] = await settleAll([
        lstat(temporaryObject),
        this.#currentDigests(objects, digests, key),
      ]);
      const recorded = [sha256, ...previous.filter((digest) => digest !== sha256)];
      // A new key the caller flushes later (`syncFolders`): both renames wait for one
      // flush of each folder, however many objects it gets. Until then a crash may keep
      // either rename without the other; nothing names such an object yet (an OCFL
      // version is named by its inventory only after `syncFolders`), and a leftover
      // without its digest is listed with that problem and removed by the next commit.
      const later = options.syncFolderLater === true && previous.length === 0;
      // Digest first, then the object: whenever the object is in place, the digest of
      // its bytes is recorded. Each rename is flushed before the next one.
      await this.#record(digests, key, temporaryDigest, recorded, !later);
      const folder = await this.#moveIntoPlace(objects, key, temporaryObject);
      if (!later) await this.#flushFolder(folder);
      if (recorded.length > 1) await this.#record(digests, key, temporaryDigest, [sha256]);
      return describe(key, stats, sha256);
    } catch (error) {
      if (source instanceof Readable) source.destroy();
      await Promise.all([
        rm(temporaryObject, { force: true }),
        rm(temporaryDigest, { force: true }),
      ]);
      throw this.#wrap('put', key, error);
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    validateKey(key);
    const { objects, digests } = await this.#ready();
    try {
      // The digests are read before the object is opened: as put records the new digest (with the old ones) before it renames the
      // object, bytes read after a digest was read are either listed in it or newer,
      // and then listed in the digest read after them.
      const digestBefore = range ? undefined : await readDigestFile(digests, key);
      const { handle, stats } = await this.#open(objects, key);
      if (range) {
        let bounds: { start: number; end: number };
        try {
          bounds = resolveRange(this.location, key, range, stats.size);
        } catch (error) {
          await handle.close();
          throw error;
        }
        return handle.createReadStream({ ...bounds, highWaterMark: FILE_READ_CHUNK_BYTES });
      }
      const verifying = new Sha256Stream(
        (actual) => this.#assertRecorded(digests, key, digestBefore, actual),
        STREAM_BUFFER_BYTES,
      );
      // The callback form returns the last stream and destroys every stream of the
      // chain when one fails, so the reader sees file errors and mismatches alike.
      return pipelineCallback(readWhole(handle, stats), verifying, () => {});
    } catch (error) {
      throw this.#wrap('get', key, error);
    }
  }

  async getUnverified(key: string): Promise<Readable | Buffer> {
    validateKey(key);
    const { objects } = await this.#ready();
    try {
      const { handle, stats } = await this.#open(objects, key);
      if (stats.size > WHOLE_READ_MAX_BYTES) return readWhole(handle, stats);
      return await readBytesAndClose(handle, stats.size);
    } catch (error) {
      throw this.#wrap('get', key, error);
    }
  }

  async digestUnverified(
    key: string,
    algorithms: readonly DigestAlgorithm[],
  ): Promise<BodyDigests> {
    validateKey(key);
    const { objects } = await this.#ready();
    try {
      const { handle, stats } = await this.#open(objects, key);
      if (stats.size <= WHOLE_READ_MAX_BYTES)
        return await digestBody(await readBytesAndClose(handle, stats.size), algorithms);
      try {
        return await this.#threads.digest(handle, stats.size, algorithms);
      } catch (error) {
        if (!(error instanceof StoreThreadError)) throw error;
        // The thread failed, not the file: hash it here.
        const again = await this.#open(objects, key);
        return await digestBody(readWhole(again.handle, again.stats), algorithms);
      }
    } catch (error) {
      throw this.#wrap('get', key, error);
    }
  }

  async checkedLocalFile(key: string): Promise<string> {
    validateKey(key);
    const { objects, digests } = await this.#ready();
    try {
      // Digests before bytes, as `get` reads them (see there).
      const digestBefore = await readDigestFile(digests, key);
      const { digests: read } = await this.digestUnverified(key, ['sha256']);
      await this.#assertRecorded(digests, key, digestBefore, read.get('sha256') ?? '');
      return objects.pathOf(key);
    } catch (error) {
      throw this.#wrap('get', key, error);
    }
  }

  async head(key: string): Promise<StoredObjectInfo | undefined> {
    validateKey(key);
    const { objects, digests } = await this.#ready();
    try {
      // Independent reads, run together; no object means no answer, whatever the digest.
      const [stats, recorded] = await Promise.allSettled([
        objects.statFile(key),
        this.#readDigests(digests, key),
      ]);
      if (stats.status === 'rejected') throw stats.reason;
      if (stats.value === undefined) return undefined;
      if (recorded.status === 'rejected') throw recorded.reason;
      const candidates = recorded.value ?? (await this.#requireDigests(digests, key));
      return describe(key, stats.value, await this.#digestOf(objects, key, candidates));
    } catch (error) {
      throw this.#wrap('head', key, error);
    }
  }

  async *list(prefix: string): AsyncIterable<ListedObject> {
    validateListPrefix(prefix);
    const { objects, digests } = await this.#ready();
    try {
      for await (const { key, path: file } of walkFiles(objects, prefix)) {
        const stats = await lstat(file).catch((error: unknown) => {
          if (isMissing(error)) return undefined; // deleted while we walked
          throw error;
        });
        const listed = stats && (await this.#listed(objects, digests, key, stats));
        if (listed !== undefined) yield listed;
      }
    } catch (error) {
      throw this.#wrap('list', prefix, error);
    }
  }

  async *listKeys(prefix: string): AsyncIterable<string> {
    validateListPrefix(prefix);
    const { objects } = await this.#ready();
    // A walk of many folders is many calls: on a thread they block it, not the process.
    let after: string | undefined;
    for (;;) {
      const answer = await this.#readFolder(prefix, after, { namesOnly: true });
      if (answer.entries === undefined) break;
      for (const { key } of answer.entries) yield key;
      after = answer.entries.at(-1)?.key ?? after;
      if (!answer.more) return;
    }
    try {
      for await (const { key } of walkFiles(objects, prefix))
        if (after === undefined || compareKeys(key, after) > 0) yield key;
    } catch (error) {
      throw this.#wrap('list', prefix, error);
    }
  }

  async *listWithBytes(
    prefix: string,
    maxTotalBytes: number,
  ): AsyncIterable<ListedObjectWithBytes> {
    validateListPrefix(prefix);
    const { objects, digests } = await this.#ready();
    let after: string | undefined;
    let budget = maxTotalBytes;
    for (;;) {
      const answer = await this.#readFolder(prefix, after, { maxTotalBytes: budget });
      if (answer.entries === undefined) break;
      for (const entry of answer.entries) {
        const listed = await this.#listedFromThread(objects, digests, entry);
        budget -= listed?.bytes?.length ?? 0;
        if (listed !== undefined) yield listed;
      }
      after = answer.entries.at(-1)?.key ?? after;
      if (!answer.more) return;
    }
    for await (const listed of this.list(prefix))
      if (after === undefined || compareKeys(listed.key, after) > 0) yield listed;
  }

  /**
   * Files under `prefix` after the key `after`, as a store thread reads them (see
   * `StoreThreads`); no entries when they are to be listed the usual way (a link or a
   * failure in the walk, or no thread), which names any problem.
   */
  async #readFolder(
    prefix: string,
    after: string | undefined,
    options: { namesOnly: true } | { maxTotalBytes: number },
  ): Promise<FolderAnswer> {
    const { objects, digests } = await this.#ready();
    const lastSlash = prefix.lastIndexOf('/');
    try {
      return await this.#threads.readFolder({
        objectsRoot: objects.root,
        digestsRoot: digests.root,
        folderKey: prefix.slice(0, lastSlash + 1),
        namePrefix: prefix.slice(lastSlash + 1),
        after,
        maxFiles: FILES_PER_THREAD_ANSWER,
        maxObjectBytes: WHOLE_READ_MAX_BYTES,
        maxTotalBytes: 0,
        ...options,
      });
    } catch {
      // The thread failed (or there was none): the usual way says what is wrong, if anything.
      return { entries: undefined };
    }
  }

  /** A file a store thread read, as `list` shows it; `undefined` when it was deleted meanwhile. */
  async #listedFromThread(
    objects: FsKeyTree,
    digests: FsKeyTree,
    entry: FolderEntry,
  ): Promise<ListedObjectWithBytes | undefined> {
    if (entry.unusual === undefined) {
      const { key, size, modified, sha256, bytes } = entry;
      const listed = { key, size, sha256, lastModified: modified };
      return bytes === undefined
        ? listed
        : { ...listed, bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length) };
    }
    // The usual checks, which say what is wrong with it.
    try {
      const stats = await lstat(objects.pathOf(entry.key)).catch((error: unknown) => {
        if (isMissing(error)) return undefined;
        throw error;
      });
      return stats && (await this.#listed(objects, digests, entry.key, stats));
    } catch (error) {
      throw this.#wrap('list', entry.key, error);
    }
  }

  /** One walked file as the listing shows it; `undefined` when it was deleted meanwhile. */
  async #listed(
    objects: FsKeyTree,
    digests: FsKeyTree,
    key: string,
    stats: Stats,
  ): Promise<ListedObject | undefined> {
    let recorded: string[] | undefined;
    try {
      recorded = await this.#readDigests(digests, key);
    } catch (error) {
      return { ...describe(key, stats, undefined), problem: (error as Error).message };
    }
    if (recorded !== undefined) {
      return describe(key, stats, await this.#digestOf(objects, key, recorded));
    }
    if ((await objects.statFile(key)) === undefined) return undefined;
    return {
      ...describe(key, stats, undefined),
      problem: `no sha256 is recorded for it in ${this.digestsFolder} (an interrupted write, or a file put there by hand)`,
    };
  }

  async delete(key: string): Promise<void> {
    validateKey(key);
    const { objects, digests } = await this.#ready();
    try {
      // Object before digest: a digest without its object is ignored, never the reverse.
      for (const tree of [objects, digests]) {
        const file = await tree.existingPath(key);
        if (file === undefined) continue;
        await unlink(file).catch((error: unknown) => {
          if (!isMissing(error) && errorCode(error) !== 'EISDIR') throw error;
        });
        await tree.pruneEmptyParents(key);
      }
    } catch (error) {
      throw this.#wrap('delete', key, error);
    }
  }

  async removeAbandonedWrites(olderThanMs: number): Promise<number> {
    const { temporary } = await this.#ready();
    return removeStaleFiles(temporary, olderThanMs);
  }

  async syncFolders(keys: readonly string[]): Promise<void> {
    for (const key of keys) validateKey(key);
    if (!this.#fsync || keys.length === 0) return;
    const { objects, digests } = await this.#ready();
    // Each key's folder and every folder above it, up to the tree's root: a folder made
    // for the new keys has its own name in its parent, which must be on disk as well.
    const folderOf = (tree: FsKeyTree) => [
      ...new Set(keys.flatMap((key) => foldersAbove(key).map((folder) => tree.pathOf(folder)))),
    ];
    try {
      // Digest folders first, as each put renames the digest before its object.
      for (const tree of [digests, objects]) {
        await Promise.all(folderOf(tree).map((folder) => syncFolderIfThere(folder)));
      }
    } catch (error) {
      throw this.#wrap('sync folders of', keys[0] ?? '', error);
    }
  }

  async close(): Promise<void> {
    await this.#threads.close();
  }

  /**
   * Writes a body to a new temporary file, flushed when the store flushes, and returns
   * its sha256. Bytes in memory are hashed and written in one call, without the stream
   * path's machinery: a put of 2 KB (inventories and metadata are put most often) cost
   * 1.5-1.8 ms of CPU this way against 1.9-2.7 ms through the streams.
   */
  async #writeTemporary(file: string, body: Uint8Array | Readable): Promise<string> {
    if (body instanceof Uint8Array) {
      await writeFile(file, body, { flag: 'wx', flush: this.#fsync });
      return createHash('sha256').update(body).digest('hex');
    }
    // Opened before reading: a body failing at once then leaves no file to be made later.
    const handle = await open(file, 'wx');
    try {
      return await writeHashed(handle, body, this.#fsync);
    } finally {
      await handle.close();
    }
  }

  #ready(): Promise<{ objects: FsKeyTree; digests: FsKeyTree; temporary: string }> {
    this.#trees ??= (async () => {
      const folders = [this.location, this.digestsFolder, this.temporaryFolder];
      await Promise.all(folders.map((folder) => mkdir(folder, { recursive: true })));
      const [objects, digests, temporary] = await Promise.all(
        folders.map((folder) => realpath(folder)),
      );
      return {
        objects: new FsKeyTree(objects as string, this.location),
        digests: new FsKeyTree(digests as string, this.digestsFolder),
        temporary: temporary as string,
      };
    })();
    this.#trees.catch(() => {
      this.#trees = undefined;
    });
    return this.#trees;
  }

  /** Opens the object at `key` for reading; `ObjectNotFoundError` when there is none. */
  async #open(objects: FsKeyTree, key: string): Promise<{ handle: FileHandle; stats: Stats }> {
    const opened = await objects.openForRead(key);
    if (opened === undefined) throw objectNotFound(this.location, key);
    return opened;
  }

  /** Renames the file to `key` in `tree` and returns the folder it is now in. */
  async #moveIntoPlace(tree: FsKeyTree, key: string, temporaryFile: string): Promise<string> {
    // A concurrent delete may prune a parent folder between its check and the rename
    // (and an object may then take its place): retry once, which remakes or names it.
    for (let attempt = 1; ; attempt += 1) {
      const target = await tree.makeParents(key);
      try {
        await rename(temporaryFile, target);
        return path.dirname(target);
      } catch (error) {
        const code = errorCode(error);
        if (code === 'EISDIR' || code === 'ENOTEMPTY' || code === 'EEXIST') {
          throw new UnsafePathError(
            tree.location,
            key,
            `"${key}" is a folder that holds other objects`,
          );
        }
        if (attempt >= 2 || !isMissing(error)) throw error;
      }
    }
  }

  /** Writes `recorded` as the digest file of `key` (by rename) and flushes its folder. */
  async #record(
    digests: FsKeyTree,
    key: string,
    temporaryDigest: string,
    recorded: readonly string[],
    flushFolder = true,
  ): Promise<void> {
    await writeFile(temporaryDigest, recorded.map((digest) => `${digest}\n`).join(''), {
      flag: 'wx',
      flush: this.#fsync,
    });
    const folder = await this.#moveIntoPlace(digests, key, temporaryDigest);
    if (flushFolder) await this.#flushFolder(folder);
  }

  /** The digests recorded for the object now at `key`; none when there is no object. */
  async #currentDigests(objects: FsKeyTree, digests: FsKeyTree, key: string): Promise<string[]> {
    if ((await objects.statFile(key)) === undefined) return [];
    return (await this.#readDigests(digests, key).catch(() => undefined)) ?? [];
  }

  /**
   * The sha256 of the object among those recorded for it. Several are recorded only
   * while an overwrite is under way or after one was interrupted: then the bytes tell.
   */
  async #digestOf(objects: FsKeyTree, key: string, recorded: readonly string[]): Promise<string> {
    const [newest] = recorded;
    if (newest === undefined || recorded.length === 1) return newest as string;
    const opened = await objects.openForRead(key);
    if (opened === undefined) return newest;
    const { digests } = await digestBody(readWhole(opened.handle, opened.stats), ['sha256']);
    const sha256 = digests.get('sha256') ?? '';
    return recorded.includes(sha256) ? sha256 : newest;
  }

  /**
   * Fails unless `actual`, the sha256 of the bytes read, is recorded for `key`: in the
   * digests read before the bytes, or in those read now (an overwrite landed meanwhile).
   */
  async #assertRecorded(
    digests: FsKeyTree,
    key: string,
    digestBefore: readonly string[] | undefined,
    actual: string,
  ): Promise<void> {
    if (digestBefore?.includes(actual)) return;
    const digestAfter = await this.#readDigests(digests, key);
    if (digestAfter?.includes(actual)) return;
    const recorded = (digestAfter ?? digestBefore)?.[0];
    if (recorded === undefined) {
      throw new StorageError('get', this.location, key, new Error('no sha256 is recorded for it'));
    }
    throw integrityError(this.location, key, recorded, actual);
  }

  async #readDigests(digests: FsKeyTree, key: string): Promise<string[] | undefined> {
    return readDigestFile(digests, key);
  }

  async #requireDigests(digests: FsKeyTree, key: string): Promise<string[]> {
    const digest = await this.#readDigests(digests, key);
    if (digest === undefined) {
      throw new StorageError(
        'read digest of',
        this.location,
        key,
        new Error(`no sha256 is recorded for it in ${this.digestsFolder}`),
      );
    }
    return digest;
  }

  /** Makes a rename in `folder` durable when the store flushes (`fsync`). */
  async #flushFolder(folder: string): Promise<void> {
    if (this.#fsync) await syncFolder(folder);
  }

  #wrap(operation: string, key: string, error: unknown): Error {
    return isStoreError(error)
      ? (error as Error)
      : new StorageError(operation, this.location, key, error);
  }
}

function describe<T extends string | undefined>(
  key: string,
  stats: Stats,
  sha256: T,
): { key: string; size: number; sha256: T; lastModified: Date } {
  return { key, size: stats.size, sha256, lastModified: stats.mtime };
}

/** The whole file: read up to the size found at open, which spares the read that would find the end. */
function readWhole(handle: FileHandle, stats: Stats): Readable {
  return handle.createReadStream({
    highWaterMark: FILE_READ_CHUNK_BYTES,
    ...(stats.size > 0 ? { end: stats.size - 1 } : {}),
  });
}

/**
 * Up to `size` bytes from the start (the size found at open, as `readWhole` reads), then
 * the handle closed.
 */
async function readBytesAndClose(handle: FileHandle, size: number): Promise<Buffer> {
  try {
    const bytes = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await handle.read(bytes, filled, size - filled, filled);
      if (bytesRead === 0) break; // shortened since it was opened
      filled += bytesRead;
    }
    return bytes.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

/** The digests recorded for `key` in `digests`, newest first, or `undefined` when there is none. */
async function readDigestFile(digests: FsKeyTree, key: string): Promise<string[] | undefined> {
  const opened = await digests.openForRead(key);
  if (opened === undefined) return undefined;
  const { handle } = opened;
  // One read of a small buffer: the file is tiny.
  const buffer = Buffer.alloc(DIGEST_READ_BYTES);
  let bytesRead: number;
  try {
    ({ bytesRead } = await handle.read(buffer, 0, buffer.length, 0));
  } finally {
    await handle.close();
  }
  const recorded = buffer.toString('utf8', 0, bytesRead).trim().split('\n');
  if (bytesRead === buffer.length || !recorded.every(isSha256Hex)) {
    throw new Error(`the digest recorded in ${digests.pathOf(key)} is not a hex sha256`);
  }
  return recorded;
}

/** Removes the files in `folder` last modified more than `ageMs` ago (writes a crash cut short). */
async function removeStaleFiles(folder: string, ageMs: number): Promise<number> {
  const cutoff = Date.now() - ageMs;
  let removed = 0;
  for (const name of await readdir(folder)) {
    const file = path.join(folder, name);
    const stats = await lstat(file).catch(() => undefined);
    if (stats?.isFile() && stats.mtimeMs < cutoff) {
      await rm(file, { force: true });
      removed += 1;
    }
  }
  return removed;
}

/** `Promise.all` that lets every promise settle before it fails, so that nothing runs on unseen. */
async function settleAll<T extends readonly unknown[] | []>(
  promises: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const results = await Promise.allSettled(promises);
  for (const result of results) if (result.status === 'rejected') throw result.reason;
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as {
    -readonly [K in keyof T]: Awaited<T[K]>;
  };
}

/** `syncFolder`, except that a folder removed meanwhile (its objects deleted) is skipped. */
async function syncFolderIfThere(folder: string): Promise<void> {
  await syncFolder(folder).catch((error: unknown) => {
    if (!isMissing(error)) throw error;
  });
}

/** Makes a rename in `folder` durable (POSIX needs the folder itself flushed). */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
