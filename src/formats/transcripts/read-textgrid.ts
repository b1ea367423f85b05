import { checkAnnotationCount, MAX_TIME_MS } from '../document-limits.js';
import { DocumentFormatError } from '../errors.js';
import { decodeDocumentText, type ReadOptions } from '../text-decoding.js';
import { type PraatToken, tokenizePraatText } from './textgrid-tokens.js';
import {
  secondsToMs,
  type TimedSegment,
  type TimedTier,
  type TimedTranscript,
} from './transcript-model.js';

/**
 * Reads a Praat TextGrid in the long or the short text form, in UTF-8 or UTF-16 with a
 * byte order mark (as Praat writes non-ASCII files). Times become whole milliseconds;
 * one that is not a finite time up to 49 days is refused with its line, and so is a tier
 * size that would take the document over the annotation limit, before it is read.
 */
export function parseTextGrid(input: Uint8Array | string, options: ReadOptions): TimedTranscript {
  const text = decodeDocumentText(input, options);
  const cursor = new TokenCursor(tokenizePraatText(text, options.sourceName), options);
  const fileType = cursor.string('the file type "ooTextFile"');
  if (!fileType.startsWith('ooTextFile')) {
    throw cursor.fail(`file type is "${fileType}", expected a Praat text file ("ooTextFile")`);
  }
  const objectClass = cursor.string('the object class "TextGrid"');
  if (objectClass !== 'TextGrid')
    throw cursor.fail(`object class is "${objectClass}", expected "TextGrid"`);
  const startMs = cursor.time('xmin');
  const endMs = cursor.time('xmax');
  const tiers: TimedTier[] = [];
  if (cursor.existence('tiers?')) {
    const count = cursor.count('size (number of tiers)');
    for (let index = 1; index <= count; index += 1) tiers.push(readTier(cursor, index));
  }
  cursor.expectEnd();
  return { format: 'textgrid', startMs, endMs, tiers };
}

function readTier(cursor: TokenCursor, index: number): TimedTier {
  const tierClass = cursor.string(`class of tier ${index}`);
  if (tierClass !== 'IntervalTier' && tierClass !== 'TextTier') {
    throw cursor.fail(
      `tier ${index} has class "${tierClass}", expected "IntervalTier" or "TextTier"`,
    );
  }
  const name = cursor.string(`name of tier ${index}`);
  cursor.time(`xmin of tier "${name}"`);
  cursor.time(`xmax of tier "${name}"`);
  const count = cursor.segmentCount(
    `number of ${tierClass === 'IntervalTier' ? 'intervals' : 'points'} in tier "${name}"`,
  );
  const segments: TimedSegment[] = [];
  for (let item = 1; item <= count; item += 1) {
    if (tierClass === 'IntervalTier') {
      const startMs = cursor.time(`xmin of interval ${item} in tier "${name}"`);
      const endMs = cursor.time(`xmax of interval ${item} in tier "${name}"`);
      if (endMs < startMs)
        throw cursor.fail(`interval ${item} in tier "${name}" ends before it starts`);
      segments.push({
        startMs,
        endMs,
        text: cursor.string(`text of interval ${item} in tier "${name}"`),
      });
    } else {
      const timeMs = cursor.time(`number (time) of point ${item} in tier "${name}"`);
      segments.push({
        startMs: timeMs,
        endMs: timeMs,
        text: cursor.string(`mark of point ${item} in tier "${name}"`),
      });
    }
  }
  return { name, kind: tierClass === 'IntervalTier' ? 'interval' : 'point', segments };
}

/** Reads typed values off the token stream, with errors that say what was expected where. */
class TokenCursor {
  /** The token read last, whose line errors name. */
  private last: PraatToken | undefined;
  /** Segments the tiers read so far declare, against the annotation limit. */
  private segments = 0;
  private readonly sourceName: string;

  constructor(
    private readonly tokens: Iterator<PraatToken>,
    private readonly options: ReadOptions,
  ) {
    this.sourceName = options.sourceName;
  }

  string(what: string): string {
    return this.next('string', what).text;
  }

  /** Praat's `<exists>` or `<absent>`; any other flag is refused, as Praat refuses it. */
  existence(what: string): boolean {
    const flag = this.next('flag', `${what} <exists> or <absent>`).text;
    if (flag === 'exists') return true;
    if (flag === 'absent') return false;
    throw this.fail(`${what} is "<${flag}>", which is not a value of <exists> or <absent>`);
  }

  time(what: string): number {
    const token = this.next('number', what);
    const ms = secondsToMs(Number(token.text));
    if (ms === undefined) {
      throw this.fail(
        `${what} is ${token.text}, expected seconds from 0 to ${MAX_TIME_MS / 1000} (49 days)`,
      );
    }
    return ms;
  }

  /** A tier's number of intervals or points, refused when the document would give too many. */
  segmentCount(what: string): number {
    const count = this.count(what);
    this.segments += count;
    checkAnnotationCount(this.segments, this.options, { line: this.last?.line });
    return count;
  }

  count(what: string): number {
    const token = this.next('number', what);
    if (!/^\d+$/.test(token.text) || !Number.isSafeInteger(Number(token.text)))
      throw this.fail(`${what} is ${token.text}, expected a whole number`);
    return Number(token.text);
  }

  expectEnd(): void {
    const extra = this.tokens.next();
    if (!extra.done) {
      this.last = extra.value;
      throw this.fail(`unexpected ${extra.value.kind} "${extra.value.text}" after the last tier`);
    }
  }

  fail(message: string): DocumentFormatError {
    return new DocumentFormatError(this.sourceName, message, { line: this.last?.line });
  }

  private next(kind: PraatToken['kind'], what: string): PraatToken {
    const result = this.tokens.next();
    if (result.done) throw this.fail(`the file ends where ${what} was expected`);
    const token = result.value;
    this.last = token;
    if (token.kind !== kind) {
      throw new DocumentFormatError(
        this.sourceName,
        `expected ${what} (a ${kind}), found ${token.kind} "${token.text}"`,
        {
          line: token.line,
        },
      );
    }
    return token;
  }
}
