import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DocumentFormatError, parseWebVtt, serializeWebVtt } from '../../src/annotations/index.js';
import { catchError } from '../support/catch-error.js';

const fixture = readFileSync(new URL('../fixtures/annotations/then-song.vtt', import.meta.url));

describe('reading WebVTT', () => {
  it('reads cues with ids, times in ms, markup reduced to text and HTML entities decoded', () => {
    const transcript = parseWebVtt(fixture, { sourceName: 'then-song.vtt' });
    expect(transcript.tiers).toEqual([
      {
        name: 'cues',
        kind: 'interval',
        segments: [
          { cueId: 'verse-1', startMs: 250, endMs: 1750, text: 'Pây tàng slam vằn' },
          { cueId: 'verse-2', startMs: 1750, endMs: 3125, text: 'Then nói "khửn" fạ\n& tính tẩu' },
          { startMs: 62_003, endMs: 3_600_000, text: '(tiếng trống)' },
        ],
      },
    ]);
  });

  it('refuses a file without the WEBVTT signature, naming the line', () => {
    const error = catchError(() =>
      parseWebVtt('00:01.000 --> 00:02.000\nhello\n', { sourceName: 'bad.vtt' }),
    );
    expect(error).toBeInstanceOf(DocumentFormatError);
    expect(error.message).toMatch(/^bad\.vtt \(line 1.*\): invalid WebVTT: No valid signature/);
  });

  it('refuses a malformed timestamp with its line and column', () => {
    const broken = 'WEBVTT\n\n00:00:01.000 --> 00:0x:02.000\nhello\n';
    expect(() => parseWebVtt(broken, { sourceName: 'ts.vtt' })).toThrow(
      /^ts\.vtt \(line 3:\d+\): invalid WebVTT/,
    );
  });
});

describe('writing WebVTT', () => {
  it('writes cues in time order that the W3C parser reads back unchanged', () => {
    const segments = [
      { startMs: 3_725_042, endMs: 3_726_000, text: 'hours & <tags> --> arrows', cueId: 'late' },
      { startMs: 7, endMs: 1_001, text: 'first' },
    ];
    const written = serializeWebVtt(segments);
    const [tier] = parseWebVtt(written, { sourceName: 'written.vtt' }).tiers;
    expect(tier?.segments).toEqual([
      { startMs: 7, endMs: 1_001, text: 'first' },
      { startMs: 3_725_042, endMs: 3_726_000, text: 'hours & <tags> --> arrows', cueId: 'late' },
    ]);
  });

  it('drops blank lines inside a value, which would otherwise end the cue', () => {
    const written = serializeWebVtt([{ startMs: 0, endMs: 1000, text: 'line one\n\n\nline two' }]);
    const [tier] = parseWebVtt(written, { sourceName: 'blank.vtt' }).tiers;
    expect(tier?.segments.map((segment) => segment.text)).toEqual(['line one\nline two']);
  });
});
