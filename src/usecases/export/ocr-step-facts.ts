import { JobName } from '../../jobs/names.js';
import { recordedJob } from '../../jobs/recorded-job-results.js';
import type { ItemRecord } from '../../model/item-record.js';

/** Which engine read a scan, and with which models; undefined when the record does not say. */
export function ocrStepFacts(
  record: ItemRecord,
  scanPath: string,
): { engine: string; languages: string } | undefined {
  const { engine, languages } = recordedJob(record, JobName.OcrPage, scanPath)?.result ?? {};
  if (!engine || languages === undefined) return undefined;
  return { engine: `${engine.name} ${engine.version}`, languages };
}

/**
 * The language of an OCR page: the model's when the scan was read with one model named
 * by a three-letter ISO 639 code (`vie`, a valid BCP-47 tag as it stands), since that is
 * the language the engine read it as; otherwise (several models at once, a script model
 * such as `chi_sim`) the text cannot be told apart, and the item's language stands.
 */
export function ocrPageLanguage(record: ItemRecord, scanPath: string, fallback: string): string {
  const languages = ocrStepFacts(record, scanPath)?.languages;
  return languages !== undefined && /^[a-z]{3}$/.test(languages) ? languages : fallback;
}
