import sharp, { type Metadata } from 'sharp';
import { BadImageError } from './errors.js';
import type { OcrInputFormat } from './input-format.js';
import {
  describePixelFlood,
  greyPixels,
  type PageImage,
  type PageLimits,
  type PageSource,
} from './page-image.js';
import { openTiffFallback, type TiffFallback } from './tiff-fallback.js';

/**
 * Opens a PNG, JPEG, WebP or TIFF (multi-page and CCITT G4 included) for OCR. libvips
 * (sharp) reads each page; a TIFF page it refuses goes to the fallback decoder
 * (utif2), page by page, so a mixed multi-page file loses no page. Sizes are checked
 * from the headers, so a pixel flood is refused before any pixel is decoded; sharp's
 * `limitInputPixels` guards the decode itself as well.
 */
export async function openRasterPages(
  file: string,
  limits: PageLimits,
  format: OcrInputFormat,
): Promise<PageSource> {
  let fallback: Promise<TiffFallback> | undefined;
  const tiffFallback = () => {
    fallback ??= openTiffFallback(file);
    return fallback;
  };
  const refusedByLibvips = async (pageNumber: number, error: unknown): Promise<PageImage> => {
    const libvips = `libvips: ${firstLine(error)}`;
    if (format !== 'tiff') {
      throw new BadImageError(file, `page ${pageNumber}: cannot decode the image (${libvips})`);
    }
    try {
      const page = await (await tiffFallback()).decodePage(pageNumber - 1, limits.maxPixels);
      return { pageNumber, ...page, textLayer: null };
    } catch (fallbackError) {
      rethrowSystemError(fallbackError);
      throw new BadImageError(
        file,
        `page ${pageNumber}: cannot decode the image (${libvips}; ${firstLine(fallbackError)})`,
      );
    }
  };

  let first: Metadata | undefined;
  let pageCount: number;
  try {
    first = await readHeader(file, 0);
    pageCount = first.pages ?? 1;
  } catch (error) {
    if (format !== 'tiff') {
      throw new BadImageError(
        file,
        `page 1: cannot read the image header (libvips: ${firstLine(error)})`,
      );
    }
    pageCount = await tiffFallback().then(
      (opened) => opened.pageCount,
      (fallbackError) => {
        rethrowSystemError(fallbackError);
        throw new BadImageError(
          file,
          `cannot read the image header (libvips: ${firstLine(error)}; ${firstLine(fallbackError)})`,
        );
      },
    );
  }
  if (pageCount > limits.maxPages) {
    throw new BadImageError(file, `${pageCount} pages exceeds the limit of ${limits.maxPages}`);
  }
  return {
    pageCount,
    load: async (pageNumber) => {
      let header: Metadata;
      try {
        header = pageNumber === 1 && first ? first : await readHeader(file, pageNumber - 1);
      } catch (error) {
        return refusedByLibvips(pageNumber, error);
      }
      // A multi-page TIFF reports each page's own size when opened at that page.
      const width = header.width;
      const height = header.pageHeight ?? header.height;
      if (!width || !height)
        throw new BadImageError(file, `page ${pageNumber}: the image has no size`);
      if (width * height > limits.maxPixels) {
        throw new BadImageError(
          file,
          `page ${pageNumber}: ${describePixelFlood(width, height, limits.maxPixels)}`,
        );
      }
      try {
        const decoded = await greyPixels(
          sharp(file, {
            page: pageNumber - 1,
            limitInputPixels: limits.maxPixels,
            autoOrient: true,
          }),
        );
        return {
          pageNumber,
          ...decoded,
          dpi: header.density ? Math.round(header.density) : null,
          textLayer: null,
        };
      } catch (error) {
        return refusedByLibvips(pageNumber, error);
      }
    },
  };
}

/** Header only: no pixel is decoded, so no pixel limit is needed to read it. */
function readHeader(file: string, pageIndex: number): Promise<Metadata> {
  return sharp(file, { page: pageIndex, limitInputPixels: false }).metadata();
}

/** A disk or permission error says nothing about the file's bytes: it may pass, so it is no refusal. */
function rethrowSystemError(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== undefined) throw error;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
