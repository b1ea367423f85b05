import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

/** The digest algorithms heritage records (OCFL inventories) and checks. */
export type DigestAlgorithm = 'sha512' | 'sha256';

/** The hex digests of a whole body, one per algorithm asked for, and its size in bytes. */
export interface BodyDigests {
  digests: Map<DigestAlgorithm, string>;
  size: number;
}

/** Reads a body to its end (or takes bytes already read) and returns its digests and size. */
export async function digestBody(
  source: Readable | Buffer,
  algorithms: readonly DigestAlgorithm[],
): Promise<BodyDigests> {
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
