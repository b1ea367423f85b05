import type { Annotation, Box, PageLayout } from '../api/types.js';

/*
 * How the workspace reads a page's corrections: a `correction` whose region is a line's
 * box corrects that line; one whose region covers the whole page is the page's text (the
 * archive makes it the page text for search and the catalog). Pure, for unit tests.
 */

/** A region annotation of one page, with its box. */
export type RegionAnnotation = Annotation & {
  anchor: Extract<Annotation['anchor'], { kind: 'region' }>;
};

/** The page of a scan an annotation must lie on. */
export interface PageRef {
  scan: string;
  page: number;
}

/** Boxes this alike (intersection over union) are the same place: a line's box rounded. */
const SAME_PLACE = 0.9;

export const boxOf = (annotation: RegionAnnotation): Box => {
  const { x, y, width, height } = annotation.anchor;
  return { x, y, width, height };
};

/** The current annotations on one page of one scan, in the order the API gave them. */
export function regionAnnotationsOn(
  annotations: readonly Annotation[],
  { scan, page }: PageRef,
): RegionAnnotation[] {
  return annotations.filter(
    (annotation): annotation is RegionAnnotation =>
      annotation.anchor.kind === 'region' &&
      annotation.anchor.asset === scan &&
      annotation.anchor.page === page,
  );
}

/** How much two boxes overlap: 1 for the same box, 0 for boxes apart. */
export function overlap(a: Box, b: Box): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (width <= 0 || height <= 0) return 0;
  const shared = width * height;
  return shared / (a.width * a.height + b.width * b.height - shared);
}

/** Whether `box` covers the whole of a page of `size`: then it is the page's text. */
export function coversPage(box: Box, size: { width: number; height: number }): boolean {
  return (
    box.x <= 0 && box.y <= 0 && box.x + box.width >= size.width && box.y + box.height >= size.height
  );
}

/** What the workspace shows of a page's corrections. */
export interface PageCorrections {
  /** The whole-page correction (the latest), when there is one. */
  page: RegionAnnotation | undefined;
  /** The correction of each OCR line, by line index, when it has one. */
  lines: Map<number, RegionAnnotation>;
  /** Every other region annotation of the page: rituals, symbols, notes, part corrections. */
  others: RegionAnnotation[];
}

export function pageCorrections(
  annotations: readonly Annotation[],
  where: PageRef,
  layout: Pick<PageLayout, 'width' | 'height' | 'lines'>,
): PageCorrections {
  const onPage = regionAnnotationsOn(annotations, where);
  let page: RegionAnnotation | undefined;
  const lines = new Map<number, RegionAnnotation>();
  const others: RegionAnnotation[] = [];
  for (const annotation of onPage) {
    if (annotation.type !== 'correction') {
      others.push(annotation);
      continue;
    }
    const box = boxOf(annotation);
    if (coversPage(box, layout)) {
      page = annotation;
      continue;
    }
    const line = lineAt(layout.lines, box);
    if (line === undefined) others.push(annotation);
    else lines.set(line, annotation);
  }
  return { page, lines, others };
}

/** The index of the OCR line whose box is `box`, give or take rounding. */
export function lineAt(lines: readonly { box: Box }[], box: Box): number | undefined {
  let best: number | undefined;
  let bestOverlap = SAME_PLACE;
  lines.forEach((line, index) => {
    const alike = overlap(line.box, box);
    if (alike >= bestOverlap) {
      best = index;
      bestOverlap = alike;
    }
  });
  return best;
}

/** A line's box as a region the API takes: whole pixels, inside the page. */
export function regionOf(box: Box, size: { width: number; height: number }): Box {
  const x = clamp(Math.floor(box.x), 0, size.width - 1);
  const y = clamp(Math.floor(box.y), 0, size.height - 1);
  return {
    x,
    y,
    width: Math.max(1, clamp(Math.ceil(box.x + box.width), x + 1, size.width) - x),
    height: Math.max(1, clamp(Math.ceil(box.y + box.height), y + 1, size.height) - y),
  };
}

/** The rectangle between two corners of a drag, in page pixels, kept inside the page. */
export function dragRectangle(
  from: { x: number; y: number },
  to: { x: number; y: number },
  size: { width: number; height: number },
): Box | undefined {
  const left = clamp(Math.min(from.x, to.x), 0, size.width);
  const right = clamp(Math.max(from.x, to.x), 0, size.width);
  const top = clamp(Math.min(from.y, to.y), 0, size.height);
  const bottom = clamp(Math.max(from.y, to.y), 0, size.height);
  // A click that barely moved is a click, not a rectangle.
  if (right - left < 4 || bottom - top < 4) return undefined;
  return regionOf({ x: left, y: top, width: right - left, height: bottom - top }, size);
}

/** A rectangle moved or grown by the arrow keys, kept inside the page. */
export function nudge(
  box: Box,
  change: { dx?: number; dy?: number; dw?: number; dh?: number },
  size: { width: number; height: number },
): Box {
  const width = clamp(box.width + (change.dw ?? 0), 1, size.width);
  const height = clamp(box.height + (change.dh ?? 0), 1, size.height);
  return {
    x: clamp(box.x + (change.dx ?? 0), 0, size.width - width),
    y: clamp(box.y + (change.dy ?? 0), 0, size.height - height),
    width,
    height,
  };
}

/** The page's text as OCR read it, or as its whole-page correction, line corrections applied. */
export function pageText(
  layout: Pick<PageLayout, 'lines'>,
  corrections: Pick<PageCorrections, 'page' | 'lines'>,
): string {
  if (corrections.page) return corrections.page.value;
  return layout.lines
    .map((line, index) => corrections.lines.get(index)?.value ?? line.text)
    .join('\n');
}

const clamp = (value: number, low: number, high: number) =>
  Math.min(Math.max(value, low), Math.max(low, high));

/** What a click on the page found: a region annotation, else an OCR line. */
export type PageHit = { kind: 'region'; id: string } | { kind: 'line'; index: number };

/** The smallest region holding the point, else the line holding it. */
export function hitAt(
  point: { x: number; y: number },
  regions: readonly RegionAnnotation[],
  lines: readonly { box: Box }[],
): PageHit | undefined {
  const inside = (box: Box) =>
    point.x >= box.x &&
    point.x <= box.x + box.width &&
    point.y >= box.y &&
    point.y <= box.y + box.height;
  const region = regions
    .filter((annotation) => inside(boxOf(annotation)))
    .sort((a, b) => a.anchor.width * a.anchor.height - b.anchor.width * b.anchor.height)[0];
  if (region) return { kind: 'region', id: region.id };
  const index = lines.findIndex((line) => inside(line.box));
  return index === -1 ? undefined : { kind: 'line', index };
}
