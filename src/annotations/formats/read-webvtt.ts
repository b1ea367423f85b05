import { createRequire } from 'node:module';
import type { Entity, TreeNode } from 'webvtt-parser';
import webvtt from 'webvtt-parser';
import { checkAnnotationCount, MAX_TIME_MS } from '../document-limits.js';
import { DocumentFormatError } from '../errors.js';
import { decodeDocumentText, type ReadOptions } from '../text-decoding.js';
import { cueTimingLines } from './cue-lines.js';
import { secondsToMs, type TimedSegment, type TimedTranscript } from './transcript-model.js';

// The parser knows only six entities unless given the full HTML table, which it ships.
const htmlEntities = createRequire(import.meta.url)('webvtt-parser/html-entities.json') as Record<
  Entity,
  string
>;

/**
 * Reads WebVTT with the W3C's own parser, which checks the file against the
 * specification: any problem it reports is refused with its line and column. Cue markup
 * (voices, italics, ruby) is reduced to its text. A timestamp later than 49 days (the
 * parser turns hours of 309 digits into Infinity) is refused with its line.
 */
export function parseWebVtt(input: Uint8Array | string, options: ReadOptions): TimedTranscript {
  const text = decodeDocumentText(input, options);
  const result = new webvtt.WebVTTParser(htmlEntities).parse(text, 'subtitles');
  const [first] = result.errors;
  if (first) {
    const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more problems)` : '';
    throw new DocumentFormatError(options.sourceName, `invalid WebVTT: ${first.message}${more}`, {
      line: first.line,
      column: first.col,
    });
  }
  checkAnnotationCount(result.cues.length, options);
  const lines = cueTimingLines(text);
  const segments: TimedSegment[] = result.cues.map((cue, index) => {
    const startMs = secondsToMs(cue.startTime);
    const endMs = secondsToMs(cue.endTime);
    if (startMs === undefined || endMs === undefined) {
      throw new DocumentFormatError(
        options.sourceName,
        `cue ${index + 1} has a timestamp later than ${MAX_TIME_MS} ms (49 days)`,
        { line: lines[index] },
      );
    }
    return {
      startMs,
      endMs,
      text: plainText(cue.tree.children),
      ...(cue.id === '' ? {} : { cueId: cue.id }),
    };
  });
  return { format: 'webvtt', tiers: [{ name: 'cues', kind: 'interval', segments }] };
}

function plainText(nodes: readonly TreeNode[]): string {
  let text = '';
  for (const node of nodes) {
    if (node.type === 'text') text += node.value;
    else if (node.type === 'object') text += plainText(node.children as TreeNode[]);
  }
  return text;
}
