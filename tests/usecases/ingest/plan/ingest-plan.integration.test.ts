import { randomBytes } from 'node:crypto';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../../src/usecases/ingest/inspect/detect-format.js';
import { buildIngestPlan } from '../../../../src/usecases/ingest/plan/build-ingest-plan.js';
import { toneFlac } from '../../../support/deposit.js';
import { tempDir } from '../../../support/temp-dir.js';

const header = 'id,title,languages,access,files\n';

async function deposit(files: Record<string, string | Buffer>): Promise<string> {
  const folder = await tempDir();
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(folder, name)), { recursive: true });
    await writeFile(path.join(folder, name), content);
  }
  return folder;
}

describe('planning an ingest', () => {
  it('groups files that no row names into one item per file stem', async () => {
    const folder = await deposit({
      'items.csv': `${header}then-01,Then song,tyz,open,tape/then-01.wav\n`,
      'tape/then-01.wav': 'x',
      'song01.wav': 'x',
      'song01.tif': 'x',
      'song01.eaf': 'x',
      'Bài hát 2.txt': 'x',
    });
    const plan = await buildIngestPlan({
      folder,
      manifest: path.join(folder, 'items.csv'),
      collection: 'tay',
    });
    expect(plan.problems).toEqual([]);
    const files = Object.fromEntries(
      plan.items.map((planned) => [
        planned.item.id,
        planned.files.map((file) => file.relativePath),
      ]),
    );
    expect(files).toEqual({
      'then-01': ['tape/then-01.wav'],
      song01: ['song01.eaf', 'song01.tif', 'song01.wav'],
      'Bai-hat-2': ['Bài hát 2.txt'],
    });
    expect(plan.collections.map((collection) => collection.id)).toEqual(['tay']);
  });

  it('reports duplicate ids, unknown languages, missing and escaping paths together', async () => {
    const folder = await deposit({
      'items.csv': `${header}a,A,tyz,open,a.wav\na,A again,vie,open,b.wav\nc,C,xqx,open,../../etc/passwd\nd,D,tyz,open,missing.wav\n`,
      'a.wav': 'x',
      'b.wav': 'x',
    });
    const plan = await buildIngestPlan({ folder, manifest: path.join(folder, 'items.csv') });
    const found = plan.problems.map((problem) => `${problem.row}/${problem.column}`);
    expect(found).toEqual(['3/id', '4/languages', '4/files', '5/files']);
    expect(plan.problems.every((problem) => problem.file === 'items.csv')).toBe(true);
  });

  it('names the line of a manifest that is not UTF-8', async () => {
    const latin1 = Buffer.concat([
      Buffer.from(`${header}a,`),
      Buffer.from([0x4c, 0xe0, 0x6f]),
      Buffer.from(',tyz,open,\n'),
    ]);
    const folder = await deposit({ 'items.csv': latin1 });
    const plan = await buildIngestPlan({ folder, manifest: path.join(folder, 'items.csv') });
    expect(plan.problems).toEqual([
      { file: 'items.csv', row: 2, reason: expect.stringContaining('not UTF-8') },
    ]);
  });

  it('refuses a symlink that leads outside the folder, and keeps the rest', async () => {
    const outside = await deposit({ 'secret.wav': 'x' });
    const folder = await deposit({ 'kept.wav': 'x' });
    await symlink(path.join(outside, 'secret.wav'), path.join(folder, 'escape.wav'));
    const plan = await buildIngestPlan({ folder });
    expect(plan.refused).toEqual([
      { relativePath: 'escape.wav', reason: 'is a symlink that points outside the folder' },
    ]);
    expect(plan.items.map((planned) => planned.item.id)).toEqual(['kept']);
  });

  it('reads a 10,000-row manifest', async () => {
    const rows = Array.from(
      { length: 10_000 },
      (_, index) => `item-${index},Song ${index},tyz,community,`,
    );
    const folder = await deposit({ 'items.csv': `${header}${rows.join('\n')}\n` });
    const plan = await buildIngestPlan({ folder, manifest: path.join(folder, 'items.csv') });
    expect(plan.problems).toEqual([]);
    expect(plan.items).toHaveLength(10_000);
    expect(plan.items.at(-1)?.item.id).toBe('item-9999');
  });
});

describe('recognising a file from its content', () => {
  it('refuses a PNG named .wav, random bytes and an empty file', async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    const folder = await deposit({
      'fake.wav': png,
      'noise.bin': randomBytes(4096),
      'empty.wav': '',
    });
    await expect(detectFormat(path.join(folder, 'fake.wav'), 'fake.wav')).rejects.toThrow(
      'named as audio (wav) but its content is image/png',
    );
    await expect(detectFormat(path.join(folder, 'noise.bin'), 'noise.bin')).rejects.toThrow(
      'unknown or unsupported type',
    );
    await expect(detectFormat(path.join(folder, 'empty.wav'), 'empty.wav')).rejects.toThrow(
      'is empty',
    );
  });

  it('recognises audio, image, ELAN and transcript formats from their content', async () => {
    const media = await tempDir();
    await toneFlac(path.join(media, 'song.flac'));
    await sharp({ create: { width: 64, height: 32, channels: 3, background: '#fff' } })
      .tiff({ compression: 'lzw' })
      .toFile(path.join(media, 'page.tif'));
    await writeFile(
      path.join(media, 'song.eaf'),
      '<?xml version="1.0" encoding="UTF-8"?>\n<ANNOTATION_DOCUMENT AUTHOR="" DATE="2024-01-01T00:00:00Z" FORMAT="2.7" VERSION="2.7"/>\n',
    );
    await expect(detectFormat(path.join(media, 'song.flac'), 'song.flac')).resolves.toMatchObject({
      kind: 'audio',
      format: 'flac',
    });
    await expect(detectFormat(path.join(media, 'page.tif'), 'page.tif')).resolves.toMatchObject({
      kind: 'image',
      format: 'tif',
    });
    await expect(detectFormat(path.join(media, 'song.eaf'), 'x.eaf')).resolves.toMatchObject({
      kind: 'transcript',
      format: 'eaf',
    });
    const folder = await deposit({
      'a.TextGrid': 'File type = "ooTextFile"\nObject class = "TextGrid"\n',
      'b.vtt': 'WEBVTT\n\n00:00.000 --> 00:01.000\nhello\n',
      'c.srt': '1\n00:00:00,000 --> 00:00:01,000\nhello\n',
      'd.txt': 'Lượn slương\n',
    });
    const formats = await Promise.all(
      ['a.TextGrid', 'b.vtt', 'c.srt', 'd.txt'].map(
        async (name) => (await detectFormat(path.join(folder, name), name)).format,
      ),
    );
    expect(formats).toEqual(['textgrid', 'vtt', 'srt', 'txt']);
  });
});
