import type { TimedAnnotation } from './tier-grouping.js';

/*
 * The changes behind the tier rows' commands, as `saveChanges` takes them: a split and a
 * merge are each one batch, so that the archive never holds half of one.
 */

interface TimeAnchorRequest {
  kind: 'time';
  asset?: string;
  startMs: number;
  endMs: number;
}

/** One change as `saveChanges` takes it (its `AnnotationChange`), for time-anchored annotations. */
export type AnnotationChange =
  | {
      op: 'add';
      type: string;
      value: string;
      language?: string;
      terms?: string[];
      anchor: TimeAnchorRequest;
    }
  | { op: 'supersede'; id: string; value?: string; terms?: string[]; anchor?: TimeAnchorRequest }
  | { op: 'retire'; id: string };

/** Shortest span a boundary move or a split may leave, in milliseconds. */
export const MIN_SPAN_MS = 20;

const timeAnchor = (annotation: TimedAnnotation, startMs: number, endMs: number) => ({
  kind: 'time' as const,
  asset: annotation.anchor.asset,
  startMs,
  endMs,
});

/**
 * Where to cut the text of a split: at the caret when the person is typing in it, else
 * at the word boundary nearest the share of time before the cut. A text of one word
 * goes to both halves, to be corrected.
 */
export function splitText(
  value: string,
  fraction: number,
  caret?: number,
): [left: string, right: string] {
  if (caret !== undefined && caret > 0 && caret < value.length) {
    const left = value.slice(0, caret).trim();
    const right = value.slice(caret).trim();
    if (left && right) return [left, right];
  }
  const words = value.trim().split(/\s+/).filter(Boolean);
  if (words.length < 2) return [value, value];
  const cut = Math.min(words.length - 1, Math.max(1, Math.round(words.length * fraction)));
  return [words.slice(0, cut).join(' '), words.slice(cut).join(' ')];
}

/** Cuts `annotation` at `atMs`: the first part supersedes it, the second is added; undefined if too near an end. */
export function planSplit(
  annotation: TimedAnnotation,
  atMs: number,
  caret?: number,
): AnnotationChange[] | undefined {
  const { startMs, endMs } = annotation.anchor;
  const at = Math.round(atMs);
  if (at - startMs < MIN_SPAN_MS || endMs - at < MIN_SPAN_MS) return undefined;
  const [left, right] = splitText(annotation.value, (at - startMs) / (endMs - startMs), caret);
  return [
    {
      op: 'supersede',
      id: annotation.id,
      value: left,
      anchor: timeAnchor(annotation, startMs, at),
    },
    {
      op: 'add',
      type: annotation.type,
      value: right,
      ...(annotation.language ? { language: annotation.language } : {}),
      ...(annotation.terms.length > 0 ? { terms: annotation.terms } : {}),
      anchor: timeAnchor(annotation, at, endMs),
    },
  ];
}

/** The annotation after `annotation` in its tier (sorted by start), if any. */
export function nextInTier(
  tier: readonly TimedAnnotation[],
  annotation: TimedAnnotation,
): TimedAnnotation | undefined {
  const at = tier.findIndex((candidate) => candidate.id === annotation.id);
  return at < 0 ? undefined : tier[at + 1];
}

/** Joins `first` with `second`: the first takes both spans and texts, the second is retired. */
export function planMerge(first: TimedAnnotation, second: TimedAnnotation): AnnotationChange[] {
  const startMs = Math.min(first.anchor.startMs, second.anchor.startMs);
  const endMs = Math.max(first.anchor.endMs, second.anchor.endMs);
  const terms = [...new Set([...first.terms, ...second.terms])];
  return [
    {
      op: 'supersede',
      id: first.id,
      value: `${first.value.trim()} ${second.value.trim()}`.trim(),
      ...(terms.length > first.terms.length ? { terms } : {}),
      anchor: timeAnchor(first, startMs, endMs),
    },
    { op: 'retire', id: second.id },
  ];
}

/**
 * A boundary moved to `ms` (kept within the recording and at least `MIN_SPAN_MS` from the
 * other one); undefined when nothing moves.
 */
export function planBoundary(
  annotation: TimedAnnotation,
  side: 'start' | 'end',
  ms: number,
  durationMs: number,
): AnnotationChange[] | undefined {
  const { startMs, endMs } = annotation.anchor;
  const at = Math.round(ms);
  const start = side === 'start' ? Math.min(Math.max(0, at), endMs - MIN_SPAN_MS) : startMs;
  const end = side === 'end' ? Math.max(Math.min(durationMs, at), startMs + MIN_SPAN_MS) : endMs;
  if (start === startMs && end === endMs) return undefined;
  if (start < 0 || end <= start) return undefined;
  return [{ op: 'supersede', id: annotation.id, anchor: timeAnchor(annotation, start, end) }];
}

/** Both boundaries at once (a region dragged on the waveform); undefined when nothing moves. */
export function planSpan(
  annotation: TimedAnnotation,
  startMs: number,
  endMs: number,
): AnnotationChange[] | undefined {
  const start = Math.max(0, Math.round(startMs));
  const end = Math.round(endMs);
  if (end - start < MIN_SPAN_MS) return undefined;
  if (start === annotation.anchor.startMs && end === annotation.anchor.endMs) return undefined;
  return [{ op: 'supersede', id: annotation.id, anchor: timeAnchor(annotation, start, end) }];
}
