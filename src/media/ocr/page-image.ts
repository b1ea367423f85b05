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
 * The page as a binary PGM (netpbm P5), the form handed to tesseract. Leptonica reads
 * it without inflating anything: a PNG of a 300 dpi book page costs tesseract.js
 * about 0.4 s of decoding per reading, more than the rest of the hand-over together.
 */
export function toPgm(page: Pick<PageImage, 'pixels' | 'width' | 'height'>): Buffer {
  return Buffer.concat([
    Buffer.from(`P5\n${page.width} ${page.height}\n255\n`, 'latin1'),
    page.pixels,
  ]);
}
