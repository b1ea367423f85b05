import { createRequire } from 'node:module';
import type { Entity, TreeNode } from 'webvtt-parser';
import webvtt from 'webvtt-parser';
import { checkAnnotationCount, MAX_TIME_MS } from '../document-limits.js';
import { DocumentFormatError } from '../errors.js';
import { decodeDocumentText, type ReadOptions } from '../text-decoding.js';
import { secondsToMs, type TimedSegment, type TimedTranscript } from './transcript-model.js';

// The parser knows only six entities unless given the full HTML table, which it ships.
const htmlEntities = createRequire(import.meta.url)('webvtt-parser/html-entities.json') as Record<
  Entity,
  string
>;

/**
 * Reads WebVTT as a browser does (the W3C "WebVTT parser algorithm"): the document is
 * refused only when the specification refuses it, that is when it does not start with
 * the `WEBVTT` signature (after at most one byte order mark); NUL becomes U+FFFD; header
 * lines, regions, style sheets, notes, blocks whose timings cannot be read and bad or
 * repeated cue settings are passed over and listed in `ignored` with their line.
 *
 * The cues come from `webvtt-parser`, the W3C validator's implementation of that
 * algorithm: it finds every cue a browser finds (the web-platform-tests parsing suite
 * agrees on all its files) but reports each departure from the authoring rules as an
 * error, which is why those errors are passed over here rather than refusing the
 * document. Its signature check lets a second byte order mark through, so the
 * signature is checked here. Cue markup (voices, italics, ruby) is reduced to its text.
 * A cue may end before it starts (browsers keep it); a timestamp later than 49 days is
 * refused with its line.
 */
export function parseWebVtt(input: Uint8Array | string, options: ReadOptions): TimedTranscript {
  const text = decodeDocumentText(input, options, { nul: 'replace' });
  if (!/^WEBVTT(?:$|[ \t\r\n])/.test(text)) {
    throw new DocumentFormatError(
      options.sourceName,
      'not WebVTT: the document must start with "WEBVTT" (after at most one byte order mark), then a space, a tab or a line break',
      { line: 1 },
    );
  }
  const result = new webvtt.WebVTTParser(htmlEntities).parse(text, 'subtitles');
  checkAnnotationCount(result.cues.length, options);
  const segments: TimedSegment[] = result.cues.map((cue, index) => {
    const startMs = secondsToMs(cue.startTime);
    const endMs = secondsToMs(cue.endTime);
    if (startMs === undefined || endMs === undefined) {
      throw new DocumentFormatError(
        options.sourceName,
        `cue ${index + 1} has a timestamp later than ${MAX_TIME_MS} ms (49 days)`,
        { line: lineOfFarTimestamp(text) },
      );
    }
    return {
      startMs,
      endMs,
      text: plainText(cue.tree.children),
      ...(cue.id === '' ? {} : { cueId: cue.id }),
    };
  });
  return {
    format: 'webvtt',
    tiers: [{ name: 'cues', kind: 'interval', segments }],
    ignored: result.errors.map((error) => ({ line: error.line, reason: error.message })),
  };
}

function plainText(nodes: readonly TreeNode[]): string {
  let text = '';
  for (const node of nodes) {
    if (node.type === 'text') text += node.value;
    else if (node.type === 'object') text += plainText(node.children as TreeNode[]);
  }
  return text;
}

const TIMESTAMP = /(?:(\d+):)?(\d+):(\d+)\.(\d+)/g;

/** The first timing line with a timestamp past 49 days (the parser gives cues without lines). */
function lineOfFarTimestamp(text: string): number | undefined {
  const lines = text.split(/\r\n|\r|\n/);
  const index = lines.findIndex(
    (line) =>
      line.includes('-->') &&
      [...line.matchAll(TIMESTAMP)].some(([, hours = '0', minutes = '0', seconds = '0']) => {
        const total = (Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds)) * 1000;
        return !(total <= MAX_TIME_MS);
      }),
  );
  return index === -1 ? undefined : index + 1;
}
