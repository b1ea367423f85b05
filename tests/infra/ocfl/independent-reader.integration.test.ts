import { randomBytes } from 'node:crypto';
import { readdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { OcflStorageRoot } from '../../../src/infra/ocfl/index.js';
import { FsObjectStore } from '../../../src/infra/storage/fs-object-store.js';
import { tempDir } from '../../support/temp-dir.js';

/** The part of @ocfl/ocfl-fs used here (its package declares no types). */
interface OcflFsFile {
  logicalPath: string;
  buffer(): Promise<Buffer>;
}
interface OcflFsInventory {
  id: string;
  head: string;
  versions: Record<string, { message?: string }>;
}
interface OcflFsObject {
  root: string;
  load(): Promise<void>;
  getInventory(version?: string): Promise<OcflFsInventory>;
  files(version?: string): Promise<Iterable<OcflFsFile>>;
}
interface OcflFsStorage extends AsyncIterable<OcflFsObject> {
  object(id: string): OcflFsObject;
}
interface OcflFs {
  loadStorage(config: { root: string }): Promise<OcflFsStorage>;
}
const ocflFs = createRequire(import.meta.url)('@ocfl/ocfl-fs') as OcflFs;

const meta = (message: string) => ({ message, user: { name: 'Nông Văn Tư' } });

/** Folders under `folder` (itself included) that hold nothing: OCFL forbids them. */
async function emptyFolders(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .filter((entry) => entry.isDirectory())
      .map((entry) => emptyFolders(path.join(folder, entry.name))),
  );
  return entries.length === 0 ? [folder] : nested.flat();
}

async function filesSeenByOcflFs(
  object: OcflFsObject,
  version: string,
): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const file of await object.files(version))
    files[file.logicalPath] = (await file.buffer()).toString('base64');
  return files;
}

describe('OCFL objects written through the filesystem store', () => {
  it('are read by the independent @ocfl/ocfl-fs client: every version, every file, every byte', async () => {
    const archive = path.join(await tempDir(), 'archive');
    const root = await OcflStorageRoot.open(new FsObjectStore({ root: archive }));
    const recording = randomBytes(40_000);
    const scan = randomBytes(25_000);
    const items = ['https://heritage.example/items/luon-017', 'item:then/002'];

    // What each version should hold, built from the inputs (base64 to compare bytes).
    const expected: Record<string, Record<string, Record<string, string>>> = {};
    const b64 = (content: Buffer | string) => Buffer.from(content).toString('base64');
    for (const id of items) {
      await root.commitVersion(
        id,
        {
          add: [
            { logicalPath: 'originals/recording.wav', body: Readable.from([recording]) },
            { logicalPath: 'originals/scan page 1.png', body: scan },
            { logicalPath: 'metadata/events.jsonl', body: '{"event":"ingestion"}\n' },
          ],
        },
        meta('ingest'),
      );
      await root.commitVersion(
        id,
        {
          add: [
            {
              logicalPath: 'metadata/events.jsonl',
              body: '{"event":"ingestion"}\n{"event":"ocr"}\n',
            },
            { logicalPath: 'derivatives/ocr/page-1.txt', body: 'Slấc mạ bươn chiêng' },
            { logicalPath: 'derivatives/audio/recording.wav', body: Readable.from([recording]) },
          ],
          remove: ['originals/scan page 1.png'],
        },
        meta('derivatives'),
      );
      expected[id] = {
        v1: {
          'originals/recording.wav': b64(recording),
          'originals/scan page 1.png': b64(scan),
          'metadata/events.jsonl': b64('{"event":"ingestion"}\n'),
        },
        v2: {
          'originals/recording.wav': b64(recording),
          'metadata/events.jsonl': b64('{"event":"ingestion"}\n{"event":"ocr"}\n'),
          'derivatives/ocr/page-1.txt': b64('Slấc mạ bươn chiêng'),
          'derivatives/audio/recording.wav': b64(recording),
        },
      };
    }

    const storage = await ocflFs.loadStorage({ root: archive });
    for (const id of items) {
      const object = storage.object(id);
      expect(path.relative(archive, object.root).split(path.sep).join('/')).toBe(
        root.objectRoot(id),
      );
      await object.load(); // reads the inventory and checks it against its sidecar
      const inventory = await object.getInventory();
      expect(inventory.id).toBe(id);
      expect(inventory.head).toBe('v2');
      expect(Object.keys(inventory.versions)).toEqual(['v1', 'v2']);
      expect(inventory.versions.v2?.message).toBe('derivatives');
      for (const version of ['v1', 'v2']) {
        expect(await filesSeenByOcflFs(object, version)).toEqual(expected[id]?.[version]);
      }
    }

    const found: string[] = [];
    for await (const object of storage) {
      await object.load();
      found.push((await object.getInventory()).id);
    }
    expect(found.sort()).toEqual([...items].sort());
    expect(await emptyFolders(archive)).toEqual([]);
  });

  it('leave no empty folder behind after deduplication and crash clean-up', async () => {
    const archive = path.join(await tempDir(), 'archive');
    const store = new FsObjectStore({ root: archive });
    const root = await OcflStorageRoot.open(store);
    const id = 'item-folders';
    await root.commitVersion(
      id,
      { add: [{ logicalPath: 'a/deep/one.txt', body: 'same' }] },
      meta('one'),
    );
    await store.put(`${root.objectRoot(id)}/v2/content/left/over.bin`, 'crash leftover');
    await root.commitVersion(
      id,
      // Written under v2/content/b/deeper/, then found to duplicate v1 content and removed.
      { add: [{ logicalPath: 'b/deeper/two.txt', body: Readable.from([Buffer.from('same')]) }] },
      meta('two'),
    );
    expect(await emptyFolders(archive)).toEqual([]);
    await expect(root.verifyObject(id)).resolves.toMatchObject({ ok: true });
  });

  it('have a wrong record in the store reported by verifyObject, though the bytes match the inventory', async () => {
    const archive = path.join(await tempDir(), 'archive');
    const root = await OcflStorageRoot.open(new FsObjectStore({ root: archive }));
    const id = 'item-wrong-record';
    await root.commitVersion(
      id,
      { add: [{ logicalPath: 'song.wav', body: 'the performance' }] },
      meta('one'),
    );
    const inventoryRecord = path.join(`${archive}.sha256`, root.objectRoot(id), 'inventory.json');
    const contentRecord = path.join(
      `${archive}.sha256`,
      root.objectRoot(id),
      'v1',
      'content',
      'song.wav',
    );
    await writeFile(inventoryRecord, `${'a'.repeat(64)}\n`);
    await writeFile(contentRecord, `${'b'.repeat(64)}\n`);

    const report = await root.verifyObject(id);
    expect(report.ok).toBe(false);
    expect(report.problems.map((problem) => problem.path).sort()).toEqual([
      'inventory.json',
      'v1/content/song.wav',
    ]);
    expect(report.problems.map((problem) => problem.problem).join('\n')).toMatch(
      new RegExp(`sha256 mismatch: the store recorded ${'b'.repeat(64)}`),
    );
  });

  it('have tampering on disk reported by verifyObject and refused by readFile', async () => {
    const archive = path.join(await tempDir(), 'archive');
    const root = await OcflStorageRoot.open(new FsObjectStore({ root: archive }));
    const id = 'item-tampered-on-disk';
    await root.commitVersion(
      id,
      {
        add: [
          { logicalPath: 'song.wav', body: 'original performance' },
          { logicalPath: 'notes.txt', body: 'n' },
        ],
      },
      meta('one'),
    );
    const file = path.join(archive, root.objectRoot(id), 'v1', 'content', 'song.wav');
    await writeFile(file, 'overdubbed performance');

    const report = await root.verifyObject(id);
    expect(report.ok).toBe(false);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]?.path).toBe('v1/content/song.wav');
    expect(report.problems[0]?.problem).toMatch(/sha256 mismatch/);
    await expect(buffer(await root.readFile(id, 'song.wav'))).rejects.toThrow(/sha256 mismatch/);
    expect((await buffer(await root.readFile(id, 'notes.txt'))).toString()).toBe('n');
  });
});
