import { parseSync } from 'subtitle';
import { DocumentFormatError } from '../errors.js';
import { decodeDocumentText, type ReadOptions } from '../text-decoding.js';
import type { TimedSegment, TimedTranscript } from './transcript-model.js';

/** The formatting tags SRT players understand; they carry no words. */
const SRT_TAGS = /<\/?(?:i|b|u|font)(?:\s[^>]*)?>/gi;

/** Reads SubRip (SRT) subtitles with the `subtitle` package; tags are stripped from the text. */
export function parseSrt(input: Uint8Array | string, options: ReadOptions): TimedTranscript {
  const text = decodeDocumentText(input, options);
  let nodes: ReturnType<typeof parseSync>;
  try {
    nodes = parseSync(text);
  } catch (error) {
    throw new DocumentFormatError(options.sourceName, `invalid SRT: ${(error as Error).message}`);
  }
  const segments: TimedSegment[] = [];
  for (const node of nodes) {
    if (node.type !== 'cue') continue;
    const { start, end } = node.data;
    if (end < start) {
      throw new DocumentFormatError(
        options.sourceName,
        `cue ${segments.length + 1} ends before it starts`,
        {
          field: `cue ${segments.length + 1}`,
        },
      );
    }
    // subtitle keeps a block that lacks its timestamp line as more text of the cue before it.
    const stray = /\n[ \t]*\n\s*([^\n]*)/.exec(node.data.text);
    if (stray) {
      throw new DocumentFormatError(
        options.sourceName,
        `the block after cue ${segments.length + 1} has no timestamp line (it starts "${stray[1]}")`,
        { field: `cue ${segments.length + 2}` },
      );
    }
    segments.push({ startMs: start, endMs: end, text: node.data.text.replace(SRT_TAGS, '') });
  }
  return { format: 'srt', tiers: [{ name: 'subtitles', kind: 'interval', segments }] };
}
