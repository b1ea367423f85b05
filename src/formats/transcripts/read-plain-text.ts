import { checkAnnotationCount } from '../document-limits.js';
import { decodeDocumentText, type ReadOptions } from '../text-decoding.js';
import type { Transcript } from './transcript-model.js';

/**
 * Reads plain text as one segment per non-blank line, without times; blank lines (stanza
 * breaks) are skipped. The tier is named after the source.
 */
export function parsePlainText(input: Uint8Array | string, options: ReadOptions): Transcript {
  const text = decodeDocumentText(input, options);
  const segments = text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .map((line) => ({ text: line }));
  checkAnnotationCount(segments.length, options);
  return { format: 'text', tiers: [{ name: options.sourceName, kind: 'untimed', segments }] };
}
