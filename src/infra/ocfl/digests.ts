import { createHash, type Hash } from 'node:crypto';
import { type Readable, Transform, type TransformCallback } from 'node:stream';

/** The digest algorithms heritage records in OCFL inventories. */
export type DigestAlgorithm = 'sha512' | 'sha256';

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

/** Reads a stream to its end (or takes bytes already read) and returns its digests and size. */
export async function digestStream(
  source: Readable | Buffer,
  algorithms: readonly DigestAlgorithm[],
): Promise<{ digests: Map<DigestAlgorithm, string>; size: number }> {
  // A plain loop over the chunks: a pipeline through a pass-through costs more than the
  // hashing itself on the small files most objects hold.
  const hashes = algorithms.map((algorithm) => [algorithm, createHash(algorithm)] as const);
  let size = 0;
  const chunks = Buffer.isBuffer(source) ? [source] : (source as AsyncIterable<Buffer>);
  for await (const chunk of chunks) {
    for (const [, hash] of hashes) hash.update(chunk);
    size += chunk.length;
  }
  return {
    digests: new Map(hashes.map(([algorithm, hash]) => [algorithm, hash.digest('hex')])),
    size,
  };
}
