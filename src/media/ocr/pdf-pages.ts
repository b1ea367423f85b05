import sharp from 'sharp';
import { BadImageError } from './errors.js';
import {
  describePixelFlood,
  greyPixels,
  type PageImage,
  type PageLimits,
  type PageSource,
} from './page-image.js';
import { runPoppler } from './poppler.js';

export interface PdfOptions {
  /** Resolution pages are rendered at. */
  dpi: number;
  /** Longest a poppler tool may run on one call. */
  timeoutMs: number;
}

interface PdfPageSize {
  widthPoints: number;
  heightPoints: number;
}

/**
 * Opens a PDF for OCR: every page is rendered by pdftoppm, and the text layer a page
 * already has is kept too (pdftotext). Page sizes come from pdfinfo first, so a page
 * that would render past the pixel limit is refused before it is drawn.
 */
export async function openPdfPages(
  file: string,
  limits: PageLimits,
  options: PdfOptions,
): Promise<PageSource> {
  const sizes = await readPageSizes(file, limits.maxPages, options.timeoutMs);
  return {
    pageCount: sizes.length,
    load: async (pageNumber) => {
      const size = sizes[pageNumber - 1];
      if (!size) throw new RangeError(`${file} has no page ${pageNumber}`);
      return renderPage(file, pageNumber, size, limits.maxPixels, options);
    },
  };
}

async function readPageSizes(
  file: string,
  maxPages: number,
  timeoutMs: number,
): Promise<PdfPageSize[]> {
  const info = (
    await runPoppler({
      tool: 'pdfinfo',
      args: ['-enc', 'UTF-8', '-f', '1', '-l', String(maxPages), file],
      file,
      timeoutMs,
      maxOutputBytes: 1024 * 1024,
    })
  ).toString('utf8');
  const pageCount = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? Number.NaN);
  if (!Number.isInteger(pageCount) || pageCount < 1)
    throw new BadImageError(file, 'the PDF has no pages');
  if (pageCount > maxPages) {
    throw new BadImageError(file, `${pageCount} pages exceeds the limit of ${maxPages}`);
  }
  const sizes = new Map<number, PdfPageSize>();
  for (const match of info.matchAll(/^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts/gm)) {
    sizes.set(Number(match[1]), { widthPoints: Number(match[2]), heightPoints: Number(match[3]) });
  }
  return Array.from({ length: pageCount }, (_, index) => {
    const size = sizes.get(index + 1);
    if (!size) throw new BadImageError(file, `pdfinfo reported no size for page ${index + 1}`);
    return size;
  });
}

async function renderPage(
  file: string,
  pageNumber: number,
  size: PdfPageSize,
  maxPixels: number,
  options: PdfOptions,
): Promise<PageImage> {
  const width = Math.round((size.widthPoints / 72) * options.dpi);
  const height = Math.round((size.heightPoints / 72) * options.dpi);
  if (width * height > maxPixels) {
    throw new BadImageError(
      file,
      `page ${pageNumber} at ${options.dpi} dpi: ${describePixelFlood(width, height, maxPixels)}`,
    );
  }
  const page = String(pageNumber);
  const [rendered, textLayer] = await Promise.all([
    runPoppler({
      tool: 'pdftoppm',
      args: [
        '-r',
        String(options.dpi),
        '-gray',
        '-png',
        '-f',
        page,
        '-l',
        page,
        '-singlefile',
        file,
      ],
      file,
      timeoutMs: options.timeoutMs,
      // A PNG is never much larger than its raw pixels.
      maxOutputBytes: maxPixels * 4 + 1024 * 1024,
    }),
    runPoppler({
      tool: 'pdftotext',
      args: ['-enc', 'UTF-8', '-f', page, '-l', page, file, '-'],
      file,
      timeoutMs: options.timeoutMs,
      maxOutputBytes: 16 * 1024 * 1024,
    }),
  ]);
  try {
    const decoded = await greyPixels(sharp(rendered, { limitInputPixels: maxPixels }));
    return {
      pageNumber,
      ...decoded,
      dpi: options.dpi,
      textLayer: cleanTextLayer(textLayer.toString('utf8')),
    };
  } catch (error) {
    throw new BadImageError(
      file,
      `page ${pageNumber}: cannot read the rendered page (${(error as Error).message})`,
    );
  }
}

/** pdftotext ends each page with a form feed; a page with no text layer yields only that. */
function cleanTextLayer(text: string): string | null {
  const trimmed = text.replace(/\f/g, '').trim();
  return trimmed === '' ? null : trimmed.normalize('NFC');
}
