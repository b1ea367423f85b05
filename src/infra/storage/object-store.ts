import type { Readable } from 'node:stream';
import type { BodyDigests, DigestAlgorithm } from './body-digests.js';

/** What the store knows about one stored object. */
export interface StoredObjectInfo {
  key: string;
  size: number;
  /** Hex sha256 of the whole object, recorded when it was written. */
  sha256: string;
  lastModified: Date;
}

/**
 * An object as a listing finds it. A file that is there but cannot be vouched for
 * (no sha256 recorded with it: a write interrupted before this store ordered its
 * writes, or a file put there by hand) is still listed, so that it can be seen and
 * removed, with `sha256` undefined and `problem` saying why.
 */
export interface ListedObject extends Omit<StoredObjectInfo, 'sha256'> {
  sha256: string | undefined;
  problem?: string;
}

/** A listed object with its bytes, when the store read them with the listing. */
export interface ListedObjectWithBytes extends ListedObject {
  /** The whole object as stored, not checked against `sha256` (as `getUnverified`). */
  bytes?: Buffer;
}

export interface PutOptions {
  /**
   * The sha256 the caller expects. When given, the write fails (and leaves nothing
   * behind) if the bytes that arrived hash differently.
   */
  expectedSha256?: string;
  contentType?: string;
  /**
   * The caller will pass the key to `syncFolders` before anything names it, so the store
   * may leave its folder unflushed until then (the bytes are flushed all the same). Only
   * for a key that holds no object yet; an overwrite is always flushed in full.
   */
  syncFolderLater?: boolean;
}

/** An inclusive byte range, as in HTTP `Range: bytes=start-end`. */
export interface ByteRange {
  start: number;
  end?: number;
}

/** The largest object `getUnverified` hands over as bytes in memory rather than a stream. */
export const WHOLE_READ_MAX_BYTES = 1024 ** 2;

/**
 * One interface over the local filesystem and any S3-compatible service.
 *
 * Keys are `/`-separated relative paths (no `..`, no leading `/`, no empty
 * segments). Bodies stream end to end; sha256 is computed while writing, stored
 * with the object and verified when the whole object is read back.
 */
export interface ObjectStore {
  readonly kind: 'fs' | 's3';
  /** Human-readable location, e.g. `/data/archive` or `s3://bucket/prefix`. */
  readonly location: string;
  /** Writes the object atomically: readers see the old state or the whole new one. */
  put(
    key: string,
    body: Readable | Uint8Array | string,
    options?: PutOptions,
  ): Promise<StoredObjectInfo>;
  /**
   * Streams the object. A full read errors at the end if the bytes do not match the
   * recorded sha256; a ranged read cannot be verified and is not.
   */
  get(key: string, range?: ByteRange): Promise<Readable>;
  /**
   * The whole object without checking it against its recorded sha256: only for a caller
   * that hashes the bytes itself and compares them with `list`'s `sha256` (a fixity
   * check), which would otherwise read the record and hash the bytes twice. An object
   * of at most `WHOLE_READ_MAX_BYTES` comes as its bytes (for the small files most
   * objects hold, a stream costs more than the read), a larger one as a stream.
   */
  getUnverified(key: string): Promise<Readable | Buffer>;
  /**
   * The digests and size of the whole object as stored, without checking it against its
   * recorded sha256: for a fixity check, as `getUnverified`. The filesystem store hashes
   * objects above `WHOLE_READ_MAX_BYTES` on threads of its own, one per core.
   */
  digestUnverified(key: string, algorithms: readonly DigestAlgorithm[]): Promise<BodyDigests>;
  /**
   * A path on this machine to the whole object, its bytes checked against the recorded
   * sha256 first: for a tool that needs a seekable local file (ffmpeg, tesseract, libvips), which
   * would otherwise read a copy taken with `get`. The path is for reading only.
   * `undefined` where objects are not local files (S3): the caller copies with `get`.
   */
  checkedLocalFile(key: string): Promise<string | undefined>;
  /** `undefined` when there is no such object. */
  head(key: string): Promise<StoredObjectInfo | undefined>;
  /**
   * Every object whose key starts with `prefix`, in key order. An object the store
   * cannot vouch for is listed with its `problem` rather than failing the listing.
   */
  list(prefix: string): AsyncIterable<ListedObject>;
  /**
   * The keys `list` would give, in the same order, without what the store records of
   * each object: far cheaper where only names are wanted (no digest read or HEAD per
   * object).
   */
  listKeys(prefix: string): AsyncIterable<string>;
  /**
   * `list`, with the bytes of the small objects, as `getUnverified` gives them, up to
   * `maxTotalBytes` in all: for a fixity check of a folder of small files. Only where
   * reading them together costs less than one by one (the filesystem store, which
   * reads them on a thread); any object may come without its bytes.
   */
  listWithBytes?(prefix: string, maxTotalBytes: number): AsyncIterable<ListedObjectWithBytes>;
  delete(key: string): Promise<void>;
  /**
   * Removes what writes a killed process left in the store's own bookkeeping (never an
   * object) when it is older than `olderThanMs`: younger ones may be writes still going
   * on in another process. Returns how many were removed.
   */
  removeAbandonedWrites(olderThanMs: number): Promise<number>;
  /**
   * Makes durable the names of objects put with `syncFolderLater`: each folder they are
   * in is flushed once, however many of them it holds. A no-op where a put is durable
   * when it returns (S3).
   */
  syncFolders(keys: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

export class ObjectNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`no object at key "${key}"`);
    this.name = 'ObjectNotFoundError';
  }
}

export class IntegrityError extends Error {
  constructor(
    readonly key: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`sha256 mismatch for "${key}": expected ${expected}, got ${actual}`);
    this.name = 'IntegrityError';
  }
}
