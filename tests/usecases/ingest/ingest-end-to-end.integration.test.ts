import { randomBytes } from 'node:crypto';
import { readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../../src/archive/archive.js';
import { readItemRecord } from '../../../src/archive/object-files.js';
import { ingestCommand } from '../../../src/entry/cli/commands/ingest-command.js';
import { createOutput } from '../../../src/entry/cli/output.js';
import type { Settings } from '../../../src/infra/config/settings-schema.js';
import { generateFixture } from '../../support/audio-fixtures.js';
import { toneFlac, writeDeposit } from '../../support/deposit.js';
import { makeTempDir } from '../../support/redis.js';
import { openTestArchive } from '../../support/test-archive.js';

const silent = () =>
  createOutput(true, { write: () => true } as never, { write: () => true } as never);

describe('ingesting a deposit with bad files among good ones', () => {
  let settings: Settings;
  let folder: string;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    const archive = await openTestArchive('postgres');
    const deposit = await makeTempDir('e2e-deposit');
    const outside = await makeTempDir('e2e-outside');
    cleanups.push(archive.cleanup, deposit.remove, outside.remove);
    settings = archive.settings;

    folder = deposit.dir;
    await toneFlac(path.join(folder, 'song-01.flac'));
    const speech = await readFile(await generateFixture(outside.dir, 'studioSpeech'));
    const png = await sharp({ create: { width: 64, height: 32, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    await writeDeposit(folder, {
      'truncated.flac': speech.subarray(0, Math.floor(speech.length * 0.4)),
      'png-named.wav': png,
      'noise.wav': randomBytes(8192),
      'empty.wav': '',
      'page-01.png': png,
    });
    await writeFile(path.join(outside.dir, 'private.flac'), speech);
    await symlink(path.join(outside.dir, 'private.flac'), path.join(folder, 'escape.flac'));
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('archives the good items, quarantines the bad files with reasons, and fails the truncated one', async () => {
    const code = await ingestCommand(folder, { collection: 'e2e' }, settings, silent());
    expect(code).toBe(1);

    const archive = await openArchive(settings);
    try {
      const items = await archive.catalog.query<{
        id: string;
        status: string;
        status_detail: string | null;
      }>('SELECT id, status, status_detail FROM items ORDER BY id');
      // Status and reason together, so that an unexpected failure shows why.
      const statuses = Object.fromEntries(
        items.map((item) => [item.id, `${item.status} ${item.status_detail ?? ''}`.trim()]),
      );
      expect(statuses).toEqual({
        'page-01': 'ready',
        'song-01': 'ready',
        truncated: expect.stringMatching(
          /^failed normalise-audio originals\/truncated\.flac: .*truncated/,
        ),
        // Items whose only file was refused keep their metadata, with the refusal recorded.
        empty: 'ready',
        noise: 'ready',
        'png-named': 'ready',
      });

      const quarantine = await archive.catalog.query<{ file_path: string; reason: string }>(
        'SELECT file_path, reason FROM quarantine ORDER BY file_path',
      );
      expect(quarantine).toEqual([
        { file_path: 'empty.wav', reason: 'is empty (0 bytes)' },
        { file_path: 'noise.wav', reason: 'has content of an unknown or unsupported type' },
        {
          file_path: 'png-named.wav',
          reason: 'is named as audio (wav) but its content is image/png',
        },
      ]);

      const song = await readItemRecord(archive.objects, 'song-01');
      expect(song?.version).toBe('v2');
      const derived = song?.record.assets
        .filter((asset) => asset.derivedFrom === 'originals/song-01.flac')
        .map((asset) => asset.path);
      expect(derived).toEqual([
        'derivatives/audio/song-01.a0.access.webm',
        'derivatives/audio/song-01.a0.peaks.json',
        'derivatives/audio/song-01.a0.training.wav',
      ]);
      expect((await archive.objects.verifyObject('song-01')).ok).toBe(true);
      // The symlink that leads outside the folder was never read.
      expect(await archive.objects.hasObject('escape')).toBe(false);
    } finally {
      await archive.close();
    }
  });

  it('adds no job and no version when the same deposit is ingested again', async () => {
    const archive = await openArchive(settings);
    const headsBefore = await heads(archive);
    await archive.close();

    await ingestCommand(folder, { collection: 'e2e' }, settings, silent());

    const after = await openArchive(settings);
    try {
      expect(await heads(after)).toEqual(headsBefore);
    } finally {
      await after.close();
    }
  });

  it('processes a changed file again in a new version', async () => {
    await toneFlac(path.join(folder, 'song-01.flac'), 3, 660);
    await ingestCommand(folder, { collection: 'e2e' }, settings, silent());
    const archive = await openArchive(settings);
    try {
      const song = await readItemRecord(archive.objects, 'song-01');
      expect(song?.version).toBe('v4');
      const step = song?.record.steps.find((outcome) => outcome.step === 'normalise-audio');
      const tracks = step?.result?.tracks as { quality: { durationSeconds: number } }[];
      expect(tracks[0]?.quality.durationSeconds).toBeCloseTo(3, 1);
    } finally {
      await archive.close();
    }
  });

  it('writes nothing when the manifest has problems, and lists them all', async () => {
    const bad = await makeTempDir('e2e-bad');
    cleanups.push(bad.remove);
    await writeDeposit(bad.dir, {
      'items.csv': 'id,title,languages,access,files\nx,X,qqq,open,a.flac\nx,Y,tyz,nope,\n',
    });
    await toneFlac(path.join(bad.dir, 'a.flac'), 1);
    const output = { errors: [] as string[] };
    const code = await ingestCommand(
      bad.dir,
      { manifest: path.join(bad.dir, 'items.csv') },
      settings,
      { ...silent(), error: (text: string) => output.errors.push(text) },
    );
    expect(code).toBe(1);
    expect(output.errors.filter((line) => line.startsWith('problem:'))).toEqual([
      'problem: items.csv, row 2, column "languages": "qqq" is not an ISO 639-3 (or 639-1) language code',
      'problem: items.csv, row 3, column "access": "nope" is not one of open, community, restricted, secret-sacred',
    ]);
    const archive = await openArchive(settings);
    try {
      expect(await archive.objects.hasObject('a')).toBe(false);
    } finally {
      await archive.close();
    }
  });
});

async function heads(
  archive: Awaited<ReturnType<typeof openArchive>>,
): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for await (const id of archive.objects.listObjectIds())
    result[id] = (await archive.objects.getInventory(id)).head;
  return result;
}
