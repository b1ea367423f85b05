import type { Database } from './database.js';
import { foldForSearch } from './search-text.js';

export interface OcrPageRow {
  page: number;
  text: string;
  meanConfidence: number | null;
  needsReview: boolean;
}

/** Replaces the OCR text of one scan's pages; a linguist's correction on a page is kept. */
export async function saveOcrPages(
  db: Database,
  itemId: string,
  asset: string,
  pages: OcrPageRow[],
): Promise<void> {
  const corrections = await db.query<{ page: number; corrected_text: string }>(
    'SELECT page, corrected_text FROM ocr_pages WHERE item_id = $1 AND asset_path = $2 AND corrected_text IS NOT NULL',
    [itemId, asset],
  );
  const correctedText = new Map(corrections.map((row) => [row.page, row.corrected_text]));
  await db.query('DELETE FROM ocr_pages WHERE item_id = $1 AND asset_path = $2', [itemId, asset]);
  for (const page of pages) {
    const corrected = correctedText.get(page.page) ?? null;
    await db.query(
      `INSERT INTO ocr_pages (item_id, asset_path, page, text, corrected_text, mean_confidence, needs_review, search_text)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        itemId,
        asset,
        page.page,
        page.text,
        corrected,
        page.meanConfidence,
        page.needsReview,
        foldForSearch(corrected ?? page.text),
      ],
    );
  }
}
