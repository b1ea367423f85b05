import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ObjectStore } from '../storage/object-store.js';
import { DigestingPassThrough, hexDigest } from './digests.js';
import { InvalidChangeError } from './errors.js';
import type { NewContent } from './inventory-build.js';
import type { Inventory } from './inventory-schema.js';
import { sha256ByContentPath } from './logical-state.js';
import { joinKey } from './paths.js';

/** A file to add or replace at a logical path. */
export interface FileToAdd {
  logicalPath: string;
  body: Readable | Uint8Array | string;
  /**
   * Digests the caller already knows. When the object already holds content with this
   * digest, a stream body is not read at all (and is destroyed): the caller vouches for it.
   * When the body is written, a known digest is checked against the bytes.
   */
  sha512?: string;
  sha256?: string;
}

/**
 * Writes the content of one new version, storing each distinct sha512 once per object:
 * content the object already has, or that this version already wrote, is not stored again.
 */
export class ContentWriter {
  readonly #store: ObjectStore;
  readonly #objectRoot: string;
  readonly #contentRoot: string;
  /** sha512 -> content path, for content the object has or this version wrote. */
  readonly #contentPathOf = new Map<string, string>();
  readonly #sha512OfSha256 = new Map<string, string>();
  readonly #newContent: NewContent[] = [];
  /** Every key this writer created or may have created, so a failed commit can remove them. */
  readonly writtenKeys: string[] = [];

  constructor(
    store: ObjectStore,
    objectRoot: string,
    contentRoot: string,
    previous: Inventory | undefined,
  ) {
    this.#store = store;
    this.#objectRoot = objectRoot;
    this.#contentRoot = contentRoot;
    if (previous === undefined) return;
    const sha256Of = sha256ByContentPath(previous);
    for (const [sha512, [contentPath]] of Object.entries(previous.manifest)) {
      if (contentPath === undefined) continue;
      this.#contentPathOf.set(sha512, contentPath);
      const sha256 = sha256Of.get(contentPath);
      if (sha256 !== undefined) this.#sha512OfSha256.set(sha256, sha512);
    }
  }

  /** Content first stored by this version, for the manifest and fixity blocks. */
  get newContent(): readonly NewContent[] {
    return this.#newContent;
  }

  /** Stores `file` unless its content is already in the object; returns its sha512. */
  async add(file: FileToAdd): Promise<string> {
    if (typeof file.body === 'string' || file.body instanceof Uint8Array) {
      return this.#addBytes(
        file,
        typeof file.body === 'string' ? Buffer.from(file.body, 'utf8') : file.body,
      );
    }
    if (file.body instanceof Readable) return this.#addStream(file, file.body);
    throw new InvalidChangeError(
      `the body for ${JSON.stringify(file.logicalPath)} is not a Readable, Uint8Array or string`,
    );
  }

  async #addBytes(file: FileToAdd, bytes: Uint8Array): Promise<string> {
    const sha512 = hexDigest('sha512', bytes);
    const sha256 = hexDigest('sha256', bytes);
    assertDigestAsStated(file, 'sha512', sha512);
    assertDigestAsStated(file, 'sha256', sha256);
    if (this.#contentPathOf.has(sha512)) return sha512;
    const contentPath = joinKey(this.#contentRoot, file.logicalPath);
    const key = joinKey(this.#objectRoot, contentPath);
    this.writtenKeys.push(key);
    await this.#store.put(key, bytes, { expectedSha256: sha256, syncFolderLater: true });
    this.#remember({ sha512, sha256, contentPath });
    return sha512;
  }

  async #addStream(file: FileToAdd, body: Readable): Promise<string> {
    const known = this.#knownSha512(file);
    if (known !== undefined) {
      body.destroy();
      return known;
    }
    const contentPath = joinKey(this.#contentRoot, file.logicalPath);
    const key = joinKey(this.#objectRoot, contentPath);
    const digester = new DigestingPassThrough(['sha512']);
    this.writtenKeys.push(key);
    const writing = this.#store
      .put(key, digester, {
        syncFolderLater: true,
        ...(file.sha256 === undefined ? {} : { expectedSha256: file.sha256 }),
      })
      .catch((error: unknown) => {
        digester.destroy(error as Error);
        throw error;
      });
    // The store hashes sha256 while writing; this pass adds the sha512 OCFL addresses by.
    const [stored] = await Promise.all([writing, pipeline(body, digester)]);
    const sha512 = digester.digest('sha512');
    if (file.sha512 !== undefined && file.sha512.toLowerCase() !== sha512) {
      await this.#store.delete(key);
      assertDigestAsStated(file, 'sha512', sha512);
    }
    if (this.#contentPathOf.has(sha512)) {
      // Known only now that it is written: the object already had these bytes.
      await this.#store.delete(key);
      return sha512;
    }
    this.#remember({ sha512, sha256: stored.sha256, contentPath });
    return sha512;
  }

  /** The sha512 of content the object already has, judging by the digests the caller gave. */
  #knownSha512(file: FileToAdd): string | undefined {
    const sha512 = file.sha512?.toLowerCase();
    if (sha512 !== undefined && this.#contentPathOf.has(sha512)) return sha512;
    const sha256 = file.sha256?.toLowerCase();
    return sha256 === undefined ? undefined : this.#sha512OfSha256.get(sha256);
  }

  #remember(content: NewContent): void {
    this.#contentPathOf.set(content.sha512, content.contentPath);
    this.#sha512OfSha256.set(content.sha256, content.sha512);
    this.#newContent.push(content);
  }
}

function assertDigestAsStated(
  file: FileToAdd,
  algorithm: 'sha512' | 'sha256',
  actual: string,
): void {
  const stated = file[algorithm];
  if (stated !== undefined && stated.toLowerCase() !== actual) {
    throw new InvalidChangeError(
      `${JSON.stringify(file.logicalPath)}: the change states ${algorithm} ${stated}, ` +
        `but the content's ${algorithm} is ${actual}`,
    );
  }
}
