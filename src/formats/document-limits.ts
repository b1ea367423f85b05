import { DocumentFormatError, type DocumentLocation } from './errors.js';

/**
 * Limits every document reader keeps, so that one transcript cannot take a worker's
 * memory or flood the catalog. The defaults leave room for the longest real transcripts
 * (a two-hour recording with word-level tiers holds some tens of thousands of
 * annotations); settings can raise them.
 */

/** Largest document accepted unless told otherwise: 32 MiB. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 32 * 1024 * 1024;

/** Most annotations (intervals, points, cues, lines, ELAN annotations) one document may give. */
export const DEFAULT_MAX_ANNOTATIONS = 100_000;

/**
 * Latest time a document may name, in milliseconds: 2^32 - 1 (49 days), the bound of
 * ELAN's TIME_VALUE. Anything later is a mistake or an attack (`1e308` is Infinity).
 */
export const MAX_TIME_MS = 0xffff_ffff;

/** Refuses a document that gives more annotations than `maxAnnotations`, naming where. */
export function checkAnnotationCount(
  count: number,
  options: { sourceName: string; maxAnnotations?: number },
  location: DocumentLocation = {},
): void {
  const limit = options.maxAnnotations ?? DEFAULT_MAX_ANNOTATIONS;
  if (count > limit) {
    throw new DocumentFormatError(
      options.sourceName,
      `the document gives ${count} annotations, more than the limit of ${limit} per document`,
      location,
    );
  }
}
