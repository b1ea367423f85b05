import { readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Archive, openArchive } from '../../src/archive/archive.js';
import { ingestCommand } from '../../src/entry/cli/commands/ingest-command.js';
import { verifyCommand } from '../../src/entry/cli/commands/verify-command.js';
import type { Settings } from '../../src/infra/config/settings-schema.js';
import { reindexCatalog } from '../../src/usecases/reindex/reindex.js';
import { isolatedSettings, recordingOutput } from '../support/annotation-archive.js';
import { databaseKinds } from '../support/databases.js';
import { writeDeposit } from '../support/deposit.js';
import { makeTempDir } from '../support/redis.js';

const items = ['page-a', 'page-b', 'page-c'];

/** Runs `work` on the archive and closes it: PGlite serves one opener at a time. */
async function withArchive<T>(settings: Settings, work: (archive: Archive) => Promise<T>) {
  const archive = await openArchive(settings);
  try {
    return await work(archive);
  } finally {
    await archive.close();
  }
}

/** What the catalog holds, in an order that does not depend on how it was written. */
async function catalogState(archive: Archive) {
  const rows = await archive.catalog.query(
    'SELECT id, status, object_version FROM items ORDER BY id',
  );
  const events = await archive.catalog.query(
    'SELECT item_id, type, outcome, detail FROM events ORDER BY item_id, type, detail',
  );
  return { rows, events };
}

describe.each(databaseKinds)('catalog and fixity after faults, on %s', (kind) => {
  let settings: Settings;
  let archiveFolder: string;
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    const isolated = await isolatedSettings(kind);
    cleanups.push(isolated.dispose);
    settings = isolated.settings;
    archiveFolder = path.join(settings.dataDir, 'archive');
    const deposit = await makeTempDir('faults-deposit');
    cleanups.push(deposit.remove);
    const page = await sharp({
      create: { width: 60, height: 40, channels: 3, background: '#fff' },
    })
      .png()
      .toBuffer();
    await writeDeposit(
      deposit.dir,
      Object.fromEntries(
        items.map((id, index) => [`${id}.png`, Buffer.concat([page, Buffer.from([index])])]),
      ),
    );
    const code = await ingestCommand(
      deposit.dir,
      { collection: 'faults', wait: false, workers: false },
      settings,
      recordingOutput(),
    );
    expect(code).toBe(0);
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('keeps the fixity-check history through a reindex', async () => {
    expect(await verifyCommand([], settings, recordingOutput())).toBe(0);
    const fixityEvents = (archive: Archive) =>
      archive.catalog.query(
        `SELECT item_id, outcome FROM events WHERE type = 'fixity check' ORDER BY item_id`,
      );
    const before = await withArchive(settings, fixityEvents);
    expect(before.map((row) => row.item_id)).toEqual(items);

    const report = await withArchive(settings, reindexCatalog);
    expect(report).toMatchObject({ items: 3, fixityLogs: 1, skipped: [] });
    expect(await withArchive(settings, fixityEvents)).toEqual(before);
  });

  it('leaves the catalog as it was when a reindex stops midway', async () => {
    const before = await withArchive(settings, catalogState);
    await withArchive(settings, async (archive) => {
      // A link planted in the storage root, just after the first object in walk order:
      // the walk refuses it once that object was read and before the others are.
      const [first] = items.map((id) => archive.objects.objectRoot(id)).sort();
      const link = path.join(archiveFolder, `${first?.split('/')[0]}~planted-link`);
      await symlink(settings.dataDir, link);
      try {
        await expect(reindexCatalog(archive)).rejects.toThrow('symbolic link');
      } finally {
        await rm(link);
      }
    });
    expect(await withArchive(settings, catalogState)).toEqual(before);
  });

  it('verifies every object, names each damaged one, and reindexes the rest', async () => {
    const { rootB, rootC } = await withArchive(settings, async (archive) => ({
      rootB: archive.objects.objectRoot('page-b'),
      rootC: archive.objects.objectRoot('page-c'),
    }));
    // page-b: one flipped byte in an original; page-c: an unreadable root inventory.
    const original = path.join(archiveFolder, rootB, 'v1', 'content', 'originals', 'page-b.png');
    const bytes = await readFile(original);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
    await writeFile(original, bytes);
    await writeFile(path.join(archiveFolder, rootC, 'inventory.json'), '{ "not": "an inventory" }');

    const output = recordingOutput();
    expect(await verifyCommand([], settings, output)).toBe(1);
    const result = output.results.at(-1) as {
      damaged: string[];
      reports: { objectId: string; ok: boolean }[];
    };
    expect(result.damaged.sort()).toEqual(['page-b', rootC].sort());
    expect(result.reports.filter((report) => report.ok).map((report) => report.objectId)).toEqual(
      expect.arrayContaining(['page-a']),
    );

    const report = await withArchive(settings, reindexCatalog);
    expect(report.items).toBe(2);
    expect(report.skipped.map((skipped) => skipped.objectId)).toEqual([rootC]);
    const ids = await withArchive(settings, (archive) =>
      archive.catalog.query<{ id: string }>('SELECT id FROM items ORDER BY id'),
    );
    expect(ids.map((row) => row.id)).toEqual(['page-a', 'page-b']);
  });
});
