import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Archive } from './archive.js';
import { makeScratchFolder } from './scratch-space.js';

/**
 * Copies one file of an object version into a scratch folder of its own and runs
 * `work` on it: ffmpeg and tesseract need a seekable local file, and the archive may
 * be in S3. The folder (with anything `work` wrote into it) is removed afterwards.
 */
export async function withOriginalOnDisk<T>(
  archive: Archive,
  itemId: string,
  logicalPath: string,
  version: string,
  work: (file: string, scratchDir: string) => Promise<T>,
): Promise<T> {
  const scratchDir = await makeScratchFolder(archive.settings.dataDir, 'step');
  try {
    // Keep the original's name: tools name their outputs after their input.
    const file = path.join(scratchDir, path.posix.basename(logicalPath));
    await pipeline(
      await archive.objects.readFile(itemId, logicalPath, version),
      createWriteStream(file),
    );
    return await work(file, scratchDir);
  } finally {
    await rm(scratchDir, { recursive: true, force: true });
  }
}
