import { constants, type Stats } from 'node:fs';
import { type FileHandle, lstat, open, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline, type Readable, Transform } from 'node:stream';
import { FILE_READ_CHUNK_BYTES } from '../../infra/storage/body-stream.js';

/** A file of a deposit that was not opened, or not read to its end, and why. */
export class RefusedFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file} ${reason}`);
    this.name = 'RefusedFileError';
  }
}

export interface DepositFileRules {
  /** The deposit folder (real path) the file must stay inside; absent for a file named on the command line. */
  root?: string;
  /** Largest size accepted, in bytes. */
  maxBytes?: number;
  /** What the setting that sets `maxBytes` is called, for the message. */
  limitName?: string;
  /** How the file is named in messages (its path relative to the folder). */
  name?: string;
}

/** An opened deposit file: the descriptor every read goes through, and its size when opened. */
export interface DepositFile {
  handle: FileHandle;
  size: number;
  /** Streams the bytes, failing if the file grew beyond the limit after it was opened. */
  stream(): Readable;
  close(): Promise<void>;
}

/**
 * The one way a deposit's files are opened (manifest, `collection.json`, originals).
 * The file must be a regular file (no FIFO, socket or device: opening one can block or
 * act), inside the folder once every symlink is followed, and within the size limit.
 * The checks that matter are made on the opened descriptor (`fstat`, and the real path
 * of the same inode afterwards), so a file swapped for a symlink between the check and
 * the open is caught rather than read. Messages never quote a refused file's bytes.
 */
export async function openDepositFile(
  file: string,
  rules: DepositFileRules = {},
): Promise<DepositFile> {
  const name = rules.name ?? file;
  const refuse = (reason: string) => new RefusedFileError(name, reason);
  const real = await realpath(file).catch((error: NodeJS.ErrnoException) => {
    throw refuse(error.code === 'ENOENT' ? 'does not exist' : `cannot be opened (${error.code})`);
  });
  if (rules.root !== undefined && !isInside(rules.root, real))
    throw refuse('is a symlink that points outside the folder');
  const before = await lstat(real);
  if (!before.isFile()) throw refuse(`is ${kindOf(before)}, not a regular file`);
  checkSize(before.size, rules, refuse);
  let handle: FileHandle;
  try {
    handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    throw refuse(`cannot be opened (${(error as NodeJS.ErrnoException).code})`);
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile() || !sameFile(opened, before))
      throw refuse('was replaced while it was being opened');
    if (rules.root !== undefined) {
      const now = await realpath(real).catch(() => undefined);
      const there = now === undefined ? undefined : await stat(now).catch(() => undefined);
      if (now === undefined || !isInside(rules.root, now) || !there || !sameFile(there, opened))
        throw refuse('was moved outside the folder while it was being opened');
    }
    checkSize(opened.size, rules, refuse);
    return {
      handle,
      size: opened.size,
      stream: () => limitedStream(handle, rules, refuse),
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Reads a whole (small) deposit file through `openDepositFile`. */
export async function readDepositFile(file: string, rules: DepositFileRules): Promise<Buffer> {
  const opened = await openDepositFile(file, rules);
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of opened.stream()) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  } finally {
    await opened.close();
  }
}

export function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** What a directory entry is, in words, for a refusal. */
export function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device file';
  if (stats.isSymbolicLink()) return 'a symlink';
  return 'not a regular file';
}

function sameFile(a: Stats, b: Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

function checkSize(size: number, rules: DepositFileRules, refuse: (reason: string) => Error) {
  if (rules.maxBytes !== undefined && size > rules.maxBytes)
    throw refuse(`is ${size} bytes, more than the limit of ${rules.maxBytes}${limitNote(rules)}`);
}

function limitNote(rules: DepositFileRules): string {
  return rules.limitName ? ` (${rules.limitName})` : '';
}

/** The descriptor's bytes, at most `maxBytes` of them: a file that grows past it fails the read. */
function limitedStream(
  handle: FileHandle,
  rules: DepositFileRules,
  refuse: (reason: string) => Error,
): Readable {
  const source = handle.createReadStream({
    start: 0,
    highWaterMark: FILE_READ_CHUNK_BYTES,
    autoClose: false,
    ...(rules.maxBytes === undefined ? {} : { end: rules.maxBytes }),
  });
  const limit = rules.maxBytes;
  if (limit === undefined) return source;
  let read = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      read += chunk.length;
      if (read > limit) done(refuse(`grew beyond the limit of ${limit} bytes${limitNote(rules)}`));
      else done(null, chunk);
    },
  });
  // The error reaches the reader through `counted`, which pipeline destroys with it.
  pipeline(source, counted, () => {});
  return counted;
}
