import type { Sharp } from 'sharp';

/**
 * One page ready for OCR: 8-bit greyscale pixels, one byte each, row by row, upright
 * as far as the file itself says.
 */
export interface PageImage {
  /** 1-based, in the order of the file. */
  pageNumber: number;
  pixels: Buffer;
  width: number;
  height: number;
  /** Resolution the file declares (or the PDF was rendered at); `null` when unknown. */
  dpi: number | null;
  /** Text a PDF page already carries, NFC; `null` for images and pages without one. */
  textLayer: string | null;
}

/** The pages of one file, loaded one at a time so that a long document never sits in memory whole. */
export interface PageSource {
  pageCount: number;
  load(pageNumber: number): Promise<PageImage>;
}

/** Limits that keep hostile files (pixel floods, page floods) from being decoded at all. */
export interface PageLimits {
  maxPixels: number;
  maxPages: number;
}

/** The refusal text for a page over the pixel limit, naming its size. */
export function describePixelFlood(width: number, height: number, maxPixels: number): string {
  const megapixels = (width * height) / 1e6;
  return `${width}x${height} pixels (${megapixels.toFixed(1)} MP) exceeds the limit of ${maxPixels / 1e6} MP (setting ocr.maxMegapixels)`;
}

/** Decodes an image pipeline into greyscale pixels, transparency laid on white paper. */
export async function greyPixels(
  image: Sharp,
): Promise<{ pixels: Buffer; width: number; height: number }> {
  const { data, info } = await image
    .flatten({ background: '#ffffff' })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`expected one grey channel, got ${info.channels}`);
  return { pixels: data, width: info.width, height: info.height };
}

/**
 * The page in the form handed to tesseract: netpbm, which Leptonica reads without
 * inflating anything (a PNG of a 300 dpi book page costs tesseract.js about 0.4 s of
 * decoding per reading, more than the rest of the hand-over together). A bilevel page
 * (every pixel black or white, as a CCITT G4 scan decodes) goes as a bitmap (P4):
 * tesseract then skips thresholding, and reads the same text in 3-9 % less time on
 * the corpus's 300 dpi book pages. Any other page goes as a greymap (P5).
 */
export function toNetpbm(page: Pick<PageImage, 'pixels' | 'width' | 'height'>): Buffer {
  return isBilevel(page.pixels) ? toPbm(page) : toPgm(page);
}

/** True when every pixel is 0 or 255; a grey photograph fails within its first few pixels. */
function isBilevel(pixels: Buffer): boolean {
  for (let at = 0; at < pixels.length; at += 1) {
    const value = pixels[at];
    if (value !== 0 && value !== 255) return false;
  }
  return true;
}

/** A binary PGM (P5): header, then one byte per pixel. */
function toPgm({ pixels, width, height }: Pick<PageImage, 'pixels' | 'width' | 'height'>): Buffer {
  return Buffer.concat([Buffer.from(`P5\n${width} ${height}\n255\n`, 'latin1'), pixels]);
}

/**
 * A binary PBM (P4): header, then each row packed 8 pixels a byte, its first pixel in
 * the high bit, 1 for black.
 */
function toPbm({ pixels, width, height }: Pick<PageImage, 'pixels' | 'width' | 'height'>): Buffer {
  const header = Buffer.from(`P4\n${width} ${height}\n`, 'latin1');
  const rowBytes = Math.ceil(width / 8);
  const bitmap = Buffer.alloc(header.length + rowBytes * height);
  header.copy(bitmap);
  for (let y = 0; y < height; y += 1) {
    const from = y * width;
    const to = header.length + y * rowBytes;
    let byte = 0;
    for (let x = 0; x < width; x += 1) {
      byte = (byte << 1) | (pixels[from + x] === 0 ? 1 : 0);
      if ((x & 7) === 7) {
        bitmap[to + (x >> 3)] = byte;
        byte = 0;
      }
    }
    const tail = width & 7;
    if (tail > 0) bitmap[to + rowBytes - 1] = byte << (8 - tail);
  }
  return bitmap;
}
