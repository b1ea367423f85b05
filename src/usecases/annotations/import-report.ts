import type { Annotation, IgnoredPart, ImportOutcome } from '../../formats/index.js';
import type { AnnotationDocumentContent, TierRef } from './read-annotation-document.js';

/** What an import did with one tier of the document. */
export interface TierImportReport extends TierRef {
  /** Annotations read from the tier. */
  read: number;
  added: number;
  /** New versions of annotations the archive held (edits). */
  superseded: number;
  /** Already in the archive, or restating a current annotation. */
  unchanged: number;
  /** Annotations left out, counted by reason. */
  skipped: { reason: string; count: number }[];
  /** Why the whole tier was left out, when it was. */
  leftOut?: string;
}

/** The report of one import: per tier, and what the reader passed over. */
export interface ImportReport {
  tiers: TierImportReport[];
  ignored: IgnoredPart[];
}

/**
 * Builds the per-tier report of an import. `outcomes` pairs each imported annotation
 * (by the tier it was read from) with what the merge made of it; annotations of no
 * tier (heritage JSON, plain text) are reported under the tier name `(document)`.
 */
export function buildImportReport(
  content: AnnotationDocumentContent,
  outcomes: readonly { from: Annotation; outcome: ImportOutcome }[],
): ImportReport {
  const rows = new Map<string, TierImportReport>();
  const row = (ref: TierRef): TierImportReport => {
    const key = JSON.stringify([ref.tier, ref.tierOccurrence ?? 1]);
    let found = rows.get(key);
    if (!found) {
      found = { ...ref, read: 0, added: 0, superseded: 0, unchanged: 0, skipped: [] };
      rows.set(key, found);
    }
    return found;
  };
  for (const ref of content.tiers) row(ref);
  for (const { tier, reason } of content.skippedTiers) row({ tier }).leftOut = reason;
  for (const { from, outcome } of outcomes) {
    const target = row(tierOf(from));
    target.read += 1;
    target[outcome] += 1;
  }
  for (const { reason, ...ref } of content.skipped) {
    const skipped = row(ref).skipped;
    const same = skipped.find((entry) => entry.reason === reason);
    if (same) same.count += 1;
    else skipped.push({ reason, count: 1 });
  }
  return { tiers: [...rows.values()], ignored: content.ignored };
}

function tierOf(annotation: Annotation): TierRef {
  const { source } = annotation;
  if (source?.tier === undefined) return { tier: '(document)' };
  return source.tierOccurrence === undefined
    ? { tier: source.tier }
    : { tier: source.tier, tierOccurrence: source.tierOccurrence };
}

/** One line per tier for people, e.g. `tier "words" (2nd of that name): 12 read, 12 added, ...`. */
export function describeImportReport(report: ImportReport): string[] {
  const lines = report.tiers.map((tier) => {
    const name = `tier "${tier.tier}"${tier.tierOccurrence === undefined ? '' : ` (number ${tier.tierOccurrence} of that name)`}`;
    if (tier.leftOut !== undefined) return `${name}: left out, ${tier.leftOut}`;
    const skipped = tier.skipped.map((entry) => `, ${entry.count} skipped (${entry.reason})`);
    return `${name}: ${tier.read} read, ${tier.added} added, ${tier.superseded} superseded, ${tier.unchanged} unchanged${skipped.join('')}`;
  });
  if (report.ignored.length > 0) {
    const [first] = report.ignored;
    lines.push(
      `passed over ${report.ignored.length} parts of the document, as the format's specification says` +
        (first ? ` (first: line ${first.line}, ${first.reason})` : ''),
    );
  }
  return lines;
}
