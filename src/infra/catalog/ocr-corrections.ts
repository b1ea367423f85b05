import type { RegionAnchor } from '../../formats/index.js';
import { scanFacts } from '../../model/media-facts.js';
import type { Database } from './database.js';
import { foldForSearch } from './search-text.js';

/**
 * Makes an item's OCR page rows prefer a linguist's correction: the current
 * `correction` annotation whose region covers a whole scan page (the latest, if
 * several) becomes that page's `corrected_text`, which search and display use instead of
 * the OCR text. A correction of part of a page stays an annotation only: OCR page text
 * cannot be spliced by pixel region. Pages whose correction was superseded by a
 * non-correction go back to the OCR text. Call it after annotation or OCR rows change.
 */
export async function applyOcrCorrections(db: Database, itemId: string): Promise<number> {
  const pages = await db.query<{
    asset_path: string;
    page: number;
    text: string;
    corrected_text: string | null;
  }>('SELECT asset_path, page, text, corrected_text FROM ocr_pages WHERE item_id = $1', [itemId]);
  if (pages.length === 0) return 0;
  const scans = await db.query<{ logical_path: string; technical: Record<string, unknown> }>(
    "SELECT logical_path, technical FROM assets WHERE item_id = $1 AND role = 'scan'",
    [itemId],
  );
  const ocrResults = await db.query<{ asset_path: string; result: unknown }>(
    "SELECT asset_path, result FROM step_results WHERE item_id = $1 AND step = 'ocr-page'",
    [itemId],
  );
  const corrections = await db.query<{ value: string; anchor: RegionAnchor }>(
    `SELECT value, anchor FROM annotations
      WHERE item_id = $1 AND type = 'correction' AND superseded_by IS NULL AND page IS NOT NULL
      ORDER BY created_at, id`,
    [itemId],
  );
  const facts = new Map(
    scans.map((scan) => [
      scan.logical_path,
      scanFacts(
        { path: scan.logical_path, technical: scan.technical },
        ocrResults.find((row) => row.asset_path === scan.logical_path)?.result,
      ),
    ]),
  );
  const correctedText = new Map<string, string>();
  for (const { value, anchor } of corrections) {
    const size = facts.get(anchor.asset)?.pageSize(anchor.page);
    const wholePage =
      size !== undefined &&
      anchor.x <= 0 &&
      anchor.y <= 0 &&
      anchor.x + anchor.width >= size.width &&
      anchor.y + anchor.height >= size.height;
    if (wholePage) correctedText.set(pageKey(anchor.asset, anchor.page), value);
  }
  let changed = 0;
  for (const row of pages) {
    const wanted = correctedText.get(pageKey(row.asset_path, row.page)) ?? null;
    if (wanted === row.corrected_text) continue;
    await db.query(
      `UPDATE ocr_pages SET corrected_text = $4, search_text = $5
        WHERE item_id = $1 AND asset_path = $2 AND page = $3`,
      [itemId, row.asset_path, row.page, wanted, foldForSearch(wanted ?? row.text)],
    );
    changed += 1;
  }
  return changed;
}

function pageKey(asset: string, page: number): string {
  return `${page} ${asset}`;
}
