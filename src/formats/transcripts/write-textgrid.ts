import type { TimedSegment, TimedTier } from './transcript-model.js';

/** Options for {@link serializeTextGrid}. */
export interface TextGridOptions {
  /** Start of the time domain (default 0). */
  startMs?: number;
  /** End of the time domain, e.g. the recording's duration; at least the last segment's end. */
  endMs?: number;
}

/**
 * Writes tiers as a Praat TextGrid in the long text form. Interval tiers must not
 * overlap within themselves; gaps are filled with empty intervals, as Praat requires
 * an interval tier to cover its whole time domain.
 */
export function serializeTextGrid(
  tiers: readonly TimedTier[],
  options: TextGridOptions = {},
): string {
  const startMs = options.startMs ?? 0;
  const lastEnd = Math.max(
    startMs,
    ...tiers.flatMap((tier) => tier.segments.map((segment) => segment.endMs)),
  );
  const endMs = Math.max(options.endMs ?? lastEnd, lastEnd);
  const lines = [
    'File type = "ooTextFile"',
    'Object class = "TextGrid"',
    '',
    `xmin = ${seconds(startMs)} `,
    `xmax = ${seconds(endMs)} `,
    'tiers? <exists> ',
    `size = ${tiers.length} `,
    'item []: ',
  ];
  tiers.forEach((tier, index) => {
    const isInterval = tier.kind === 'interval';
    const items = isInterval ? fillGaps(tier, startMs, endMs) : [...tier.segments].sort(byStart);
    const itemName = isInterval ? 'intervals' : 'points';
    lines.push(
      `    item [${index + 1}]:`,
      `        class = "${isInterval ? 'IntervalTier' : 'TextTier'}" `,
      `        name = ${quote(tier.name)} `,
      `        xmin = ${seconds(startMs)} `,
      `        xmax = ${seconds(endMs)} `,
      `        ${itemName}: size = ${items.length} `,
    );
    items.forEach((segment, itemIndex) => {
      lines.push(`        ${itemName} [${itemIndex + 1}]:`);
      if (isInterval) {
        lines.push(
          `            xmin = ${seconds(segment.startMs)} `,
          `            xmax = ${seconds(segment.endMs)} `,
          `            text = ${quote(segment.text)} `,
        );
      } else {
        lines.push(
          `            number = ${seconds(segment.startMs)} `,
          `            mark = ${quote(segment.text)} `,
        );
      }
    });
  });
  return `${lines.join('\n')}\n`;
}

function fillGaps(tier: TimedTier, startMs: number, endMs: number): TimedSegment[] {
  const filled: TimedSegment[] = [];
  let cursor = startMs;
  for (const segment of [...tier.segments].sort(byStart)) {
    if (segment.startMs < cursor) {
      throw new RangeError(
        `tier "${tier.name}": the interval at ${segment.startMs} ms overlaps the one before it (ending at ${cursor} ms)`,
      );
    }
    if (segment.endMs <= segment.startMs) {
      throw new RangeError(
        `tier "${tier.name}": the interval at ${segment.startMs} ms has no duration`,
      );
    }
    if (segment.startMs > cursor)
      filled.push({ startMs: cursor, endMs: segment.startMs, text: '' });
    filled.push(segment);
    cursor = segment.endMs;
  }
  if (cursor < endMs) filled.push({ startMs: cursor, endMs, text: '' });
  return filled;
}

function byStart(a: TimedSegment, b: TimedSegment): number {
  return a.startMs - b.startMs || a.endMs - b.endMs;
}

function seconds(ms: number): string {
  return String(ms / 1000);
}

/** Praat strings double their quotes. */
function quote(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}
