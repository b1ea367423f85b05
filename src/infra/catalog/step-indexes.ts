import { z } from 'zod';
import type { ItemRecord } from '../../model/item-record.js';
import type { Database } from './database.js';
import { type OcrPageRow, saveOcrPages } from './ocr-rows.js';

const ocrPagesSchema = z.array(
  z.object({
    page: z.number().int().positive(),
    text: z.string(),
    meanConfidence: z.number().nullable(),
    needsReview: z.boolean(),
  }),
);

/**
 * Indexes what processing steps found (OCR text, for now) from the item record,
 * so finalise and `heritage reindex` index the same thing the same way.
 */
export async function saveStepIndexes(db: Database, record: ItemRecord): Promise<void> {
  for (const step of record.steps) {
    const pages = ocrPagesSchema.safeParse(step.result?.ocrPages);
    if (step.status === 'done' && pages.success) {
      await saveOcrPages(db, record.item.id, step.asset, pages.data satisfies OcrPageRow[]);
    }
  }
}
