import { execFile } from 'node:child_process';
import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { makeTempDir } from './redis.js';

const run = promisify(execFile);

/** A size-limited folder (a tmpfs mount) that a test can fill and free. */
export interface SmallDisk {
  readonly dir: string;
  /** Writes a file until the disk is full (ENOSPC); returns the bytes written. */
  fill(): Promise<number>;
  /** Removes what `fill` wrote. */
  free(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Mounts a tmpfs of `megabytes` on a fresh temporary folder. Needs root (or
 * CAP_SYS_ADMIN); the reason it could not is thrown otherwise, for the test to report.
 */
export async function mountSmallDisk(megabytes: number): Promise<SmallDisk> {
  const folder = await makeTempDir('small-disk');
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', folder.dir]);
  } catch (error) {
    await folder.remove();
    throw new Error(`cannot mount a tmpfs: ${(error as Error).message.trim()}`);
  }
  const filler = path.join(folder.dir, 'filler.bin');
  return {
    dir: folder.dir,
    async fill() {
      const handle = await open(filler, 'a');
      const chunk = Buffer.alloc(256 * 1024, 1);
      let written = 0;
      try {
        for (;;) written += (await handle.write(chunk)).bytesWritten;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        await handle.close().catch(() => {});
      }
      return written;
    },
    free: () => rm(filler, { force: true }),
    async close() {
      await run('umount', ['-l', folder.dir]).catch(() => {});
      await folder.remove();
    },
  };
}
