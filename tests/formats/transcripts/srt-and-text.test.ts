import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DocumentFormatError, parsePlainText, parseSrt } from '../../../src/formats/index.js';
import { catchError } from '../../support/catch-error.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/annotations/${name}`, import.meta.url));

describe('reading SRT', () => {
  it('reads numbered cues with CRLF line ends, times in ms and formatting tags stripped', () => {
    const transcript = parseSrt(fixture('then-song.srt'), { sourceName: 'then-song.srt' });
    expect(transcript.tiers).toEqual([
      {
        name: 'subtitles',
        kind: 'interval',
        segments: [
          { startMs: 250, endMs: 1750, text: 'Pây tàng slam vằn' },
          { startMs: 1750, endMs: 3125, text: 'Then nói "khửn" fạ\n& tính tẩu' },
          { startMs: 62_003, endMs: 3_600_000, text: '(tiếng trống)' },
        ],
      },
    ]);
  });

  it('refuses a first cue without a timestamp line, naming the file and row', () => {
    const broken = '1\nno time here\nhello\n';
    const error = catchError(() => parseSrt(broken, { sourceName: 'broken.srt' }));
    expect(error).toBeInstanceOf(DocumentFormatError);
    expect(error.message).toMatch(
      /^broken\.srt: invalid SRT: expected timestamp at row 2.*no time here/,
    );
  });

  it('refuses a later cue without a timestamp line instead of gluing it to the cue before', () => {
    const broken = '1\n00:00:01,000 --> 00:00:02,000\nhello\n\n2\nno time here\nworld\n';
    expect(() => parseSrt(broken, { sourceName: 'glued.srt' })).toThrow(
      /^glued\.srt \(cue 2\): the block after cue 1 has no timestamp line \(it starts "2"\)/,
    );
  });

  it('refuses a cue that ends before it starts', () => {
    const reversed = '1\n00:00:05,000 --> 00:00:02,000\nhello\n';
    expect(() => parseSrt(reversed, { sourceName: 'r.srt' })).toThrow(
      /r\.srt \(line 2, cue 1\): cue 1 ends before it starts/,
    );
  });
});

describe('reading plain text', () => {
  it('gives one untimed segment per non-blank line, in order, repeats kept', () => {
    const transcript = parsePlainText(fixture('then-song.txt'), { sourceName: 'then-song.txt' });
    expect(transcript.tiers).toEqual([
      {
        name: 'then-song.txt',
        kind: 'untimed',
        segments: [
          { text: 'Pây tàng slam vằn' },
          { text: 'Then nói "khửn" fạ' },
          { text: 'Pây tàng slam vằn' },
        ],
      },
    ]);
  });

  it('refuses input above the size limit before reading it', () => {
    expect(() => parsePlainText('x'.repeat(101), { sourceName: 'big.txt', maxBytes: 100 })).toThrow(
      /^big\.txt: document is 101 bytes, more than the limit of 100 bytes/,
    );
  });
});
