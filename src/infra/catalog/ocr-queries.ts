import type { Database } from './database.js';

/** One OCR page of an item, with a linguist's correction when there is one. */
export interface OcrPageText {
  itemId: string;
  asset: string;
  page: number;
  text: string;
  correctedText: string | null;
  meanConfidence: number | null;
}

const pageColumns = `item_id AS "itemId", asset_path AS asset, page, text,
  corrected_text AS "correctedText", mean_confidence AS "meanConfidence"`;

/** Every OCR page of the items, ordered by item, asset and page. */
export async function ocrPagesOf(db: Database, itemIds: readonly string[]): Promise<OcrPageText[]> {
  if (itemIds.length === 0) return [];
  return db.query<OcrPageText>(
    `SELECT ${pageColumns} FROM ocr_pages WHERE item_id = ANY($1) ORDER BY item_id, asset_path, page`,
    [itemIds],
  );
}

/** The OCR pages of the items that a linguist corrected, ordered by item, asset and page. */
export async function correctedOcrPagesOf(
  db: Database,
  itemIds: readonly string[],
): Promise<(OcrPageText & { correctedText: string })[]> {
  if (itemIds.length === 0) return [];
  return db.query<OcrPageText & { correctedText: string }>(
    `SELECT ${pageColumns} FROM ocr_pages
      WHERE item_id = ANY($1) AND corrected_text IS NOT NULL ORDER BY item_id, asset_path, page`,
    [itemIds],
  );
}

/** A linguist's text of one scan page (a whole-page correction), or null when it has none. */
export async function correctedPageText(
  db: Database,
  itemId: string,
  asset: string,
  page: number,
): Promise<string | null> {
  const [row] = await db.query<{ correctedText: string | null }>(
    `SELECT corrected_text AS "correctedText" FROM ocr_pages
      WHERE item_id = $1 AND asset_path = $2 AND page = $3`,
    [itemId, asset, page],
  );
  return row?.correctedText ?? null;
}
