import { parseSync } from 'subtitle';
import { checkAnnotationCount, MAX_TIME_MS } from '../document-limits.js';
import { DocumentFormatError } from '../errors.js';
import { decodeDocumentText, type ReadOptions } from '../text-decoding.js';
import { cueTimingLines } from './cue-lines.js';
import type { TimedSegment, TimedTranscript } from './transcript-model.js';

/** The formatting tags SRT players understand; they carry no words. */
const SRT_TAGS = /<\/?(?:i|b|u|font)(?:\s[^>]*)?>/gi;

/**
 * Reads SubRip (SRT) subtitles with the `subtitle` package; tags are stripped from the
 * text. A timestamp later than 49 days (or one so long it overflows) is refused with its line.
 */
export function parseSrt(input: Uint8Array | string, options: ReadOptions): TimedTranscript {
  const text = decodeDocumentText(input, options);
  let nodes: ReturnType<typeof parseSync>;
  try {
    nodes = parseSync(text);
  } catch (error) {
    throw new DocumentFormatError(options.sourceName, `invalid SRT: ${(error as Error).message}`);
  }
  const cues = nodes.flatMap((node) => (node.type === 'cue' ? [node.data] : []));
  checkAnnotationCount(cues.length, options);
  const lines = cueTimingLines(text);
  const segments: TimedSegment[] = [];
  for (const cue of cues) {
    const { start, end } = cue;
    if (!isTime(start) || !isTime(end)) {
      throw new DocumentFormatError(
        options.sourceName,
        `cue ${segments.length + 1} has a timestamp later than ${MAX_TIME_MS} ms (49 days)`,
        { line: lines[segments.length], field: `cue ${segments.length + 1}` },
      );
    }
    if (end < start) {
      throw new DocumentFormatError(
        options.sourceName,
        `cue ${segments.length + 1} ends before it starts`,
        { line: lines[segments.length], field: `cue ${segments.length + 1}` },
      );
    }
    // subtitle keeps a block that lacks its timestamp line as more text of the cue before it.
    const stray = /\n[ \t]*\n\s*([^\n]*)/.exec(cue.text);
    if (stray) {
      throw new DocumentFormatError(
        options.sourceName,
        `the block after cue ${segments.length + 1} has no timestamp line (it starts "${stray[1]}")`,
        { field: `cue ${segments.length + 2}` },
      );
    }
    segments.push({ startMs: start, endMs: end, text: cue.text.replace(SRT_TAGS, '') });
  }
  return { format: 'srt', tiers: [{ name: 'subtitles', kind: 'interval', segments }] };
}

/** `subtitle` gives whole milliseconds, or Infinity and huge numbers for absurd hours. */
function isTime(ms: number): boolean {
  return Number.isInteger(ms) && ms >= 0 && ms <= MAX_TIME_MS;
}
