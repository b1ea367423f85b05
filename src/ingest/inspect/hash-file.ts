import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface FileDigests {
  size: number;
  sha256: string;
  /** OCFL's content digest. */
  sha512: string;
}

/**
 * Reads a file once and computes both digests the archive needs: sha256 for fixity
 * and catalog ids, sha512 for OCFL. `onBytes` reports progress as chunks go by.
 */
export async function hashFile(
  file: string,
  onBytes?: (bytes: number) => void,
): Promise<FileDigests> {
  const sha256 = createHash('sha256');
  const sha512 = createHash('sha512');
  let size = 0;
  // 1 MiB reads: fewer, larger chunks keep hashing close to sha256sum's speed.
  for await (const chunk of createReadStream(file, {
    highWaterMark: 1 << 20,
  }) as AsyncIterable<Buffer>) {
    sha256.update(chunk);
    sha512.update(chunk);
    size += chunk.length;
    onBytes?.(chunk.length);
  }
  return { size, sha256: sha256.digest('hex'), sha512: sha512.digest('hex') };
}
