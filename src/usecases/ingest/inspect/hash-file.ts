import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface FileDigests {
  size: number;
  sha256: string;
}

/**
 * Reads a file once for its sha256 (fixity, catalog, job ids). OCFL's sha512 is not
 * computed here: the object writer computes it as the file streams into the object,
 * so each byte is hashed once per digest. `onBytes` reports progress as chunks go by.
 */
export async function hashFile(
  file: string,
  onBytes?: (bytes: number) => void,
): Promise<FileDigests> {
  const sha256 = createHash('sha256');
  let size = 0;
  // 1 MiB reads: fewer, larger chunks keep hashing close to sha256sum's speed.
  for await (const chunk of createReadStream(file, {
    highWaterMark: 1 << 20,
  }) as AsyncIterable<Buffer>) {
    sha256.update(chunk);
    size += chunk.length;
    onBytes?.(chunk.length);
  }
  return { size, sha256: sha256.digest('hex') };
}
