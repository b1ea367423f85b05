import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Archive } from '../archive/archive.js';

/**
 * Copies one file of an object version into a private temporary folder and runs
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
  const scratchDir = await mkdtemp(path.join(os.tmpdir(), 'heritage-step-'));
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
