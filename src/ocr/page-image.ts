/** One page ready for OCR: a greyscale PNG, upright as far as the file itself says. */
export interface PageImage {
  /** 1-based, in the order of the file. */
  pageNumber: number;
  png: Buffer;
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

/**
 * PNG settings for images handed to tesseract.js: it decodes them again at once, so
 * fast compression beats small files.
 */
export const intermediatePng = { compressionLevel: 1 } as const;
