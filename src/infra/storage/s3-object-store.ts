import { randomUUID } from 'node:crypto';
import { pipeline as pipelineCallback, Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { S3Settings } from '../config/settings-schema.js';
import { type BodyDigests, type DigestAlgorithm, digestBody } from './body-digests.js';
import { bodyToStream, type ObjectBody, streamToBuffer } from './body-stream.js';
import { checkRangeShape, rangeHeader } from './byte-range.js';
import {
  InvalidRangeError,
  integrityError,
  isStoreError,
  objectNotFound,
  StorageError,
} from './errors.js';
import { isReservedKey, RESERVED_SEGMENT, validateKey, validateListPrefix } from './object-key.js';
import {
  type ByteRange,
  type ListedObject,
  type ObjectStore,
  type PutOptions,
  type StoredObjectInfo,
  WHOLE_READ_MAX_BYTES,
} from './object-store.js';
import { createS3Client } from './s3-client.js';
import { copyWithMetadata } from './s3-copy.js';
import { checkExpectedSha256, isSha256Hex, Sha256Stream } from './sha256-stream.js';
import { takeBytes } from './take-bytes.js';

export interface S3ObjectStoreOptions {
  /** Bytes per part of a multipart upload (S3's minimum is 5 MiB). Default: 8 MiB. */
  partSize?: number;
  /** Parts uploaded at once; memory held is about `partSize × queueSize`. Default: 4. */
  queueSize?: number;
  /** Keys asked for per list request (S3 returns at most 1,000). Default: 1000. */
  listPageSize?: number;
  /** HEAD requests in flight while listing (the sha256 lives in each object's metadata). Default: 8. */
  listConcurrency?: number;
  /** A client to use instead of one made from the settings; `close` leaves it open. */
  client?: S3Client;
}

/** The user-metadata field (`x-amz-meta-sha256`) that keeps each object's digest. */
const SHA256_METADATA = 'sha256';
const MEBIBYTE = 1024 ** 2;

/** `ObjectStore` on Amazon S3 or any S3-compatible service. */
export class S3ObjectStore implements ObjectStore {
  readonly kind = 's3' as const;
  readonly location: string;
  readonly bucket: string;
  /** Prepended to every key: `''` or a folder ending in `/`. */
  readonly prefix: string;
  readonly #client: S3Client;
  readonly #ownsClient: boolean;
  readonly #options: Required<Omit<S3ObjectStoreOptions, 'client'>>;

  constructor(settings: S3Settings, options: S3ObjectStoreOptions = {}) {
    this.bucket = settings.bucket;
    this.prefix = normalisePrefix(settings.prefix);
    this.location = `s3://${this.bucket}/${this.prefix}`;
    this.#client = options.client ?? createS3Client(settings);
    this.#ownsClient = options.client === undefined;
    this.#options = {
      partSize: options.partSize ?? 8 * MEBIBYTE,
      queueSize: options.queueSize ?? 4,
      listPageSize: options.listPageSize ?? 1000,
      listConcurrency: options.listConcurrency ?? 8,
    };
  }

  /**
   * Streams the body to S3 while hashing it. With `expectedSha256` the digest goes
   * into the metadata up front and a mismatch fails the stream before the upload
   * completes, so S3 never commits the object. Without it the body goes to a
   * temporary key first and is copied server-side to its key with the digest.
   */
  async put(key: string, body: ObjectBody, options: PutOptions = {}): Promise<StoredObjectInfo> {
    validateKey(key);
    const source = bodyToStream(body, key);
    const expected = checkExpectedSha256(key, options.expectedSha256);
    const hashing = new Sha256Stream((actual) => {
      if (expected !== undefined && actual !== expected) {
        throw integrityError(this.location, key, expected, actual);
      }
    });
    pipelineCallback(source, hashing, () => {});
    const finalKey = this.prefix + key;
    try {
      if (expected !== undefined) {
        await this.#upload(finalKey, hashing, { [SHA256_METADATA]: expected }, options.contentType);
      } else {
        // A folder per upload: filesystem-backed S3 servers (s3rver) remove a folder
        // that a delete leaves empty, which races with an upload into a shared one.
        const temporaryKey = `${this.prefix}${RESERVED_SEGMENT}/${randomUUID()}/body`;
        try {
          await this.#upload(temporaryKey, hashing, {});
          await copyWithMetadata(this.#client, {
            bucket: this.bucket,
            sourceKey: temporaryKey,
            targetKey: finalKey,
            size: hashing.bytes,
            metadata: { [SHA256_METADATA]: hashing.sha256 },
            contentType: options.contentType,
          });
        } finally {
          await this.#client
            .send(new DeleteObjectCommand({ Bucket: this.bucket, Key: temporaryKey }))
            .catch(() => {}); // a leftover temporary key is never listed; the copy's outcome matters
        }
      }
      return await this.#checkArrival(key, hashing);
    } catch (error) {
      // The body's own failure (a broken source, a digest mismatch) is the error to
      // report, even when the upload then fails differently (s3rver, for one, cannot
      // abort a multipart upload and answers MethodNotAllowed).
      const bodyError = hashing.errored;
      hashing.destroy(); // stops reading the caller's stream when the upload gave up early
      throw this.#wrap('put', key, bodyError ?? error);
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    validateKey(key);
    if (range) checkRangeShape(this.location, key, range);
    try {
      const { body, response } = await this.#getObject(key, range);
      if (range) return this.#trimRange(key, range, body, response.ContentRange);
      const recorded = response.Metadata?.[SHA256_METADATA];
      if (recorded === undefined || !isSha256Hex(recorded)) {
        body.destroy();
        throw missingDigest(key);
      }
      const verifying = new Sha256Stream((actual) => {
        if (actual !== recorded) throw integrityError(this.location, key, recorded, actual);
      });
      // The callback form returns the last stream and destroys the whole chain when
      // one fails, so the reader sees network errors and mismatches alike.
      return pipelineCallback(body, verifying, () => {});
    } catch (error) {
      throw this.#wrap('get', key, error);
    }
  }

  async getUnverified(key: string): Promise<Readable | Buffer> {
    validateKey(key);
    try {
      const { body, response } = await this.#getObject(key);
      const size = response.ContentLength;
      return size !== undefined && size <= WHOLE_READ_MAX_BYTES ? await streamToBuffer(body) : body;
    } catch (error) {
      throw this.#wrap('get', key, error);
    }
  }

  async digestUnverified(
    key: string,
    algorithms: readonly DigestAlgorithm[],
  ): Promise<BodyDigests> {
    return digestBody(await this.getUnverified(key), algorithms);
  }

  /** One GET, with a missing object and an unsatisfiable range told apart. */
  async #getObject(key: string, range?: ByteRange) {
    const response = await this.#client
      .send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: this.prefix + key,
          Range: range ? rangeHeader(range) : undefined,
        }),
      )
      .catch((error: unknown) => {
        if (httpStatus(error) === 404) throw objectNotFound(this.location, key);
        if (httpStatus(error) === 416) {
          throw new InvalidRangeError(
            this.location,
            key,
            `start ${range?.start} is past the end of the object`,
          );
        }
        throw error;
      });
    const body = response.Body;
    if (!(body instanceof Readable)) throw new Error('the response has no readable body');
    return { body, response };
  }

  /** Objects in S3 are no local files: the caller copies the object out with `get`. */
  async checkedLocalFile(key: string): Promise<undefined> {
    validateKey(key);
    return undefined;
  }

  async head(key: string): Promise<StoredObjectInfo | undefined> {
    validateKey(key);
    try {
      return await this.#head(key);
    } catch (error) {
      throw this.#wrap('head', key, error);
    }
  }

  async *list(prefix: string): AsyncIterable<ListedObject> {
    validateListPrefix(prefix);
    try {
      for await (const keys of this.#keyPages(prefix)) {
        for (let index = 0; index < keys.length; index += this.#options.listConcurrency) {
          const batch = keys.slice(index, index + this.#options.listConcurrency);
          for (const info of await Promise.all(batch.map((key) => this.#headListed(key)))) {
            if (info !== undefined) yield info; // undefined: deleted since the listing
          }
        }
      }
    } catch (error) {
      throw this.#wrap('list', prefix, error);
    }
  }

  async *listKeys(prefix: string): AsyncIterable<string> {
    validateListPrefix(prefix);
    try {
      for await (const keys of this.#keyPages(prefix)) yield* keys;
    } catch (error) {
      throw this.#wrap('list', prefix, error);
    }
  }

  /** The keys under `prefix`, a listing page at a time, without the store's own. */
  async *#keyPages(prefix: string): AsyncGenerator<string[]> {
    const pages = paginateListObjectsV2(
      { client: this.#client, pageSize: this.#options.listPageSize },
      { Bucket: this.bucket, Prefix: this.prefix + prefix },
    );
    for await (const page of pages) {
      yield (page.Contents ?? [])
        .map((entry) => entry.Key?.slice(this.prefix.length))
        .filter((key): key is string => key !== undefined && !isReservedKey(key));
    }
  }

  async delete(key: string): Promise<void> {
    validateKey(key);
    try {
      await this.#client.send(
        new DeleteObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }),
      );
    } catch (error) {
      throw this.#wrap('delete', key, error);
    }
  }

  /**
   * Deletes temporary keys (bodies waiting for their copy) and aborts multipart
   * uploads that a killed process left under this store's prefix. A server that does
   * not list multipart uploads (s3rver answers NotImplemented) is left to its own
   * lifecycle rules: AbortIncompleteMultipartUpload on AWS.
   */
  async removeAbandonedWrites(olderThanMs: number): Promise<number> {
    const cutoff = Date.now() - olderThanMs;
    let removed = 0;
    try {
      const temporary = paginateListObjectsV2(
        { client: this.#client, pageSize: this.#options.listPageSize },
        { Bucket: this.bucket, Prefix: `${this.prefix}${RESERVED_SEGMENT}/` },
      );
      for await (const page of temporary) {
        for (const { Key, LastModified } of page.Contents ?? []) {
          if (Key === undefined || (LastModified?.getTime() ?? 0) >= cutoff) continue;
          await this.#client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key }));
          removed += 1;
        }
      }
      let markers: { KeyMarker?: string; UploadIdMarker?: string } = {};
      for (;;) {
        const page = await this.#client.send(
          new ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix: this.prefix, ...markers }),
        );
        for (const { Key, UploadId, Initiated } of page.Uploads ?? []) {
          if (Key === undefined || (Initiated?.getTime() ?? 0) >= cutoff) continue;
          await this.#client.send(
            new AbortMultipartUploadCommand({ Bucket: this.bucket, Key, UploadId }),
          );
          removed += 1;
        }
        if (!page.IsTruncated) break;
        markers = { KeyMarker: page.NextKeyMarker, UploadIdMarker: page.NextUploadIdMarker };
      }
    } catch (error) {
      if ((error as { name?: string }).name !== 'NotImplemented') {
        throw this.#wrap('remove abandoned writes under', this.prefix || '/', error);
      }
    }
    return removed;
  }

  /** An S3 put is durable when it returns: nothing to flush. */
  async syncFolders(_keys: readonly string[]): Promise<void> {}

  async close(): Promise<void> {
    if (this.#ownsClient) this.#client.destroy();
  }

  async #upload(
    fullKey: string,
    body: Readable,
    metadata: Record<string, string>,
    contentType?: string,
  ): Promise<void> {
    const upload = new Upload({
      client: this.#client,
      params: {
        Bucket: this.bucket,
        Key: fullKey,
        Body: body,
        Metadata: metadata,
        ContentType: contentType,
      },
      partSize: this.#options.partSize,
      queueSize: this.#options.queueSize,
      // On failure, abort the multipart upload so that no parts are left billed.
      leavePartsOnError: false,
    });
    await upload.done();
  }

  /** The HEAD after a write: the server must hold as many bytes as were sent, under the digest. */
  async #checkArrival(key: string, hashing: Sha256Stream): Promise<StoredObjectInfo> {
    const info = await this.#head(key);
    if (info === undefined) throw new Error('the object is missing right after it was written');
    if (info.size !== hashing.bytes || info.sha256 !== hashing.sha256) {
      await this.#client.send(
        new DeleteObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }),
      );
      throw new Error(
        `the server stored ${info.size} bytes with sha256 ${info.sha256}; ${hashing.bytes} bytes with sha256 ${hashing.sha256} were sent (object deleted)`,
      );
    }
    return info;
  }

  async #head(key: string): Promise<StoredObjectInfo | undefined> {
    const info = await this.#headListed(key);
    if (info?.sha256 === undefined) {
      if (info === undefined) return undefined;
      throw missingDigest(key);
    }
    return { ...info, sha256: info.sha256 };
  }

  /** HEAD of one key; an object without a recorded sha256 comes back with its problem. */
  async #headListed(key: string): Promise<ListedObject | undefined> {
    const response = await this.#client
      .send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }))
      .catch((error: unknown) => {
        if (httpStatus(error) === 404) return undefined;
        throw error;
      });
    if (response === undefined) return undefined;
    const recorded = response.Metadata?.[SHA256_METADATA];
    const sha256 = recorded !== undefined && isSha256Hex(recorded) ? recorded : undefined;
    return {
      key,
      size: response.ContentLength ?? 0,
      sha256,
      lastModified: response.LastModified ?? new Date(0),
      ...(sha256 === undefined ? { problem: missingDigest(key).message } : {}),
    };
  }

  /**
   * Makes the body hold exactly the bytes asked for. Some S3-compatible servers send
   * more: s3rver reads `bytes=0-0` as "from 0 to the end", and a server that ignores
   * `Range` sends the whole object with no `Content-Range`. What they sent is told by
   * `Content-Range`; extra bytes at the end are dropped, a wrong start is refused.
   */
  #trimRange(
    key: string,
    range: ByteRange,
    body: Readable,
    contentRange: string | undefined,
  ): Readable {
    const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(contentRange ?? '');
    const sentStart = match ? Number(match[1]) : 0;
    const sentEnd = match ? Number(match[2]) : Number.POSITIVE_INFINITY;
    if (sentStart !== range.start) {
      body.destroy();
      throw new InvalidRangeError(
        this.location,
        key,
        `asked for bytes from ${range.start}, the server sent ${contentRange ?? 'the whole object'}`,
      );
    }
    if (range.end === undefined || sentEnd <= range.end) return body;
    return pipelineCallback(body, takeBytes(range.end - range.start + 1), () => {});
  }

  #wrap(operation: string, key: string, error: unknown): Error {
    return isStoreError(error)
      ? (error as Error)
      : new StorageError(operation, this.location, key, error);
  }
}

/** `''` stays `''`; `archive` and `archive/` both become `archive/`. */
function normalisePrefix(prefix: string): string {
  if (prefix === '') return '';
  const folder = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  validateKey(folder);
  return `${folder}/`;
}

function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata
    ?.httpStatusCode;
}

function missingDigest(key: string): Error {
  return new Error(
    `"${key}" has no x-amz-meta-${SHA256_METADATA}: it was not written by this store`,
  );
}
