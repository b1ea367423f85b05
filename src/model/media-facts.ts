import type { Asset } from './asset.js';

/** What an annotation span is checked against: a recording's length. */
export interface RecordingFacts {
  path: string;
  /** Rounded up, so that a transcript ending at the last millisecond still fits. */
  durationMs: number;
}

/** What an annotation region is checked against: a scan's pages and their pixel size. */
export interface ScanFacts {
  path: string;
  pageCount: number;
  /** Pixel size of a page (1-based), or undefined when the scan's metadata does not say. */
  pageSize(page: number): { width: number; height: number } | undefined;
}

/** The duration ingest measured for a recording (`technical.durationSeconds`), if any. */
export function recordingFacts(
  asset: Pick<Asset, 'path' | 'technical'>,
): RecordingFacts | undefined {
  const seconds = asset.technical.durationSeconds;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return undefined;
  return { path: asset.path, durationMs: Math.ceil(seconds * 1000) };
}

/**
 * Pages and page sizes of a scan: `technical.width`/`height`/`pages` as ingest read them
 * from the image header (every page of a multi-page TIFF is taken at the first page's
 * size), or per page from `technical.pageSizes`; for a PDF, whose header has no pixels,
 * the pages as the OCR step rendered them (`ocrResult.pages[]`: pageNumber, width, height).
 */
export function scanFacts(
  asset: Pick<Asset, 'path' | 'technical'>,
  ocrResult?: unknown,
): ScanFacts {
  const { width, height, pages, pageSizes } = asset.technical;
  const whole = asPageSize({ width, height });
  const perPage = Array.isArray(pageSizes)
    ? (pageSizes as unknown[]).map((size) => asPageSize(size))
    : whole
      ? undefined
      : renderedPages(ocrResult);
  const pageCount =
    typeof pages === 'number' && pages >= 1 ? pages : (perPage?.length ?? (whole ? 1 : 0));
  return {
    path: asset.path,
    pageCount,
    pageSize: (page) => (page < 1 || page > pageCount ? undefined : (perPage?.[page - 1] ?? whole)),
  };
}

/** Page sizes from an OCR step result, by page number. */
function renderedPages(
  ocrResult: unknown,
): ({ width: number; height: number } | undefined)[] | undefined {
  const pages = (ocrResult as { pages?: unknown } | undefined)?.pages;
  if (!Array.isArray(pages)) return undefined;
  const sizes: ({ width: number; height: number } | undefined)[] = [];
  for (const page of pages as { pageNumber?: unknown }[]) {
    if (typeof page?.pageNumber === 'number' && page.pageNumber >= 1)
      sizes[page.pageNumber - 1] = asPageSize(page);
  }
  return sizes.length > 0 ? Array.from(sizes) : undefined;
}

function asPageSize(value: unknown): { width: number; height: number } | undefined {
  const { width, height } = (value ?? {}) as { width?: unknown; height?: unknown };
  return typeof width === 'number' && typeof height === 'number' && width > 0 && height > 0
    ? { width, height }
    : undefined;
}
