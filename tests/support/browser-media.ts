/**
 * Real media for the browser tests of the item page: a deposit of Khâu village made from
 * the bundled sample speech and its ELAN transcript (transcription and Vietnamese
 * translation tiers), and a two-page song book rendered as a TIFF, ingested and
 * processed by the archive's own pipeline (ffmpeg access copy and peaks, tesseract OCR
 * with ALTO), so the page plays and shows what the archive really stores.
 */
import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { ingestCommand } from '../../src/entry/cli/commands/ingest-command.js';
import { createOutput } from '../../src/entry/cli/output.js';
import type { Settings } from '../../src/infra/config/settings-schema.js';
import { sampleSpeechPath } from './audio-fixtures.js';

export const MEDIA = {
  /** A recording with its transcript, for the player. */
  song: {
    id: 'then-giai-han',
    title: 'Then giải hạn – bài hát đêm trăng',
    recording: 'originals/then-001.flac',
    /** The ELAN lines, in time order (ms), as the sample's transcript holds them. */
    lines: [
      { startMs: 400, endMs: 3021, text: 'Then ơi, then ma bản slí' },
      { startMs: 3621, endMs: 5609, text: 'Pỉ noọng lồng slam mừa chầu' },
      { startMs: 6209, endMs: 8249, text: 'Tàn tính đeo ngòn pây slúng' },
    ],
    translations: [
      'Hỡi then, then về bản nhỏ',
      'Anh em cùng nhau về chầu',
      'Đàn tính theo nhịp đi xa',
    ],
  },
  /** A two-page song book, for the scan viewer. */
  book: {
    id: 'so-bai-hat',
    title: 'Sổ bài hát của bản Khâu',
    scan: 'originals/so-bai-hat.tif',
    pages: [
      [
        'Songs of the village, written down',
        'in the winter of the dragon year.',
        'The river runs past the old farm.',
      ],
      [
        'The second page keeps the lute songs',
        'that the elders sing at the new year.',
        'Quiet zebras graze near the bank.',
      ],
    ],
  },
} as const;

/** The collection of Khâu village, as its deposits' `collection.json` says. */
export const khauCollection = {
  id: 'khau-songs',
  title: 'Khâu village songs',
  community: 'khau-village',
  languages: ['tyz'],
  defaultAccess: 'community',
};

const manifest = [
  'id,title,languages,access,consent,files',
  `${MEDIA.song.id},${MEDIA.song.title},tyz; vie,community,archive; community-access,then-001.flac; then-001.eaf`,
  `${MEDIA.book.id},${MEDIA.book.title},vie,community,archive; community-access,so-bai-hat.tif`,
].join('\n');

/** A printed page as PNG: clean lines of DejaVu Serif that tesseract reads well. */
export function printedPage(lines: readonly string[]): Promise<Buffer> {
  const text = lines.map(
    (line, index) =>
      `<text x="32" y="${80 + index * 56}" font-family="DejaVu Serif" font-size="28">${line}</text>`,
  );
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="720" height="360"><rect width="100%" height="100%" fill="#fff"/>${text.join('')}</svg>`;
  return sharp(Buffer.from(svg)).greyscale().png().withMetadata({ density: 200 }).toBuffer();
}

/** Writes the deposit into `folder` and ingests it with `settings`, workers in process. */
export async function depositMedia(folder: string, settings: Settings): Promise<void> {
  const samples = path.dirname(sampleSpeechPath);
  await copyFile(sampleSpeechPath, path.join(folder, 'then-001.flac'));
  await copyFile(path.join(samples, 'then-001.eaf'), path.join(folder, 'then-001.eaf'));
  const pages = await Promise.all(MEDIA.book.pages.map(printedPage));
  await sharp(pages, { join: { animated: true } })
    .tiff({ compression: 'lzw' })
    .toFile(path.join(folder, 'so-bai-hat.tif'));
  await writeFile(path.join(folder, 'collection.json'), JSON.stringify(khauCollection));
  await writeFile(path.join(folder, 'items.csv'), manifest);
  await ingestQuietly(folder, settings);
}

/** Ingests `folder` (manifest `items.csv`) with workers in process; fails with the reasons. */
export async function ingestQuietly(folder: string, settings: Settings): Promise<void> {
  const errors: string[] = [];
  const output = {
    ...createOutput(true, { write: () => true } as never, { write: () => true } as never),
    error: (text: string) => void errors.push(text),
  };
  const code = await ingestCommand(
    folder,
    { manifest: path.join(folder, 'items.csv') },
    settings,
    output,
  );
  if (code !== 0)
    throw new Error(`the deposit of ${folder} failed (${code}): ${errors.join('; ')}`);
}
