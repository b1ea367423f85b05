import type { Database } from '../infra/catalog/database.js';
import { saveOcrPages } from '../infra/catalog/ocr-rows.js';
import { JobName } from '../jobs/names.js';
import { recordedJobs } from '../jobs/recorded-job-results.js';
import type { ItemRecord } from '../model/item-record.js';

/**
 * Indexes what processing jobs found (OCR text, for now) from the item record, so
 * finalise and `heritage reindex` index the same thing the same way.
 */
export async function saveJobResultIndexes(db: Database, record: ItemRecord): Promise<void> {
  for (const ocr of recordedJobs(record, JobName.OcrPage)) {
    const pages = ocr.result?.ocrPages;
    if (ocr.status === 'done' && pages) {
      await saveOcrPages(db, record.item.id, ocr.asset, pages);
    }
  }
}
