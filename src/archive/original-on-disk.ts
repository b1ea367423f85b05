import { createWriteStream } from 'node:fs';
import { mkdir, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { OcflStorageRoot } from '../infra/ocfl/index.js';
import { makeScratchFolder } from './scratch-space.js';

/** One file of an archived object, as a tool is to read it. */
export interface ArchivedFile {
  objects: OcflStorageRoot;
  itemId: string;
  logicalPath: string;
  /** Default: the object's head. */
  version?: string;
}

/**
 * Runs `work` on one file of an object version as a local file, with a scratch folder
 * (under `dataDir`) of its own for outputs: ffmpeg, tesseract and libvips need a
 * seekable local file. On the filesystem store the tools read the archived file in
 * place, once its bytes are checked against their recorded sha256 (a copy would double
 * the disk writes of a deposit); from S3 the file is copied out, checked as it arrives.
 * The folder (with anything `work` wrote into it) is removed afterwards.
 */
export async function withOriginalOnDisk<T>(
  dataDir: string,
  { objects, itemId, logicalPath, version }: ArchivedFile,
  work: (file: string, scratchDir: string) => Promise<T>,
): Promise<T> {
  const scratchDir = await makeScratchFolder(dataDir, 'original');
  try {
    // Under the original's own name, as tools name their outputs after their input (the
    // archived file may be named otherwise: content is stored once per object). In a
    // folder of its own, so that no output can be written over it.
    const inputDir = path.join(scratchDir, 'original');
    await mkdir(inputDir);
    const file = path.join(inputDir, path.posix.basename(logicalPath));
    // Loaded once for both ways of reading (on S3 each load is two GETs).
    const inventory = await objects.getInventory(itemId);
    const inPlace = await objects.checkedLocalFileOf(inventory, logicalPath, version);
    if (inPlace === undefined) {
      const bytes = await objects.readFileOf(inventory, logicalPath, version);
      await pipeline(bytes, createWriteStream(file));
    } else {
      await symlink(inPlace, file);
    }
    return await work(file, scratchDir);
  } finally {
    // Removes the link, never what it points to.
    await rm(scratchDir, { recursive: true, force: true });
  }
}
