import sharp, { type Metadata } from 'sharp';
import { BadImageError } from './errors.js';
import {
  describePixelFlood,
  greyPixels,
  type PageImage,
  type PageLimits,
  type PageSource,
} from './page-image.js';

/**
 * Opens a PNG, JPEG, WebP or TIFF (multi-page and CCITT G4 included: libvips reads them)
 * for OCR. Sizes are checked from the headers, so a pixel flood is refused before any
 * pixel is decoded; sharp's `limitInputPixels` guards the decode itself as well.
 */
export async function openRasterPages(file: string, limits: PageLimits): Promise<PageSource> {
  const first = await readHeader(file, 0);
  const pageCount = first.pages ?? 1;
  if (pageCount > limits.maxPages) {
    throw new BadImageError(file, `${pageCount} pages exceeds the limit of ${limits.maxPages}`);
  }
  return {
    pageCount,
    load: async (pageNumber) => {
      const header = pageNumber === 1 ? first : await readHeader(file, pageNumber - 1);
      return decodePage(file, pageNumber, header, limits.maxPixels);
    },
  };
}

async function readHeader(file: string, pageIndex: number): Promise<Metadata> {
  try {
    // Header only: no pixel is decoded, so no pixel limit is needed to read it.
    return await sharp(file, { page: pageIndex, limitInputPixels: false }).metadata();
  } catch (error) {
    throw new BadImageError(
      file,
      `page ${pageIndex + 1}: cannot read the image header (${(error as Error).message})`,
    );
  }
}

async function decodePage(
  file: string,
  pageNumber: number,
  header: Metadata,
  maxPixels: number,
): Promise<PageImage> {
  // A multi-page TIFF reports each page's own size when opened at that page.
  const width = header.width;
  const height = header.pageHeight ?? header.height;
  if (!width || !height) throw new BadImageError(file, `page ${pageNumber}: the image has no size`);
  if (width * height > maxPixels) {
    throw new BadImageError(
      file,
      `page ${pageNumber}: ${describePixelFlood(width, height, maxPixels)}`,
    );
  }
  try {
    const decoded = await greyPixels(
      sharp(file, { page: pageNumber - 1, limitInputPixels: maxPixels, autoOrient: true }),
    );
    return {
      pageNumber,
      ...decoded,
      dpi: header.density ? Math.round(header.density) : null,
      textLayer: null,
    };
  } catch (error) {
    throw new BadImageError(
      file,
      `page ${pageNumber}: cannot decode the image (${(error as Error).message})`,
    );
  }
}
