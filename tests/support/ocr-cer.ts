/**
 * Character error rate as OCR evaluations compute it: the Levenshtein distance between
 * the recognised and the true text over the true text's length, after Unicode NFC and
 * whitespace folding (every run of whitespace counts as one space).
 */
import { distance } from 'fastest-levenshtein';

/** NFC, with every whitespace run folded to one space and the ends trimmed. */
export function normaliseForCer(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** Edits needed per character of the truth (0 is perfect; above 1 is possible for long junk). */
export function characterErrorRate(recognised: string, truth: string): number {
  const expected = normaliseForCer(truth);
  if (expected.length === 0) throw new Error('character error rate needs a non-empty ground truth');
  // fastest-levenshtein counts UTF-16 code units; NFC text outside the astral planes is one unit per character.
  return distance(normaliseForCer(recognised), expected) / expected.length;
}
