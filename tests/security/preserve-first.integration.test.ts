/**
 * Preserve first, derive second: a real file is archived bit-exact even when a
 * derivative tool cannot decode it; only what is unsafe or not what it claims is
 * quarantined.
 */
import { createHash } from 'node:crypto';
import { copyFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive/archive.js';
import { readItemRecord } from '../../src/archive/object-files.js';
import { ingestCommand } from '../../src/entry/cli/commands/ingest-command.js';
import { itemsShowCommand } from '../../src/entry/cli/commands/items-show-command.js';
import { statusCommand } from '../../src/entry/cli/commands/status-command.js';
import { createOutput } from '../../src/entry/cli/output.js';
import type { Settings } from '../../src/infra/config/settings-schema.js';
import { QueueName } from '../../src/jobs/names.js';
import { describeWithCorpus } from '../support/corpus-tests.js';
import { writeDeposit } from '../support/deposit.js';
import { characterErrorRate } from '../support/ocr-cer.js';
import { eurotext } from '../support/ocr-corpus.js';
import { makeTempDir, testRedisUrl } from '../support/redis.js';
import { openTestArchive } from '../support/test-archive.js';
import {
  bilevelTiffWithExtraSample,
  mixedTiff,
  songbookText,
  tiffWithDirectoryAtTheEnd,
  tiffWithUnsupportedCompression,
} from '../support/tiff-fixtures.js';

const silent = () =>
  createOutput(true, { write: () => true } as never, { write: () => true } as never);

/** Runs a command and returns what it printed for people. */
async function printed(
  run: (output: ReturnType<typeof silent>) => Promise<number>,
): Promise<string> {
  let text = '';
  const stdout = {
    write: (chunk: string) => {
      text += chunk;
      return true;
    },
  } as never;
  await run(createOutput(false, stdout, { write: () => true } as never));
  return text;
}

/** A WAV whose header names a codec ffmpeg does not know (format tag 0x7777), with 1 s of samples. */
function wavWithUnknownCodec(): Buffer {
  const samples = Buffer.alloc(16_000);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + samples.length, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(0x7777, 20);
  header.writeUInt16LE(1, 22); // channels
  header.writeUInt32LE(8000, 24); // sample rate
  header.writeUInt32LE(16_000, 28); // bytes a second
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits a sample
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(samples.length, 40);
  return Buffer.concat([header, samples]);
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('a deposit of real files that some tool cannot decode', () => {
  let settings: Settings;
  const fixtures: Record<string, Buffer> = {};
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    const archive = await openTestArchive('pglite');
    const deposit = await makeTempDir('preserve-first');
    cleanups.push(archive.cleanup, deposit.remove);
    settings = archive.settings;
    fixtures['directory-at-end.tif'] = await tiffWithDirectoryAtTheEnd();
    fixtures['extra-sample.tif'] = await bilevelTiffWithExtraSample();
    fixtures['jpeg2000.tif'] = await tiffWithUnsupportedCompression();
    fixtures['mixed.tif'] = await mixedTiff();
    fixtures['unknown-codec.wav'] = wavWithUnknownCodec();
    fixtures['cut-short.tif'] = (fixtures['directory-at-end.tif'] as Buffer).subarray(0, 100_000);
    fixtures['playlist.wav'] = Buffer.from(
      '#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n/etc/passwd\n#EXT-X-ENDLIST\n',
    );
    await writeDeposit(deposit.dir, fixtures);
    // 1: the undecodable scan fails its step, and the playlist is quarantined.
    expect(await ingestCommand(deposit.dir, { collection: 'scans' }, settings, silent())).toBe(1);
  }, 240_000);

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  /** The item's record, and the bytes of its original as the archive holds them. */
  async function archived(id: string, name: string) {
    const archive = await openArchive(settings);
    try {
      const found = await readItemRecord(archive.objects, id);
      const original = found?.record.assets.find((asset) => asset.path === `originals/${name}`);
      const [row] = await archive.catalog.query<{ status: string; status_detail: string | null }>(
        'SELECT status, status_detail FROM items WHERE id = $1',
        [id],
      );
      const pages = await archive.catalog.query<{ text: string }>(
        'SELECT text FROM ocr_pages WHERE item_id = $1 ORDER BY page',
        [id],
      );
      return {
        record: found?.record,
        original,
        row,
        text: pages.map((page) => page.text).join('\n'),
        pages: pages.map((page) => page.text),
      };
    } finally {
      await archive.close();
    }
  }

  it('archives and reads a TIFF whose image directory lies past the first 64 KiB', async () => {
    const { original, row, text } = await archived('directory-at-end', 'directory-at-end.tif');
    expect(original).toMatchObject({
      mediaType: 'image/tiff',
      sha256: sha256(fixtures['directory-at-end.tif'] as Buffer),
      technical: { width: 1700, height: 1100 },
    });
    expect(`${row?.status} ${row?.status_detail ?? ''}`.trim()).toBe('ready');
    expect(characterErrorRate(text, songbookText)).toBeLessThan(0.02);
  });

  it('archives a bilevel TIFF with an extra sample, says what libvips could not read, and reads it through the fallback decoder', async () => {
    const { original, row, text, record } = await archived('extra-sample', 'extra-sample.tif');
    expect(original).toMatchObject({
      sha256: sha256(fixtures['extra-sample.tif'] as Buffer),
      technical: {
        width: 1700,
        height: 1100,
        samplesPerPixel: 2,
        tiffCompression: 4,
        unreadable: expect.stringContaining('not 1 bands'),
      },
    });
    expect(`${row?.status} ${row?.status_detail ?? ''}`.trim()).toBe('ready');
    expect(characterErrorRate(text, songbookText)).toBeLessThan(0.02);
    expect(record?.steps).toEqual([expect.objectContaining({ step: 'ocr-page', status: 'done' })]);
  });

  it('archives a TIFF no decoder can read bit-exact, and fails its ocr-page step for good with the reason, in the item and in status', async () => {
    const { original, row } = await archived('jpeg2000', 'jpeg2000.tif');
    expect(original?.sha256).toBe(sha256(fixtures['jpeg2000.tif'] as Buffer));
    const archive = await openArchive(settings);
    try {
      const stored = await buffer(
        await archive.objects.readFile('jpeg2000', 'originals/jpeg2000.tif'),
      );
      expect(sha256(stored)).toBe(sha256(fixtures['jpeg2000.tif'] as Buffer));
    } finally {
      await archive.close();
    }
    expect(row?.status).toBe('failed');
    const reason =
      /ocr-page originals\/jpeg2000\.tif: .*TIFF compression 34712 is decoded by neither libvips nor utif2/;
    expect(row?.status_detail).toMatch(reason);

    const shown = await printed((output) => itemsShowCommand('jpeg2000', settings, output));
    expect(shown).toMatch(/ocr-page originals\/jpeg2000\.tif: failed \(.*compression 34712/);
    const status = await printed((output) => statusCommand({}, settings, output));
    expect(status).toMatch(
      /failed jpeg2000\b.*ocr-page:? originals\/jpeg2000\.tif: .*compression 34712/,
    );

    // For good: the job ran once, with no retry.
    const queue = new Queue(QueueName.Ocr, {
      connection: { url: testRedisUrl },
      prefix: settings.queuePrefix,
    });
    try {
      const failed = await queue.getFailed();
      expect(failed.map((job) => [job.data.asset, job.attemptsMade])).toEqual([
        ['originals/jpeg2000.tif', 1],
      ]);
    } finally {
      await queue.close();
    }
  });

  it('reads every page of a mixed multi-page TIFF, handing the pages libvips refuses to the fallback decoder', async () => {
    const { row, pages } = await archived('mixed', 'mixed.tif');
    expect(`${row?.status} ${row?.status_detail ?? ''}`.trim()).toBe('ready');
    expect(pages.map((text) => characterErrorRate(text, songbookText) < 0.02)).toEqual([
      true,
      true,
      true,
    ]);
  });

  it('archives a recording whose codec ffmpeg cannot decode, and fails its normalise-audio step for good with the reason', async () => {
    const { original, row } = await archived('unknown-codec', 'unknown-codec.wav');
    expect(original).toMatchObject({
      sha256: sha256(fixtures['unknown-codec.wav'] as Buffer),
      technical: {
        unreadable: 'ffprobe: audio track 0 (stream 0) uses a codec ffmpeg cannot decode',
      },
    });
    expect(row?.status).toBe('failed');
    expect(row?.status_detail).toMatch(
      /^normalise-audio originals\/unknown-codec\.wav: .*codec ffmpeg cannot decode/,
    );
  });

  it('quarantines a TIFF cut off before its image directory as truncated, naming where it ends', async () => {
    const { original, record } = await archived('cut-short', 'cut-short.tif');
    const directory = (fixtures['directory-at-end.tif'] as Buffer).readUInt32LE(4);
    expect(original).toBeUndefined();
    expect(record?.quarantined).toEqual([
      {
        originalName: 'cut-short.tif',
        reason: `is truncated or damaged beyond reading: its structure points to bytes ${directory}-${directory + 2}, beyond the end of the file (100000 bytes)`,
      },
    ]);
  });

  it('still quarantines a playlist disguised as a .wav recording', async () => {
    const { original, record } = await archived('playlist', 'playlist.wav');
    expect(original).toBeUndefined();
    expect(record?.quarantined).toEqual([
      {
        originalName: 'playlist.wav',
        reason: 'is named as audio (wav) but its content is text/plain',
      },
    ]);
  });
});

describeWithCorpus(`the corpus scan ${eurotext.name} (directory at the end of the file)`, () => {
  it('is archived and read', async () => {
    const archive = await openTestArchive('pglite');
    const deposit = await makeTempDir('preserve-first-corpus');
    try {
      await copyFile(eurotext.image, path.join(deposit.dir, 'eurotext.tif'));
      expect(
        await ingestCommand(deposit.dir, { collection: 'corpus' }, archive.settings, silent()),
      ).toBe(0);
      const opened = await openArchive(archive.settings);
      try {
        const pages = await opened.catalog.query<{ text: string }>(
          "SELECT text FROM ocr_pages WHERE item_id = 'eurotext'",
        );
        const truth = await readFile(eurotext.truth, 'utf8');
        expect(characterErrorRate(pages[0]?.text ?? '', truth)).toBeLessThan(0.1);
      } finally {
        await opened.close();
      }
    } finally {
      await deposit.remove();
      await archive.cleanup();
    }
  }, 240_000);
});
