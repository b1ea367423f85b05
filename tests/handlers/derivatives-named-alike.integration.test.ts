import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive/archive.js';
import { readItemRecord } from '../../src/archive/object-files.js';
import { ingestCommand } from '../../src/entry/cli/commands/ingest-command.js';
import { createOutput } from '../../src/entry/cli/output.js';
import { toneFlac, toneWav } from '../support/deposit.js';
import { makeTempDir } from '../support/redis.js';
import { openTestArchive } from '../support/test-archive.js';

const silent = () =>
  createOutput(true, { write: () => true } as never, { write: () => true } as never);

describe('an item with two recordings of one name', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('gets each one’s derivatives under paths of their own, derived from it', async () => {
    const archive = await openTestArchive('pglite');
    const deposit = await makeTempDir('named-alike-deposit');
    cleanups.push(archive.cleanup, deposit.remove);
    // A master and its field copy: one item by their shared stem.
    await writeFile(path.join(deposit.dir, 'song.wav'), toneWav(2, 330));
    await toneFlac(path.join(deposit.dir, 'song.flac'), 3, 550);

    const code = await ingestCommand(deposit.dir, { collection: 'c' }, archive.settings, silent());
    expect(code).toBe(0);

    const opened = await openArchive(archive.settings);
    try {
      const found = await readItemRecord(opened.objects, 'song');
      const derivatives = found?.record.assets.filter((asset) => asset.role === 'derivative') ?? [];
      const from = (original: string) =>
        derivatives.filter((asset) => asset.derivedFrom === original).map((asset) => asset.path);
      const ofWav = from('originals/song.wav');
      const ofFlac = from('originals/song.flac');
      expect(ofWav).toHaveLength(3);
      expect(ofFlac).toHaveLength(3);
      expect(new Set([...ofWav, ...ofFlac]).size).toBe(6);
      expect(found?.record.steps.map((step) => step.status)).toEqual(['done', 'done']);
    } finally {
      await opened.close();
    }
  });
});
