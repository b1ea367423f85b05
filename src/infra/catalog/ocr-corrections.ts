import { scanFacts } from '../../model/media-facts.js';
import { ocrPageTextChanges, type RegionCorrection } from '../../model/ocr-page-text.js';
import type { Database } from './database.js';
import { foldForSearch } from './search-text.js';

/**
 * Makes an item's OCR page rows prefer a linguist's correction: each page's
 * `corrected_text`, which search and display use instead of the OCR text, is set as
 * `ocrPageTextChanges` rules from the item's current region corrections. Call it after
 * annotation or OCR rows change. Returns how many pages changed.
 */
export async function applyOcrCorrections(db: Database, itemId: string): Promise<number> {
  const pages = await db.query<{
    asset: string;
    page: number;
    text: string;
    correctedText: string | null;
  }>(
    'SELECT asset_path AS asset, page, text, corrected_text AS "correctedText" FROM ocr_pages WHERE item_id = $1',
    [itemId],
  );
  if (pages.length === 0) return 0;
  const scans = await db.query<{ logical_path: string; technical: Record<string, unknown> }>(
    "SELECT logical_path, technical FROM assets WHERE item_id = $1 AND role = 'scan'",
    [itemId],
  );
  const ocrResults = await db.query<{ asset_path: string; result: unknown }>(
    "SELECT asset_path, result FROM step_results WHERE item_id = $1 AND step = 'ocr-page'",
    [itemId],
  );
  const corrections = await db.query<RegionCorrection>(
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
  const changes = ocrPageTextChanges(pages, corrections, facts);
  for (const { ocrPage, correctedText } of changes) {
    await db.query(
      `UPDATE ocr_pages SET corrected_text = $4, search_text = $5
        WHERE item_id = $1 AND asset_path = $2 AND page = $3`,
      [
        itemId,
        ocrPage.asset,
        ocrPage.page,
        correctedText,
        foldForSearch(correctedText ?? ocrPage.text),
      ],
    );
  }
  return changes.length;
}
