/**
 * Pages for the OCR tests, made with real tools: a printed page rendered by sharp (SVG
 * text in DejaVu Serif) with its text as ground truth, the same page in other formats
 * and orientations, PDFs from native tesseract and poppler's pdfunite, and a
 * hand-assembled PNG for the pixel flood (no encoder writes a hostile header on purpose).
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

const run = promisify(execFile);

/** The text of the printed page, line by line: its ground truth. */
export const printedPageLines = [
  'This is a page of printed text made for the',
  'tests, to see that every format of a scanned',
  'page reads the same way.',
  'The quick brown fox jumps over the lazy dog.',
  'Pack my box with five dozen liquor jugs, and',
  'then the five boxing wizards jump quickly.',
  'How vexingly quick daft zebras jump over the',
  'wall of the old farm near the river bank.',
];

/** A clean printed page as a greyscale PNG, 640x480 pixels at 200 dpi (3.2 x 2.4 inches). */
export async function printedPage(dir: string): Promise<string> {
  const file = path.join(dir, 'printed-page.png');
  const lines = printedPageLines.map(
    (line, index) =>
      `<text x="24" y="${60 + index * 48}" font-family="DejaVu Serif" font-size="24">${line}</text>`,
  );
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480"><rect width="100%" height="100%" fill="#fff"/>${lines.join('')}</svg>`;
  await sharp(Buffer.from(svg)).greyscale().png().withMetadata({ density: 200 }).toFile(file);
  return file;
}

/**
 * A greyscale PNG whose header claims `width` x `height` pixels while its data holds a
 * single row: tiny on disk, gigabytes once decoded.
 */
export function pixelFloodPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typeAndData));
    return Buffer.concat([length, typeAndData, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(0, 9); // colour type: greyscale
  const oneRow = deflateSync(Buffer.alloc(width + 1));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', oneRow),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A two-page TIFF: `page` upright, then turned upside down. */
export async function twoPageTiff(dir: string, page: string): Promise<string> {
  const file = path.join(dir, 'two-pages.tif');
  const upright = await sharp(page).png().toBuffer();
  const upsideDown = await sharp(page).rotate(180).png().toBuffer();
  await sharp([upright, upsideDown], { join: { animated: true } })
    .tiff({ compression: 'lzw' })
    .toFile(file);
  return file;
}

/** `page` turned a quarter counter-clockwise (270 degrees clockwise), as a PNG. */
export async function quarterTurnedPng(dir: string, page: string): Promise<string> {
  const file = path.join(dir, 'quarter-turned.png');
  await sharp(page).rotate(270).png().toFile(file);
  return file;
}

/** A JPEG whose pixels lie on their side, with EXIF orientation 6 saying how to show them upright. */
export async function exifOrientedJpeg(dir: string, page: string): Promise<string> {
  const file = path.join(dir, 'exif-oriented.jpg');
  await sharp(page).rotate(270).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toFile(file);
  return file;
}

/** `page` as lossless WebP. */
export async function webpPage(dir: string, page: string): Promise<string> {
  const file = path.join(dir, 'page.webp');
  await sharp(page).webp({ lossless: true }).toFile(file);
  return file;
}

/**
 * A two-page PDF: page 1 is `page` (640x480 at 200 dpi) with the invisible text layer
 * that native tesseract writes; page 2 is a blank scan with no text layer.
 */
export async function twoPagePdf(dir: string, page: string): Promise<string> {
  const blankImage = path.join(dir, 'blank.png');
  await sharp({ create: { width: 640, height: 480, channels: 3, background: '#ffffff' } })
    .greyscale()
    .png()
    .withMetadata({ density: 200 })
    .toFile(blankImage);
  const env = { ...process.env, OMP_THREAD_LIMIT: '1' };
  // The system tessdata holds the font tesseract's PDF renderer needs.
  await run('tesseract', [page, path.join(dir, 'scanned'), '-l', 'eng', 'pdf'], { env });
  await run('tesseract', [blankImage, path.join(dir, 'blank'), '-l', 'eng', 'pdf'], { env });
  const file = path.join(dir, 'two-pages.pdf');
  await run('pdfunite', [path.join(dir, 'scanned.pdf'), path.join(dir, 'blank.pdf'), file]);
  return file;
}

/** A file of the given content and name, for the refusals. */
export async function writeFixture(
  dir: string,
  name: string,
  content: string | Buffer,
): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
}
