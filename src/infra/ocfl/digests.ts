import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { DigestAlgorithm } from '../storage/body-digests.js';

export type { DigestAlgorithm };

/** Lowercase hex digest of in-memory bytes. */
export function hexDigest(algorithm: DigestAlgorithm, bytes: Uint8Array | string): string {
  return createHash(algorithm).update(bytes).digest('hex');
}

/** A pass-through stream that hashes and counts the bytes flowing through it. */
export class DigestingPassThrough extends Transform {
  #hashes: Map<DigestAlgorithm, Hash>;
  #size = 0;
  #digests: Map<DigestAlgorithm, string> | undefined;

  constructor(algorithms: readonly DigestAlgorithm[]) {
    super();
    this.#hashes = new Map(algorithms.map((algorithm) => [algorithm, createHash(algorithm)]));
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    for (const hash of this.#hashes.values()) hash.update(chunk);
    this.#size += chunk.length;
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.#digests = new Map(
      [...this.#hashes].map(([algorithm, hash]) => [algorithm, hash.digest('hex')]),
    );
    callback();
  }

  /** Bytes seen so far. */
  get size(): number {
    return this.#size;
  }

  /** Hex digest of everything that flowed through; only once the stream has ended. */
  digest(algorithm: DigestAlgorithm): string {
    const digest = this.#digests?.get(algorithm);
    if (digest === undefined) {
      throw new Error(`no ${algorithm} digest: the stream has not ended or did not compute it`);
    }
    return digest;
  }
}
