import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/** Up to `length` bytes of the file from `offset`; fewer at its end. */
export type ReadAt = (offset: number, length: number) => Promise<Buffer>;

/**
 * Runs `readHeader` on `file` when it is a regular file, for the readers that describe
 * a recording from its header; `undefined` for anything else (ffprobe's to describe).
 */
export async function readRegularFile<T>(
  file: string,
  readHeader: (read: ReadAt, size: number) => Promise<T | undefined>,
): Promise<T | undefined> {
  // Not blocking: a FIFO put where a file was opens at once, and is then left to ffprobe.
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return undefined;
    const read: ReadAt = async (offset, length) => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    };
    return await readHeader(read, stats.size);
  } finally {
    await handle.close();
  }
}
