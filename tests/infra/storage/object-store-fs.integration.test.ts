/** What only the filesystem store promises: its layout on disk and its refusal to follow links. */
import { createHash } from 'node:crypto';
import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  symlink,
  unlink,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StorageError, UnsafePathError } from '../../../src/infra/storage/errors.js';
import { FsObjectStore } from '../../../src/infra/storage/fs-object-store.js';
import {
  IntegrityError,
  type ListedObject,
  ObjectNotFoundError,
  WHOLE_READ_MAX_BYTES,
} from '../../../src/infra/storage/object-store.js';

let parent: string;
let store: FsObjectStore;

beforeEach(async () => {
  parent = await mkdtemp(path.join(os.tmpdir(), 'heritage-fs-only-'));
  store = new FsObjectStore({ root: path.join(parent, 'archive') });
});
afterEach(async () => {
  await rm(parent, { recursive: true, force: true });
});

async function keys(prefix: string): Promise<string[]> {
  const found: ListedObject[] = [];
  for await (const info of store.list(prefix)) found.push(info);
  return found.map((info) => info.key);
}

describe('FsObjectStore layout', () => {
  it('keeps only the objects under the root, and their sha256 in a sibling folder', async () => {
    const body = 'ocfl_object_1.1';
    await store.put('0=ocfl_1.1', 'ocfl_1.1\n');
    await store.put('tyz/item-1/0=ocfl_object_1.1', body);

    const underRoot = await readdir(store.location, { recursive: true, withFileTypes: true });
    const files = underRoot.filter((entry) => entry.isFile());
    const relative = files.map((entry) =>
      path.relative(store.location, path.join(entry.parentPath, entry.name)),
    );
    expect(relative.sort()).toEqual([
      '0=ocfl_1.1',
      path.join('tyz', 'item-1', '0=ocfl_object_1.1'),
    ]);
    expect(
      await readFile(path.join(store.location, 'tyz', 'item-1', '0=ocfl_object_1.1'), 'utf8'),
    ).toBe(body);

    const recorded = await readFile(
      path.join(`${store.location}.sha256`, 'tyz', 'item-1', '0=ocfl_object_1.1'),
      'utf8',
    );
    expect(recorded.trim()).toBe(createHash('sha256').update(body).digest('hex'));
    expect(await readdir(`${store.location}.tmp`)).toEqual([]);
  });

  it('removes folders left empty by a delete, in the root and beside it', async () => {
    await store.put('a/b/c/only.txt', 'x');
    await store.put('a/keep.txt', 'y');
    await store.delete('a/b/c/only.txt');
    expect(await readdir(path.join(store.location, 'a'))).toEqual(['keep.txt']);
    expect(await readdir(path.join(`${store.location}.sha256`, 'a'))).toEqual(['keep.txt']);
  });

  it('lists in S3 key order where a plain directory walk would not', async () => {
    for (const key of ['order/a0', 'order/a/c', 'order/a-b', 'order/a.b/x'])
      await store.put(key, key);
    // '-' (0x2d) and '.' (0x2e) sort before '/' (0x2f), '0' (0x30) after it.
    expect(await keys('order/')).toEqual(['order/a-b', 'order/a.b/x', 'order/a/c', 'order/a0']);
  });

  /** `listWithBytes` as plain data, its bytes apart. */
  async function listedWithBytes(prefix: string, maxTotalBytes: number) {
    const listed: ListedObject[] = [];
    const bytes = new Map<string, Buffer>();
    for await (const { bytes: read, ...info } of store.listWithBytes(prefix, maxTotalBytes)) {
      listed.push(info);
      if (read !== undefined) bytes.set(info.key, read);
    }
    return { listed, bytes };
  }

  async function listed(prefix: string): Promise<ListedObject[]> {
    const found: ListedObject[] = [];
    for await (const info of store.list(prefix)) found.push(info);
    return found;
  }

  it('lists with the bytes of small objects exactly what list and getUnverified give', async () => {
    const large = Buffer.alloc(WHOLE_READ_MAX_BYTES + 1, 'then ');
    for (const key of ['obj/a0', 'obj/a/c', 'obj/a-b', 'obj/a.b/x', 'obj/v1/notes.txt', 'other'])
      await store.put(key, `bytes of ${key}`);
    await store.put('obj/v1/long.wav', large);
    await store.put('obj/unrecorded', 'x');
    await unlink(path.join(`${store.location}.sha256`, 'obj', 'unrecorded'));
    // An overwrite cut short: two digests recorded, the bytes tell which is theirs.
    await store.put('obj/overwritten', 'new bytes');
    const overwritten = createHash('sha256').update('new bytes').digest('hex');
    await writeFile(
      path.join(`${store.location}.sha256`, 'obj', 'overwritten'),
      `${'0'.repeat(64)}\n${overwritten}\n`,
    );

    const { listed: found, bytes } = await listedWithBytes('obj/', 1024 ** 3);
    expect(found).toEqual(await listed('obj/'));
    expect(found.map((info) => info.key)).toEqual([
      'obj/a-b',
      'obj/a.b/x',
      'obj/a/c',
      'obj/a0',
      'obj/overwritten',
      'obj/unrecorded',
      'obj/v1/long.wav',
      'obj/v1/notes.txt',
    ]);
    expect(found.find((info) => info.key === 'obj/overwritten')?.sha256).toBe(overwritten);
    expect(found.find((info) => info.key === 'obj/unrecorded')?.problem).toMatch(
      /no sha256 is recorded/,
    );
    // The small ones with a single record come with their bytes; the large one without.
    expect([...bytes.keys()]).toEqual([
      'obj/a-b',
      'obj/a.b/x',
      'obj/a/c',
      'obj/a0',
      'obj/v1/notes.txt',
    ]);
    for (const [key, read] of bytes) expect(read).toEqual(await store.getUnverified(key));

    // Within the bytes allowed in all: those that still fit, in key order.
    const allowed = 'bytes of obj/a-b'.length + 'bytes of obj/a.b/x'.length;
    const limited = await listedWithBytes('obj/', allowed);
    expect([...limited.bytes.keys()]).toEqual(['obj/a-b', 'obj/a.b/x']);
    expect(limited.listed).toEqual(found);

    // Names alone, from the same walk.
    const names: string[] = [];
    for await (const key of store.listKeys('')) names.push(key);
    expect(names).toEqual((await listed('')).map((info) => info.key));
    expect(await listedWithBytes('missing/', 1024)).toEqual({ listed: [], bytes: new Map() });
  });

  it('refuses a key whose folder is an object, and an object where a folder of objects is', async () => {
    await store.put('clash/song', 'an object');
    await expect(store.put('clash/song/verse', 'x')).rejects.toThrow(UnsafePathError);
    await expect(store.put('clash/song/verse', 'x')).rejects.toThrow(
      '"clash/song" is an object, not a folder',
    );
    await expect(store.put('clash/song/verse/line', 'x')).rejects.toThrow(
      '"clash/song" is an object, not a folder',
    );
    await store.put('clash/album/track', 'x');
    await expect(store.put('clash/album', 'x')).rejects.toThrow(
      '"clash/album" is a folder that holds other objects',
    );
    expect((await buffer(await store.get('clash/song'))).toString()).toBe('an object');
  });

  it('reports from put what head reports, and creates only the folders that are missing', async () => {
    const key = 'deep/a/b/c/d/e/events.jsonl';
    const written = await store.put(key, 'line\n');
    expect(await store.head(key)).toEqual(written);
    expect(written.size).toBe(5);
    await store.put('deep/a/b/other/f/g.txt', 'x');
    expect((await readdir(path.join(store.location, 'deep', 'a', 'b'))).sort()).toEqual([
      'c',
      'other',
    ]);
    expect((await buffer(await store.get('deep/a/b/other/f/g.txt'))).toString()).toBe('x');
  });

  it('leaves no temporary file behind when bodies fail at once, however the file open races', async () => {
    const failing = () =>
      new Readable({
        read() {
          this.push(Buffer.alloc(10));
          this.destroy(new Error('the recorder was unplugged'));
        },
      });
    for (let attempt = 0; attempt < 200; attempt += 1)
      await expect(store.put(`takes/${attempt % 5}.wav`, failing())).rejects.toThrow('unplugged');
    expect(await readdir(store.temporaryFolder)).toEqual([]);
  });

  it('digests a large object on its own thread once its store threads are closed', async () => {
    const bytes = Buffer.alloc(3 * 1024 ** 2, 'lượn ');
    await store.put('large/song.wav', bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const before = await store.digestUnverified('large/song.wav', ['sha256']);
    await store.close();
    const after = await store.digestUnverified('large/song.wav', ['sha256']);
    expect(before).toEqual({ digests: new Map([['sha256', sha256]]), size: bytes.length });
    expect(after).toEqual(before);
  });

  it('hands over the path of an object whose bytes check out, small or large, and of no other', async () => {
    const large = Buffer.alloc(3 * 1024 ** 2, 'then ');
    await store.put('recordings/large.wav', large);
    await store.put('recordings/small.wav', 'lượn');
    const file = await store.checkedLocalFile('recordings/large.wav');
    expect(file).toBe(path.join(store.location, 'recordings', 'large.wav'));
    expect((await readFile(file)).equals(large)).toBe(true);
    expect(await readFile(await store.checkedLocalFile('recordings/small.wav'), 'utf8')).toBe(
      'lượn',
    );

    // One byte changed on disk, in each size: no path, and the error names the key.
    for (const key of ['recordings/large.wav', 'recordings/small.wav']) {
      const stored = path.join(store.location, key);
      const bytes = await readFile(stored);
      bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 1, bytes.length - 1);
      await writeFile(stored, bytes);
      await expect(store.checkedLocalFile(key)).rejects.toThrow(IntegrityError);
      await expect(store.checkedLocalFile(key)).rejects.toThrow(key);
    }
    await expect(store.checkedLocalFile('recordings/absent.wav')).rejects.toThrow(
      ObjectNotFoundError,
    );
  });

  it('refuses a sha256 record that is not one', async () => {
    await store.put('garbled.txt', 'x');
    await writeFile(path.join(`${store.location}.sha256`, 'garbled.txt'), 'f'.repeat(200));
    await expect(store.head('garbled.txt')).rejects.toThrow(/is not a hex sha256/);
    await expect(store.get('garbled.txt')).rejects.toThrow(/is not a hex sha256/);
  });

  it('puts with their folders flushed later like any other, and flushes folders since emptied', async () => {
    await store.put('v1/content/a.txt', 'a', { syncFolderLater: true });
    await store.put('v1/content/b.txt', 'b', { syncFolderLater: true });
    await store.put('v1/gone/c.txt', 'c', { syncFolderLater: true });
    await store.delete('v1/gone/c.txt');
    await store.syncFolders(['v1/content/a.txt', 'v1/content/b.txt', 'v1/gone/c.txt']);
    expect((await buffer(await store.get('v1/content/b.txt'))).toString()).toBe('b');
    expect((await store.head('v1/content/a.txt'))?.sha256).toBe(
      createHash('sha256').update('a').digest('hex'),
    );
    await expect(store.syncFolders(['../outside.txt'])).rejects.toThrow();
  });

  it('reports an object whose sha256 record is missing, naming the key', async () => {
    await store.put('unrecorded.txt', 'x');
    await unlink(path.join(`${store.location}.sha256`, 'unrecorded.txt'));
    await expect(store.head('unrecorded.txt')).rejects.toThrow(StorageError);
    await expect(store.head('unrecorded.txt')).rejects.toThrow(
      /"unrecorded\.txt".*no sha256 is recorded/,
    );
    await expect(buffer(await store.get('unrecorded.txt'))).rejects.toThrow(
      /no sha256 is recorded/,
    );
  });
});

describe('FsObjectStore and symbolic links', () => {
  let outside: string;

  beforeEach(async () => {
    outside = path.join(parent, 'outside');
    await mkdir(outside);
    await writeFile(path.join(outside, 'secret.txt'), 'not part of the archive');
    await store.put('inside.txt', 'ready'); // creates the root
  });

  it('does not read through a linked folder that points outside the root', async () => {
    await symlink(outside, path.join(store.location, 'escape'));
    await expect(store.get('escape/secret.txt')).rejects.toThrow(UnsafePathError);
    await expect(store.get('escape/secret.txt', { start: 0 })).rejects.toThrow(/symbolic link/);
    await expect(store.head('escape/secret.txt')).rejects.toThrow(UnsafePathError);
    await expect(store.delete('escape/secret.txt')).rejects.toThrow(UnsafePathError);
    expect(await readFile(path.join(outside, 'secret.txt'), 'utf8')).toBe(
      'not part of the archive',
    );
  });

  it('does not write through a linked folder, and creates nothing outside', async () => {
    await symlink(outside, path.join(store.location, 'escape'));
    await expect(store.put('escape/planted.txt', 'x')).rejects.toThrow(UnsafePathError);
    await expect(store.put('escape/deeper/planted.txt', 'x')).rejects.toThrow(UnsafePathError);
    expect((await readdir(outside)).sort()).toEqual(['secret.txt']);
    expect(await readdir(`${store.location}.tmp`)).toEqual([]);
  });

  it('does not write through a link deeper down, nor through a dangling one', async () => {
    await store.put('shelf/a/first.txt', 'x');
    await symlink(outside, path.join(store.location, 'shelf', 'b'));
    await symlink(path.join(outside, 'missing'), path.join(store.location, 'shelf', 'c'));
    for (const key of ['shelf/b/x.txt', 'shelf/b/new/x.txt', 'shelf/c/x.txt', 'shelf/c/d/x.txt']) {
      await expect(store.put(key, 'x')).rejects.toThrow(/symbolic link/);
    }
    expect((await readdir(outside)).sort()).toEqual(['secret.txt']);
    expect(await readdir(`${store.location}.tmp`)).toEqual([]);
  });

  it('does not write a digest through a link in its own tree', async () => {
    await store.put('notes/a.txt', 'x');
    await rm(path.join(`${store.location}.sha256`, 'notes'), { recursive: true });
    await symlink(outside, path.join(`${store.location}.sha256`, 'notes'));
    await expect(store.put('notes/b.txt', 'x')).rejects.toThrow(UnsafePathError);
    expect((await readdir(outside)).sort()).toEqual(['secret.txt']);
    await expect(store.head('notes/a.txt')).rejects.toThrow(/symbolic link/);
    // Listed, with the problem named, and without bytes read past the link.
    const found = [];
    for await (const info of store.listWithBytes('notes/', 1024)) found.push(info);
    expect(found).toEqual([
      expect.objectContaining({
        key: 'notes/a.txt',
        problem: expect.stringMatching(/symbolic link/),
      }),
    ]);
    expect(found[0]).not.toHaveProperty('bytes');
  });

  it('does not read a linked file', async () => {
    await symlink(path.join(outside, 'secret.txt'), path.join(store.location, 'linked.txt'));
    await expect(store.get('linked.txt')).rejects.toThrow(/linked\.txt.*symbolic link/);
    await expect(store.checkedLocalFile('linked.txt')).rejects.toThrow(UnsafePathError);
    await symlink(outside, path.join(store.location, 'escape'));
    await expect(store.checkedLocalFile('escape/secret.txt')).rejects.toThrow(UnsafePathError);
    await expect(store.head('linked.txt')).rejects.toThrow(UnsafePathError);
  });

  it('refuses to list a tree that holds a link', async () => {
    await symlink(outside, path.join(store.location, 'escape'));
    await expect(keys('')).rejects.toThrow(/"escape".*symbolic link/);
    const withBytes = async () => {
      for await (const _ of store.listWithBytes('', 1024));
    };
    await expect(withBytes()).rejects.toThrow(/"escape".*symbolic link/);
    const names = async () => {
      for await (const _ of store.listKeys(''));
    };
    await expect(names()).rejects.toThrow(/"escape".*symbolic link/);
    await expect(keys('escape/')).rejects.toThrow(UnsafePathError);
    expect(await keys('inside')).toEqual(['inside.txt']);
  });
});
