import type { RegionAnchor } from './annotations/annotation-schema.js';
import type { ScanFacts } from './media-facts.js';

/** One OCR page of a scan, as the catalog holds it. */
export interface OcrPageState {
  asset: string;
  page: number;
  correctedText: string | null;
}

/** A current `correction` annotation on a scan region: its text and where it lies. */
export interface RegionCorrection {
  value: string;
  anchor: RegionAnchor;
}

/** A page whose corrected text must change (null: back to the OCR text). */
export interface PageTextChange<Page extends OcrPageState> {
  ocrPage: Page;
  correctedText: string | null;
}

/**
 * A linguist's correction becomes a page's text only when its region covers the whole
 * scan page; the latest such correction wins. A correction of part of a page stays an
 * annotation only: OCR page text cannot be spliced by pixel region. Pages with no
 * whole-page correction go back to the OCR text. `corrections` come oldest first;
 * returns the pages whose corrected text differs from what they hold.
 */
export function ocrPageTextChanges<Page extends OcrPageState>(
  pages: readonly Page[],
  corrections: readonly RegionCorrection[],
  scans: ReadonlyMap<string, Pick<ScanFacts, 'pageSize'>>,
): PageTextChange<Page>[] {
  const correctedText = new Map<string, string>();
  for (const { value, anchor } of corrections) {
    if (coversWholePage(anchor, scans.get(anchor.asset)))
      correctedText.set(pageKey(anchor.asset, anchor.page), value);
  }
  const changes: PageTextChange<Page>[] = [];
  for (const ocrPage of pages) {
    const wanted = correctedText.get(pageKey(ocrPage.asset, ocrPage.page)) ?? null;
    if (wanted !== ocrPage.correctedText) changes.push({ ocrPage, correctedText: wanted });
  }
  return changes;
}

function coversWholePage(
  anchor: RegionAnchor,
  scan: Pick<ScanFacts, 'pageSize'> | undefined,
): boolean {
  const size = scan?.pageSize(anchor.page);
  return (
    size !== undefined &&
    anchor.x <= 0 &&
    anchor.y <= 0 &&
    anchor.x + anchor.width >= size.width &&
    anchor.y + anchor.height >= size.height
  );
}

function pageKey(asset: string, page: number): string {
  return `${page} ${asset}`;
}
