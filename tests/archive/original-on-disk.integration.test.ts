import { randomBytes } from 'node:crypto';
import { lstat, readdir, readFile, realpath, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOriginalOnDisk } from '../../src/archive/original-on-disk.js';
import { scratchRoot } from '../../src/archive/scratch-space.js';
import { OcflStorageRoot } from '../../src/infra/ocfl/index.js';
import { FsObjectStore } from '../../src/infra/storage/fs-object-store.js';
import { IntegrityError, type ObjectStore } from '../../src/infra/storage/object-store.js';
import { S3ObjectStore } from '../../src/infra/storage/s3-object-store.js';
import { makeTempDir } from '../support/redis.js';
import { type RunningS3rver, startS3rver } from '../support/s3rver.js';

const itemId = 'then-001';
const song = randomBytes(3 * 1024 ** 2);
const cleanups: (() => Promise<void>)[] = [];
let s3: RunningS3rver;

beforeAll(async () => {
  s3 = await startS3rver();
  cleanups.push(() => s3.stop());
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** An archive holding one song under two names: stored once, as `originals/a.wav`. */
async function archiveOn(store: ObjectStore) {
  const data = await makeTempDir('original-on-disk');
  cleanups.push(data.remove, () => store.close());
  const objects = await OcflStorageRoot.open(store);
  await objects.commitVersion(
    itemId,
    {
      add: [
        { logicalPath: 'originals/a.wav', body: new Uint8Array(song) },
        { logicalPath: 'originals/b.wav', body: new Uint8Array(song) },
      ],
    },
    { message: 'deposit', user: { name: 'test' } },
  );
  return { dataDir: data.dir, objects };
}

/** `work` run on one of the song's names in `archive`. */
function withSong<T>(
  archive: Awaited<ReturnType<typeof archiveOn>>,
  logicalPath: string,
  work: (file: string, scratchDir: string) => Promise<T>,
): Promise<T> {
  const original = { objects: archive.objects, itemId, logicalPath, version: 'v1' };
  return withOriginalOnDisk(archive.dataDir, original, work);
}

describe('an original handed to a tool', () => {
  it('is the archived file itself on the filesystem store, under its own name, never written to', async () => {
    const data = await makeTempDir('original-on-disk-store');
    cleanups.push(data.remove);
    const store = new FsObjectStore({ root: path.join(data.dir, 'archive') });
    const archive = await archiveOn(store);
    const seen = await withSong(archive, 'originals/b.wav', async (file, scratch) => {
      // A tool writing its outputs where it is told cannot reach the original.
      await writeFile(path.join(scratch, 'b.a0.training.wav'), 'output');
      return {
        name: path.basename(file),
        isLink: (await lstat(file)).isSymbolicLink(),
        target: await realpath(file),
        bytes: await readFile(file),
      };
    });
    expect(seen.name).toBe('b.wav');
    expect(seen.isLink).toBe(true);
    expect(seen.target.startsWith(await realpath(store.location))).toBe(true);
    expect(seen.bytes.equals(song)).toBe(true);
    // The scratch folder is gone; the archived file is as it was.
    expect(await readdir(scratchRoot(archive.dataDir))).toEqual([]);
    expect((await readFile(seen.target)).equals(song)).toBe(true);
  });

  it('is refused before the tool runs when its bytes no longer match their record', async () => {
    const data = await makeTempDir('original-on-disk-store');
    cleanups.push(data.remove);
    const store = new FsObjectStore({ root: path.join(data.dir, 'archive') });
    const archive = await archiveOn(store);
    const stored = path.join(
      store.location,
      archive.objects.objectRoot(itemId),
      'v1/content/originals/a.wav',
    );
    const bytes = await readFile(stored);
    bytes.writeUInt8(bytes.readUInt8(0) ^ 1, 0);
    await writeFile(stored, bytes);
    let ran = false;
    const running = withSong(archive, 'originals/a.wav', async () => {
      ran = true;
    });
    await expect(running).rejects.toThrow(IntegrityError);
    expect(ran).toBe(false);
    expect(await readdir(scratchRoot(archive.dataDir))).toEqual([]);
  });

  it('is a checked copy from S3, removed afterwards', async () => {
    const archive = await archiveOn(new S3ObjectStore({ ...s3.settings, prefix: 'on-disk/' }));
    const seen = await withSong(archive, 'originals/b.wav', async (file) => ({
      name: path.basename(file),
      isFile: (await lstat(file)).isFile(),
      bytes: await readFile(file),
    }));
    expect(seen).toMatchObject({ name: 'b.wav', isFile: true });
    expect(seen.bytes.equals(song)).toBe(true);
    expect(await readdir(scratchRoot(archive.dataDir))).toEqual([]);
  });
});
