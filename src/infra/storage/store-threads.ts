import type { FileHandle } from 'node:fs/promises';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BodyDigests, DigestAlgorithm } from './body-digests.js';

/** Bytes a thread reads at a time when it hashes a file. */
const READ_CHUNK_BYTES = 1024 ** 2;

/**
 * A digest record holds a few lines of 64 hex digits (several only while an overwrite
 * is under way or was interrupted); a file that fills this buffer is no digest record.
 */
export const DIGEST_READ_BYTES = 1024;

/**
 * The threads' code, run as a script: a module file of its own would have to be found
 * beside the compiled store and, under the tests, compiled from TypeScript first. It
 * reads with blocking calls, which suit a thread that does nothing else.
 *
 * `digest` reads no further than the size found when the file was opened, as a whole
 * read does. `readFolder` does what `list` and `getUnverified` do for every file under
 * a folder, but only where all is as a sound store leaves it: a file opened without a
 * link, shown by `/proc/self/fd` to be where it was asked for, with one digest
 * recorded. Anything else (a link or a special file in the walk, a missing digest, an
 * overwrite under way, no `/proc`) is marked `unusual` for the main thread's own checks,
 * which name the problem; a walk that meets a link, or fails, answers no entries at all.
 */
const THREAD_SCRIPT = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const chunk = Buffer.allocUnsafe(${READ_CHUNK_BYTES});
const noFollow = fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW;
const sha256Line = /^[0-9a-f]{64}$/;
const walkRefused = new Error('read the usual way');

function digest({ handle, size, algorithms }) {
  const hashes = algorithms.map((algorithm) => createHash(algorithm));
  let done = 0;
  while (done < size) {
    const read = fs.readSync(handle.fd, chunk, 0, Math.min(chunk.length, size - done), done);
    if (read === 0) break;
    for (const hash of hashes) hash.update(chunk.subarray(0, read));
    done += read;
  }
  return { digests: hashes.map((hash) => hash.digest('hex')), size: done };
}

/** Up to \`limit\` bytes of the file, or undefined when it is not plainly there. */
function readInside(file, limit) {
  let fd;
  try {
    fd = fs.openSync(file, noFollow);
  } catch {
    return undefined;
  }
  try {
    if (fs.readlinkSync('/proc/self/fd/' + fd) !== file) return undefined;
    const stats = fs.fstatSync(fd);
    if (!stats.isFile() || stats.size > limit) return undefined;
    const bytes = new Uint8Array(stats.size);
    let filled = 0;
    while (filled < bytes.length) {
      const read = fs.readSync(fd, bytes, filled, bytes.length - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    return bytes.subarray(0, filled);
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The files under \`folder\` in S3 key order (UTF-8 bytes, as \`compareKeys\`: a folder
 * sorts as its name and \`/\`), after the key \`after\` and up to \`limit\` of them.
 */
function walk(folder, keyPrefix, namePrefix, after, limit, files) {
  const ordered = fs
    .readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.name.startsWith(namePrefix))
    .map((entry) => {
      const key = keyPrefix + entry.name;
      return { entry, key, order: Buffer.from(entry.isDirectory() ? key + '/' : key) };
    })
    .sort((a, b) => Buffer.compare(a.order, b.order));
  for (const { entry, key, order } of ordered) {
    if (files.length >= limit) return;
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      // Every key in it sorts before \`after\` unless \`after\` is inside it or before it.
      const passed = after && Buffer.compare(order, after) < 0 && !after.subarray(0, order.length).equals(order);
      if (!passed) walk(file, key + '/', '', after, limit, files);
    } else if (entry.isFile()) {
      if (!after || Buffer.compare(order, after) > 0) files.push({ key, file });
    } else throw walkRefused;
  }
}

function readFolder({ objectsRoot, digestsRoot, folderKey, namePrefix, after, maxFiles, namesOnly, maxObjectBytes, maxTotalBytes }) {
  const files = [];
  try {
    const folder = path.join(objectsRoot, ...folderKey.split('/').filter(Boolean));
    if (fs.realpathSync(folder + path.sep) !== folder) return { entries: undefined };
    walk(folder, folderKey, namePrefix, after && Buffer.from(after), maxFiles, files);
  } catch {
    return { entries: undefined };
  }
  const more = files.length >= maxFiles;
  if (namesOnly) return { entries: files.map(({ key }) => ({ key, unusual: true })), more };
  let budget = maxTotalBytes;
  const entries = [];
  const transfer = [];
  for (const { key, file } of files) {
    const unusual = { key, unusual: true };
    let stats;
    try {
      stats = fs.lstatSync(file);
    } catch {
      entries.push(unusual);
      continue;
    }
    const recorded = stats.isFile() && readInside(path.join(digestsRoot, key), ${DIGEST_READ_BYTES} - 1);
    const sha256 = recorded && Buffer.from(recorded).toString('utf8').trim();
    if (!sha256 || !sha256Line.test(sha256)) {
      entries.push(unusual);
      continue;
    }
    const entry = { key, size: stats.size, modified: stats.mtime, sha256 };
    if (stats.size <= maxObjectBytes && stats.size <= budget) {
      const bytes = readInside(file, maxObjectBytes);
      if (bytes === undefined) {
        entries.push(unusual);
        continue;
      }
      entry.bytes = bytes;
      budget -= bytes.length;
      transfer.push(bytes.buffer);
    }
    entries.push(entry);
  }
  return { entries, more, transfer };
}

parentPort.on('message', (task) => {
  let answer;
  let transfer = [];
  try {
    if (task.kind === 'digest') answer = digest(task);
    else ({ transfer, ...answer } = readFolder(task));
  } catch (error) {
    answer = { error: { message: String(error && error.message), code: error && error.code } };
  }
  const send = () => parentPort.postMessage(answer, transfer);
  if (task.kind === 'digest') task.handle.close().then(send, send);
  else send();
});
`;

/** A thread failed, not the file: the caller may read the file another way. */
export class StoreThreadError extends Error {
  constructor(cause: unknown) {
    super(`a store thread failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'StoreThreadError';
  }
}

/** What `readFolder` asks: folders are absolute paths with no link in them (realpaths). */
export interface FolderReadRequest {
  objectsRoot: string;
  digestsRoot: string;
  /** The key of the folder, ending in `/` (empty for the root). */
  folderKey: string;
  /** Only names in the folder that start with this. */
  namePrefix: string;
  /** Only keys after this one: where the last answer stopped. */
  after?: string;
  /** At most this many files in one answer: a large tree is read in several. */
  maxFiles: number;
  /** The keys alone, every entry `unusual`: nothing read but the folders. */
  namesOnly?: boolean;
  /** Larger files come without their bytes. */
  maxObjectBytes: number;
  /** Once this much is read, the remaining files come without their bytes. */
  maxTotalBytes: number;
}

/** One file a thread found under the folder; `unusual` ones are for the main thread to check. */
export type FolderEntry =
  | { key: string; unusual: true }
  | {
      key: string;
      unusual?: undefined;
      size: number;
      modified: Date;
      /** The one sha256 the store recorded for it. */
      sha256: string;
      /** Its bytes, read after its digest record; absent when above the limits. */
      bytes?: Uint8Array;
    };

/** What `readFolder` answers: `undefined` entries when the folder is to be read the usual way. */
export interface FolderAnswer {
  entries: FolderEntry[] | undefined;
  /** Stopped at `maxFiles`: ask again after the last key. */
  more?: boolean;
}

type ThreadAnswer =
  | { digests: string[]; size: number }
  | FolderAnswer
  | { error: { message: string; code?: string } };

interface Task {
  message:
    | { kind: 'digest'; handle: FileHandle; size: number; algorithms: DigestAlgorithm[] }
    | ({ kind: 'read-folder' } & FolderReadRequest);
  resolve: (answer: ThreadAnswer) => void;
  reject: (error: Error) => void;
}

/**
 * Threads that read for the filesystem store with blocking calls, one task each at a
 * time, so that work on many files leaves the main thread free:
 * - hashing whole large files on every core while the main thread goes on with the
 *   small ones (a fixity check of recordings is mostly hashing). A file passes to a
 *   thread as its open handle (no bytes are copied between threads), and the thread
 *   closes it;
 * - reading every small file of a folder (an OCFL object of small files) with its
 *   digest record. Each file call on the main thread costs it 20-30 µs of libuv's round
 *   trip, a blocking one on a thread a few µs, and the bytes pass back without a copy.
 * Threads start with the first task and hold the process open only while they work.
 */
export class StoreThreads {
  readonly #limit: number;
  readonly #idle: Worker[] = [];
  readonly #all = new Set<Worker>();
  readonly #queue: Task[] = [];
  #closed = false;

  constructor(limit = os.availableParallelism()) {
    this.#limit = Math.max(1, limit);
  }

  /** The digests of the first `size` bytes of an open file; the handle is closed either way. */
  async digest(
    handle: FileHandle,
    size: number,
    algorithms: readonly DigestAlgorithm[],
  ): Promise<BodyDigests> {
    const answer = (await this.#submit({
      kind: 'digest',
      handle,
      size,
      algorithms: [...algorithms],
    })) as { digests: string[]; size: number };
    return {
      digests: new Map(
        algorithms.map((algorithm, index) => [algorithm, answer.digests[index] ?? '']),
      ),
      size: answer.size,
    };
  }

  /**
   * The files under the folder, in key order, with their digest records and (within the
   * limits) their bytes.
   */
  async readFolder(request: FolderReadRequest): Promise<FolderAnswer> {
    return (await this.#submit({ kind: 'read-folder', ...request })) as FolderAnswer;
  }

  /** Ends every thread; tasks under way or waiting fail with `StoreThreadError`. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const task of this.#queue.splice(0)) this.#refuse(task, 'the store threads were closed');
    await Promise.all([...this.#all].map((thread) => thread.terminate()));
  }

  #submit(message: Task['message']): Promise<ThreadAnswer> {
    return new Promise((resolve, reject) => {
      const task: Task = { message, resolve, reject };
      if (this.#closed) {
        this.#refuse(task, 'the store threads were closed');
        return;
      }
      this.#queue.push(task);
      this.#next();
    });
  }

  /** Fails a task that no thread will run, closing the handle it holds. */
  #refuse(task: Task, why: unknown): void {
    if (task.message.kind === 'digest') void task.message.handle.close().catch(() => {});
    task.reject(new StoreThreadError(why instanceof Error ? why : new Error(String(why))));
  }

  #next(): void {
    while (this.#queue.length > 0) {
      let thread = this.#idle.pop();
      if (thread === undefined && this.#all.size < this.#limit) {
        try {
          thread = this.#start();
        } catch (error) {
          // No thread to be had (the process's limits): the work is done another way.
          this.#refuse(this.#queue.shift() as Task, error);
          continue;
        }
      }
      if (thread === undefined) return;
      this.#run(thread, this.#queue.shift() as Task);
    }
  }

  #start(): Worker {
    // None of the process's flags: a loader or `--input-type=module` would change how the
    // script runs, and cost the thread's start.
    const thread = new Worker(THREAD_SCRIPT, { eval: true, execArgv: [] });
    this.#all.add(thread);
    // A thread that ends while idle is forgotten; its error is its task's, if it had one.
    thread.on('error', () => {});
    thread.once('exit', () => {
      this.#all.delete(thread);
      const idle = this.#idle.indexOf(thread);
      if (idle >= 0) this.#idle.splice(idle, 1);
    });
    return thread;
  }

  #run(thread: Worker, task: Task): void {
    const done = () => {
      thread.off('message', answered);
      thread.off('error', failed);
      thread.off('exit', exited);
    };
    const answered = (answer: ThreadAnswer) => {
      done();
      thread.unref();
      this.#idle.push(thread);
      this.#next();
      if ('error' in answer) {
        task.reject(Object.assign(new Error(answer.error.message), { code: answer.error.code }));
      } else task.resolve(answer);
    };
    const failed = (error: unknown) => {
      done();
      this.#all.delete(thread);
      void thread.terminate();
      task.reject(new StoreThreadError(error));
      this.#next();
    };
    const exited = (code: number) => failed(new Error(`the thread exited with code ${code}`));
    thread.on('message', answered);
    thread.on('error', failed);
    thread.on('exit', exited);
    thread.ref();
    const { message } = task;
    try {
      thread.postMessage(message, message.kind === 'digest' ? [message.handle] : []);
    } catch (error) {
      if (message.kind === 'digest') void message.handle.close().catch(() => {});
      failed(error);
    }
  }
}
