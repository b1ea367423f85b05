import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CommitConflictError,
  InvalidChangeError,
  InvalidLogicalPathError,
  InvalidObjectIdError,
  InventoryError,
  NotInObjectError,
  type OcflError,
  OcflStorageRoot,
  StorageRootError,
} from '../../../src/infra/ocfl/index.js';
import type { DigestAlgorithm } from '../../../src/infra/storage/body-digests.js';
import { FsObjectStore } from '../../../src/infra/storage/fs-object-store.js';
import {
  type ListedObject,
  type ObjectStore,
  type PutOptions,
  WHOLE_READ_MAX_BYTES,
} from '../../../src/infra/storage/object-store.js';
import { S3ObjectStore } from '../../../src/infra/storage/s3-object-store.js';
import { type RunningS3rver, startS3rver } from '../../support/s3rver.js';
import { tempDir } from '../../support/temp-dir.js';

const sha512 = (bytes: Uint8Array | string) => createHash('sha512').update(bytes).digest('hex');
const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
const archivist = { name: 'Hoàng Thị Lan', address: 'mailto:lan@example.org' };
const meta = (message: string) => ({ message, user: archivist });

/** Every key under a prefix, relative to it. */
async function keysUnder(store: ObjectStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const { key } of store.list(`${prefix}/`)) keys.push(key.slice(prefix.length + 1));
  return keys;
}

async function readText(root: OcflStorageRoot, id: string, logicalPath: string, version?: string) {
  return (await buffer(await root.readFile(id, logicalPath, version))).toString('utf8');
}

/**
 * A real store with hooks that run before chosen calls: how a test makes another writer
 * commit, or a write fail, at an exact point of a commit.
 */
class HookedStore implements ObjectStore {
  beforePut: (key: string) => Promise<void> = async () => {};
  beforeGet: (key: string) => Promise<void> = async () => {};
  /** Runs once the write has landed; a throw reports it failed all the same. */
  afterPut: (key: string) => Promise<void> = async () => {};
  constructor(readonly inner: ObjectStore) {}
  get kind() {
    return this.inner.kind;
  }
  get location() {
    return this.inner.location;
  }
  async put(key: string, body: Readable | Uint8Array | string, options?: PutOptions) {
    await this.beforePut(key);
    const info = await this.inner.put(key, body, options);
    await this.afterPut(key);
    return info;
  }
  async get(key: string) {
    await this.beforeGet(key);
    return this.inner.get(key);
  }
  head(key: string) {
    return this.inner.head(key);
  }
  checkedLocalFile(key: string) {
    return this.inner.checkedLocalFile(key);
  }
  getUnverified(key: string) {
    return this.inner.getUnverified(key);
  }
  digestUnverified(key: string, algorithms: readonly DigestAlgorithm[]) {
    return this.inner.digestUnverified(key, algorithms);
  }
  list(prefix: string): AsyncIterable<ListedObject> {
    return this.inner.list(prefix);
  }
  listKeys(prefix: string) {
    return this.inner.listKeys(prefix);
  }
  delete(key: string) {
    return this.inner.delete(key);
  }
  removeAbandonedWrites(olderThanMs: number) {
    return this.inner.removeAbandonedWrites(olderThanMs);
  }
  syncFolders(keys: readonly string[]) {
    return this.inner.syncFolders(keys);
  }
  close() {
    return this.inner.close();
  }
}

let s3: RunningS3rver | undefined;
let s3Prefixes = 0;
beforeAll(async () => {
  s3 = await startS3rver();
});
afterAll(async () => {
  await s3?.stop();
});

const stores: Array<[string, () => Promise<ObjectStore>]> = [
  ['filesystem', async () => new FsObjectStore({ root: path.join(await tempDir(), 'archive') })],
  [
    'S3 (s3rver)',
    async () => {
      if (s3 === undefined) throw new Error('s3rver did not start');
      s3Prefixes += 1;
      return new S3ObjectStore({ ...s3.settings, prefix: `root-${s3Prefixes}/` });
    },
  ],
];

describe.each(stores)('OCFL storage root on %s', (_name, makeStore) => {
  it('versions an object: adds, replaces, removes, dedupes, and reads every version back', async () => {
    const store = await makeStore();
    const root = await OcflStorageRoot.open(store);
    const id = 'https://heritage.example/items/tay-then-001';
    const song = randomBytes(70_000);
    const flac = randomBytes(30_000);

    const v1 = await root.commitVersion(
      id,
      {
        add: [
          { logicalPath: 'originals/then-lượn.wav', body: Readable.from([song]) },
          { logicalPath: 'metadata/notes.txt', body: 'first notes' },
          { logicalPath: 'originals/copy.wav', body: new Uint8Array(song) },
        ],
      },
      meta('ingest'),
    );
    expect(v1.version).toBe('v1');
    expect([...(await root.logicalState(id, v1.version)).keys()]).toEqual([
      'metadata/notes.txt',
      'originals/copy.wav',
      'originals/then-lượn.wav',
    ]);

    const v2 = await root.commitVersion(
      id,
      {
        add: [
          { logicalPath: 'metadata/notes.txt', body: 'second notes, corrected' },
          { logicalPath: 'derivatives/audio/then.flac', body: Readable.from([flac]) },
          // Same bytes as the song, digest unknown until written: stored, then dropped.
          { logicalPath: 'derivatives/audio/same-as-song.wav', body: Readable.from([song]) },
        ],
        remove: ['originals/copy.wav'],
      },
      meta('normalise audio'),
    );
    expect(v2.version).toBe('v2');

    // Known digest of content the object has: the stream is never read.
    const untouched = Readable.from([Buffer.from('not the song')]);
    const v3 = await root.commitVersion(
      id,
      { add: [{ logicalPath: 'originals/again.wav', body: untouched, sha512: sha512(song) }] },
      meta('link an existing recording'),
    );
    expect(v3.version).toBe('v3');
    expect(untouched.destroyed).toBe(true);
    expect(untouched.readableDidRead).toBe(false);

    const expected: Record<string, Record<string, Uint8Array | string>> = {
      v1: {
        'originals/then-lượn.wav': song,
        'metadata/notes.txt': 'first notes',
        'originals/copy.wav': song,
      },
      v2: {
        'originals/then-lượn.wav': song,
        'metadata/notes.txt': 'second notes, corrected',
        'derivatives/audio/then.flac': flac,
        'derivatives/audio/same-as-song.wav': song,
      },
      v3: {
        'originals/then-lượn.wav': song,
        'metadata/notes.txt': 'second notes, corrected',
        'derivatives/audio/then.flac': flac,
        'derivatives/audio/same-as-song.wav': song,
        'originals/again.wav': song,
      },
    };
    for (const [version, files] of Object.entries(expected)) {
      const state = await root.logicalState(id, version);
      expect([...state.keys()].sort()).toEqual(Object.keys(files).sort());
      for (const [logicalPath, content] of Object.entries(files)) {
        const bytes = typeof content === 'string' ? Buffer.from(content) : content;
        expect(state.get(logicalPath)).toMatchObject({
          sha512: sha512(bytes),
          sha256: sha256(bytes),
          size: bytes.length,
        });
        expect(await buffer(await root.readFile(id, logicalPath, version))).toEqual(
          Buffer.from(bytes),
        );
      }
    }
    expect(await readText(root, id, 'metadata/notes.txt')).toBe('second notes, corrected');

    // Each distinct content is stored once: unchanged and duplicate files point at v1.
    const objectRoot = root.objectRoot(id);
    const contentKeys = (await keysUnder(store, objectRoot)).filter((key) =>
      key.includes('/content/'),
    );
    expect(contentKeys.sort()).toEqual([
      'v1/content/metadata/notes.txt',
      'v1/content/originals/then-lượn.wav',
      'v2/content/derivatives/audio/then.flac',
      'v2/content/metadata/notes.txt',
    ]);
    expect(
      (await root.logicalState(id)).get('derivatives/audio/same-as-song.wav')?.contentPath,
    ).toBe('v1/content/originals/then-lượn.wav');

    const inventory = await root.getInventory(id);
    expect(inventory.head).toBe('v3');
    expect(inventory.versions.v2?.message).toBe('normalise audio');
    expect(inventory.versions.v1?.user).toEqual(archivist);
    await expect(root.verifyObject(id)).resolves.toMatchObject({
      ok: true,
      problems: [],
      contentFilesChecked: 4,
    });

    const ids: string[] = [];
    for await (const found of root.listObjectIds()) ids.push(found);
    expect(ids).toEqual([id]);
  });

  it('declares the storage root on first commit and checks it when reopened', async () => {
    const store = await makeStore();
    const root = await OcflStorageRoot.open(store);
    const written = [];
    for await (const { key } of store.list('')) written.push(key);
    expect(written).toEqual([]);
    await root.commitVersion('item-a', { add: [{ logicalPath: 'a.txt', body: 'a' }] }, meta('one'));
    const top = [];
    for await (const { key } of store.list('')) if (!/^[0-9a-f]{3}\//.test(key)) top.push(key);
    expect(top.sort()).toEqual([
      '0=ocfl_1.1',
      'extensions/0004-hashed-n-tuple-storage-layout/config.json',
      'ocfl_layout.json',
    ]);
    const reopened = await OcflStorageRoot.open(store);
    expect(await readText(reopened, 'item-a', 'a.txt')).toBe('a');
    expect(await reopened.hasObject('item-b')).toBe(false);
    await expect(reopened.getInventory('item-b')).rejects.toThrow(
      /no OCFL object with id "item-b"/,
    );
  });

  it('refuses a root with another layout, another OCFL version, or unrelated files', async () => {
    const otherLayout = await makeStore();
    await otherLayout.put('0=ocfl_1.1', 'ocfl_1.1\n');
    await otherLayout.put(
      'ocfl_layout.json',
      JSON.stringify({ extension: '0002-flat-direct-storage-layout', description: 'flat' }),
    );
    await expect(OcflStorageRoot.open(otherLayout)).rejects.toThrow(
      /another layout.*0002-flat-direct-storage-layout/,
    );

    const otherTuples = await makeStore();
    await otherTuples.put('0=ocfl_1.1', 'ocfl_1.1\n');
    await otherTuples.put(
      'ocfl_layout.json',
      JSON.stringify({ extension: '0004-hashed-n-tuple-storage-layout', description: 'x' }),
    );
    await otherTuples.put(
      'extensions/0004-hashed-n-tuple-storage-layout/config.json',
      JSON.stringify({ numberOfTuples: 2 }),
    );
    await expect(OcflStorageRoot.open(otherTuples)).rejects.toThrow(/numberOfTuples to 2/);

    const ocfl10 = await makeStore();
    await ocfl10.put('0=ocfl_1.0', 'ocfl_1.0\n');
    await expect(OcflStorageRoot.open(ocfl10)).rejects.toThrow(/OCFL 1.0 storage root/);

    const unrelated = await makeStore();
    await unrelated.put('photos/cat.jpg', 'meow');
    await expect(OcflStorageRoot.open(unrelated)).rejects.toThrow(StorageRootError);
    await expect(OcflStorageRoot.open(unrelated)).rejects.toThrow(/photos\/cat\.jpg/);
  });

  it('refuses bad ids, paths and changes with errors that name them, writing nothing', async () => {
    const store = await makeStore();
    const root = await OcflStorageRoot.open(store);
    const id = 'item-bad-input';
    await root.commitVersion(id, { add: [{ logicalPath: 'a/b.txt', body: 'b' }] }, meta('one'));
    const attempts: Array<
      [Parameters<OcflStorageRoot['commitVersion']>, RegExp, new (...args: never[]) => OcflError]
    > = [
      [
        [id, { add: [{ logicalPath: '../escape.txt', body: 'x' }] }, meta('x')],
        /"\.\.\/escape\.txt".*"\.\." segment/,
        InvalidLogicalPathError,
      ],
      [
        [id, { add: [{ logicalPath: '/abs', body: 'x' }] }, meta('x')],
        /"\/abs"/,
        InvalidLogicalPathError,
      ],
      [
        [id, { remove: ['missing.txt'] }, meta('x')],
        /cannot remove "missing.txt".*not in v1/,
        NotInObjectError,
      ],
      [
        [id, { add: [{ logicalPath: 'a', body: 'x' }] }, meta('x')],
        /"a" and "a\/b.txt" conflict/,
        InvalidChangeError,
      ],
      [
        [id, { add: [{ logicalPath: 'c', body: 'x' }], remove: ['c'] }, meta('x')],
        /both added and removed/,
        InvalidChangeError,
      ],
      [
        [id, { add: [{ logicalPath: 'c', body: 'x', sha512: sha512('y') }] }, meta('x')],
        /"c": the change states sha512/,
        InvalidChangeError,
      ],
      [
        [id, { add: [] }, { message: 'x', user: { name: 'n', address: 'not a uri' } }],
        /not a URI/,
        InvalidChangeError,
      ],
      [['', { add: [] }, meta('x')], /empty/, InvalidObjectIdError],
      [['item\u0000', { add: [] }, meta('x')], /control character/, InvalidObjectIdError],
    ];
    for (const [args, message, type] of attempts) {
      const attempt = root.commitVersion(...args);
      await expect(attempt).rejects.toThrow(type);
      await expect(attempt).rejects.toThrow(message);
    }
    expect((await root.getInventory(id)).head).toBe('v1');
    expect(
      (await keysUnder(store, root.objectRoot(id))).filter((key) => key.startsWith('v2/')),
    ).toEqual([]);
  });

  it('removes what a failed commit wrote and closes its unread streams (a stated sha256 is wrong)', async () => {
    const store = await makeStore();
    const root = await OcflStorageRoot.open(store);
    const id = 'item-wrong-digest';
    await root.commitVersion(id, { add: [{ logicalPath: 'a.txt', body: 'a' }] }, meta('one'));
    const neverRead = Readable.from([Buffer.from('later file')]);
    const attempt = root.commitVersion(
      id,
      {
        add: [
          { logicalPath: 'good.txt', body: 'good' },
          {
            logicalPath: 'bad.bin',
            body: Readable.from([Buffer.from('bad')]),
            sha256: sha256('other'),
          },
          { logicalPath: 'never-read.bin', body: neverRead },
        ],
      },
      meta('two'),
    );
    await expect(attempt).rejects.toThrow(/sha256 mismatch.*bad\.bin/);
    expect(neverRead.destroyed).toBe(true);
    expect(
      (await keysUnder(store, root.objectRoot(id))).filter((key) => key.startsWith('v2/')),
    ).toEqual([]);
    await expect(root.verifyObject(id)).resolves.toMatchObject({ ok: true, head: 'v1' });
  });

  it('leaves no trace of a commit that fails just before its commit point', async () => {
    const hooked = new HookedStore(await makeStore());
    const root = await OcflStorageRoot.open(hooked);
    const id = 'item-fail-late';
    await root.commitVersion(id, { add: [{ logicalPath: 'a.txt', body: 'a' }] }, meta('one'));
    const rootInventory = `${root.objectRoot(id)}/inventory.json`;
    hooked.beforePut = async (key) => {
      if (key === rootInventory) throw new Error('disk full (simulated)');
    };
    await expect(
      root.commitVersion(id, { add: [{ logicalPath: 'b.txt', body: 'b' }] }, meta('two')),
    ).rejects.toThrow(/disk full/);
    hooked.beforePut = async () => {};
    expect(
      (await keysUnder(hooked, root.objectRoot(id))).filter((key) => key.startsWith('v2/')),
    ).toEqual([]);
    expect((await root.getInventory(id)).head).toBe('v1');
    await expect(root.verifyObject(id)).resolves.toMatchObject({ ok: true });
  });

  it('reports a version committed when its root inventory landed though the write was reported failed', async () => {
    const hooked = new HookedStore(await makeStore());
    const root = await OcflStorageRoot.open(hooked);
    const id = 'item-landed';
    await root.commitVersion(id, { add: [{ logicalPath: 'a.txt', body: 'a' }] }, meta('one'));
    const rootInventory = `${root.objectRoot(id)}/inventory.json`;
    // On S3: the copy to the key succeeded, the check after it did not answer.
    hooked.afterPut = async (key) => {
      if (key === rootInventory) throw new Error('connection reset after the copy (simulated)');
    };
    const committed = await root.commitVersion(
      id,
      { add: [{ logicalPath: 'b.txt', body: 'b' }] },
      meta('two'),
    );
    hooked.afterPut = async () => {};
    expect(committed.version).toBe('v2');
    expect((await root.getInventory(id)).head).toBe('v2');
    // Complete, root sidecar included, with no later commit to finish it.
    await expect(root.verifyObject(id)).resolves.toMatchObject({ ok: true, head: 'v2' });
    await root.commitVersion(id, { add: [{ logicalPath: 'c.txt', body: 'c' }] }, meta('three'));
    await expect(root.verifyObject(id)).resolves.toMatchObject({ ok: true, head: 'v3' });
  });

  it('recovers from a crash that left a half-written version directory', async () => {
    const store = await makeStore();
    const root = await OcflStorageRoot.open(store);
    const id = 'item-crashed';
    await root.commitVersion(id, { add: [{ logicalPath: 'a.txt', body: 'a' }] }, meta('one'));
    const objectRoot = root.objectRoot(id);
    // What a process killed mid-commit leaves: content and a version inventory, no root inventory.
    await store.put(`${objectRoot}/v2/content/half.bin`, 'half written');
    await store.put(`${objectRoot}/v2/inventory.json`, '{"truncated": ');

    expect((await root.getInventory(id)).head).toBe('v1');
    const before = await root.verifyObject(id);
    expect(before.ok).toBe(false);
    expect(before.problems.map((problem) => problem.path).sort()).toEqual([
      'v2/content/half.bin',
      'v2/inventory.json',
    ]);

    const result = await root.commitVersion(
      id,
      { add: [{ logicalPath: 'b.txt', body: 'b' }] },
      meta('two'),
    );
    expect(result.version).toBe('v2');
    expect(await keysUnder(store, `${objectRoot}/v2`)).toEqual([
      'content/b.txt',
      'inventory.json',
      'inventory.json.sha512',
    ]);
    await expect(root.verifyObject(id)).resolves.toMatchObject({ ok: true, head: 'v2' });
  });

  it('recovers from a crash while creating an object, and refuses to overwrite a damaged one', async () => {
    const store = await makeStore();
    const root = await OcflStorageRoot.open(store);
    await root.commitVersion(
      'item-neighbour',
      { add: [{ logicalPath: 'n', body: 'n' }] },
      meta('one'),
    );
    const fresh = 'item-crashed-at-birth';
    await store.put(`${root.objectRoot(fresh)}/0=ocfl_object_1.1`, 'ocfl_object_1.1\n');
    await store.put(`${root.objectRoot(fresh)}/v1/content/partial.wav`, 'partial');
    expect(await root.hasObject(fresh)).toBe(false);
    const listed: string[] = [];
    for await (const found of root.listObjectIds()) listed.push(found);
    expect(listed).toEqual(['item-neighbour']);
    await root.commitVersion(
      fresh,
      { add: [{ logicalPath: 'whole.wav', body: 'whole' }] },
      meta('one'),
    );
    await expect(root.verifyObject(fresh)).resolves.toMatchObject({ ok: true, head: 'v1' });

    const damaged = 'item-lost-its-inventory';
    await store.put(`${root.objectRoot(damaged)}/v3/content/x`, 'x');
    await expect(
      root.commitVersion(damaged, { add: [{ logicalPath: 'y', body: 'y' }] }, meta('one')),
    ).rejects.toThrow(/has no inventory\.json but holds .*v3\/content\/x.*damaged/);
  });

  it('detects another writer committing first, and keeps that writer\u2019s version intact', async () => {
    const hooked = new HookedStore(await makeStore());
    const root = await OcflStorageRoot.open(hooked);
    const other = await OcflStorageRoot.open(hooked.inner);
    const id = 'item-contended';
    await root.commitVersion(id, { add: [{ logicalPath: 'a.txt', body: 'a' }] }, meta('one'));
    const rootInventory = `${root.objectRoot(id)}/inventory.json`;
    let reads = 0;
    hooked.beforeGet = async (key) => {
      // The second read of the root inventory is the check just before the commit point.
      if (key === rootInventory && ++reads === 2) {
        await other.commitVersion(
          id,
          { add: [{ logicalPath: 'theirs.txt', body: 'theirs' }] },
          meta('other writer'),
        );
      }
    };
    const attempt = root.commitVersion(
      id,
      { add: [{ logicalPath: 'mine.txt', body: 'mine' }] },
      meta('mine'),
    );
    await expect(attempt).rejects.toThrow(CommitConflictError);
    await expect(attempt).rejects.toThrow(/head was v1 when the commit started but is v2 now/);
    hooked.beforeGet = async () => {};

    const state = await root.logicalState(id);
    expect([...state.keys()].sort()).toEqual(['a.txt', 'theirs.txt']);
    expect((await root.getInventory(id)).versions.v2?.message).toBe('other writer');
    await expect(root.verifyObject(id)).resolves.toMatchObject({
      ok: true,
      head: 'v2',
      problems: [],
    });
  });

  it('reads through a commit interrupted between the root inventory and its sidecar', async () => {
    const store = await makeStore();
    const root = await OcflStorageRoot.open(store);
    const id = 'item-stale-sidecar';
    await root.commitVersion(id, { add: [{ logicalPath: 'a.txt', body: 'a' }] }, meta('one'));
    await root.commitVersion(id, { add: [{ logicalPath: 'b.txt', body: 'b' }] }, meta('two'));
    const objectRoot = root.objectRoot(id);
    const v1Sidecar = await buffer(await store.get(`${objectRoot}/v1/inventory.json.sha512`));
    await store.put(`${objectRoot}/inventory.json.sha512`, v1Sidecar);

    expect((await root.getInventory(id)).head).toBe('v2');
    const report = await root.verifyObject(id);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ path: 'inventory.json.sha512' });
    expect(report.problems[0]?.problem).toMatch(/a commit stopped before writing it/);

    await root.commitVersion(id, { add: [{ logicalPath: 'c.txt', body: 'c' }] }, meta('three'));
    await expect(root.verifyObject(id)).resolves.toMatchObject({ ok: true, head: 'v3' });
  });

  it('finds object roots by name alone, names each by its inventory, and reports one out of place', async () => {
    const store = await makeStore();
    const root = await OcflStorageRoot.open(store);
    for (const id of ['item-here', 'item-there'])
      await root.commitVersion(id, { add: [{ logicalPath: 'song.txt', body: id }] }, meta(id));
    const here = root.objectRoot('item-here');
    const roots: string[] = [];
    for await (const objectRoot of root.scanObjectRoots()) roots.push(objectRoot);
    expect(roots.sort()).toEqual([here, root.objectRoot('item-there')].sort());
    await expect(root.verifyObjectRoot(here)).resolves.toMatchObject({
      objectId: 'item-here',
      objectRoot: here,
      ok: true,
      head: 'v1',
      contentFilesChecked: 1,
    });

    // A copy of item-here's files under the root another id maps to.
    const elsewhere = root.objectRoot('item-elsewhere');
    for await (const { key } of store.list(`${here}/`))
      await store.put(key.replace(here, elsewhere), await buffer(await store.get(key)));
    const misplaced = await root.verifyObjectRoot(elsewhere);
    expect(misplaced).toMatchObject({ objectId: 'item-here', objectRoot: elsewhere, ok: false });
    expect(misplaced.problems).toEqual([
      { path: 'inventory.json', problem: `has id "item-here", which belongs at "${here}"` },
    ]);
    // Found by its id, it is where it belongs.
    await expect(root.verifyObject('item-here')).resolves.toMatchObject({ ok: true });
  });

  it('reports tampered content and a tampered inventory', async () => {
    const longRecording = randomBytes(WHOLE_READ_MAX_BYTES + 500_000);
    const store = await makeStore();
    const root = await OcflStorageRoot.open(store);
    const id = 'item-tampered';
    await root.commitVersion(
      id,
      {
        add: [
          { logicalPath: 'song.wav', body: 'the real song' },
          { logicalPath: 'notes.txt', body: 'notes' },
          // Above the whole-read limit: hashed apart from the small files.
          { logicalPath: 'long.wav', body: longRecording },
        ],
      },
      meta('one'),
    );
    const objectRoot = root.objectRoot(id);
    // Replaced through the store, so the store's own sha256 agrees: only OCFL digests catch it.
    await store.put(`${objectRoot}/v1/content/song.wav`, 'a different song');
    const changedRecording = Buffer.from(longRecording);
    changedRecording[1_500_000] = (changedRecording[1_500_000] ?? 0) ^ 1;
    await store.put(`${objectRoot}/v1/content/long.wav`, changedRecording);
    const report = await root.verifyObject(id);
    expect(report.ok).toBe(false);
    expect(report.problems.map((problem) => problem.path)).toEqual([
      'v1/content/song.wav',
      'v1/content/song.wav',
      'v1/content/long.wav',
      'v1/content/long.wav',
    ]);
    expect(report.problems.map((problem) => problem.problem).join('\n')).toMatch(
      new RegExp(
        `sha512 is ${sha512('a different song')}, but the manifest records ${sha512('the real song')}[\\s\\S]*sha256 is ${sha256('a different song')}, but the fixity block records[\\s\\S]*` +
          `sha512 is ${sha512(changedRecording)}, but the manifest records ${sha512(longRecording)}`,
      ),
    );

    const inventoryKey = `${objectRoot}/inventory.json`;
    const inventory = (await buffer(await store.get(inventoryKey))).toString('utf8');
    await store.put(
      inventoryKey,
      inventory.replace('"message": "one"', '"message": "rewritten history"'),
    );
    await expect(root.getInventory(id)).rejects.toThrow(InventoryError);
    await expect(root.getInventory(id)).rejects.toThrow(/sidecar .*inventory\.json\.sha512 states/);
    const after = await root.verifyObject(id);
    expect(after.problems.map((problem) => problem.path)).toContain('inventory.json.sha512');
    expect(after.problems.map((problem) => problem.path)).toContain('v1/inventory.json');
  });
});
