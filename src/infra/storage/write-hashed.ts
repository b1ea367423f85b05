import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';

/**
 * With `flush`, a large body is flushed to disk as it goes, a flush for every this many
 * bytes (one at a time), so that the disk writes while later bytes are hashed instead
 * of all at the end. Putting 1 GiB in the filesystem store, alternating, 5 runs each:
 * 1.17 s against 1.84 s (medians; 1.28 s at 16 MiB). Also bounds the unflushed bytes.
 */
export const EARLY_FLUSH_BYTES = 64 * 1024 * 1024;

/**
 * Writes `body` through `handle` and returns the sha256 of what was written; with
 * `flush`, the bytes are on disk before it returns. A failed write destroys the body.
 *
 * A loop of writes rather than a pipeline of a hashing transform into a write stream:
 * one chunk is written while the next is read and hashed, with none of the streams'
 * machinery in between. Alternating with the pipeline, 5 runs each, the filesystem
 * store put 1 GiB in 2.28 s against 2.61 s, and 300 objects of 40 KiB in 1.04 s against
 * 1.22 s (0.83 CPU-s against 0.96).
 */
export async function writeHashed(
  handle: FileHandle,
  body: Readable,
  flush: boolean,
): Promise<string> {
  const hash = createHash('sha256');
  let writing: Promise<void> = Promise.resolve();
  let flushing: Promise<void> = Promise.resolve();
  let unflushed = 0;
  // Leaving the loop by a throw ends the body's iteration, which destroys it.
  for await (const chunk of body) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
    hash.update(bytes);
    await writing;
    writing = writeAll(handle, bytes);
    // Handled now, so that a write failing while the next chunk is read is no
    // unhandled rejection; the `await` above still throws it.
    writing.catch(() => {});
    unflushed += bytes.length;
    if (flush && unflushed >= EARLY_FLUSH_BYTES) {
      // The last flush must end first: the disk sets the pace, not the reads.
      await flushing;
      unflushed = 0;
      flushing = handle.datasync();
      flushing.catch(() => {});
    }
  }
  await writing;
  await flushing;
  if (flush) await handle.sync();
  return hash.digest('hex');
}

/** All of `bytes`, however many calls it takes. */
async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, written, bytes.length - written);
    written += bytesWritten;
  }
}
