import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DocumentFormatError, parseWebVtt, serializeWebVtt } from '../../../src/formats/index.js';
import { catchError } from '../../support/catch-error.js';

const fixture = readFileSync(new URL('../../fixtures/annotations/then-song.vtt', import.meta.url));

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
    expect(error.message).toMatch(
      /^bad\.vtt \(line 1\): not WebVTT: the document must start with "WEBVTT"/,
    );
  });

  it('passes over a block whose timings cannot be read, as a browser does, and says where', () => {
    const broken =
      'WEBVTT\n\n00:00:01.000 --> 00:0x:02.000\nhello\n\n00:00:03.000 --> 00:00:04.000\nworld\n';
    const transcript = parseWebVtt(broken, { sourceName: 'ts.vtt' });
    expect(transcript.tiers[0]?.segments).toEqual([{ startMs: 3000, endMs: 4000, text: 'world' }]);
    expect(transcript.ignored?.[0]).toMatchObject({ line: 3 });
  });
});

describe('reading WebVTT as browsers read it', () => {
  const cue = '00:00:01.000 --> 00:00:02.000';

  it("reads a converter's header lines after WEBVTT (Kind, Language) and lists them as passed over", () => {
    const vtt = `WEBVTT\nKind: captions\nLanguage: en-GB\n\n${cue}\nhello\n`;
    const transcript = parseWebVtt(vtt, { sourceName: 'captions.vtt' });
    expect(transcript.tiers[0]?.segments).toEqual([{ startMs: 1000, endMs: 2000, text: 'hello' }]);
    expect(transcript.ignored?.map((part) => part.line)).toEqual([2, 3]);
  });

  it('passes over regions and style sheets and keeps the cues that use them', () => {
    const vtt = [
      'WEBVTT',
      '',
      'REGION',
      'id:left width:40% lines:3 regionanchor:0%,100% viewportanchor:10%,90% scroll:up',
      '',
      'STYLE',
      '::cue { color: yellow }',
      '',
      `${cue} region:left`,
      'in the region',
      '',
    ].join('\n');
    const transcript = parseWebVtt(vtt, { sourceName: 'regions.vtt' });
    expect(transcript.tiers[0]?.segments.map((segment) => segment.text)).toEqual(['in the region']);
    expect(transcript.ignored?.length).toBeGreaterThan(0);
  });

  it('keeps a cue whose settings are unknown, out of range or repeated', () => {
    const vtt = `WEBVTT\n\n${cue} align:start align:end line:200% size:x vertical:up\nset\n`;
    const transcript = parseWebVtt(vtt, { sourceName: 'settings.vtt' });
    expect(transcript.tiers[0]?.segments.map((segment) => segment.text)).toEqual(['set']);
    expect(transcript.ignored?.every((part) => part.line === 3)).toBe(true);
  });

  it('replaces NUL with U+FFFD instead of refusing the document', () => {
    const vtt = `WEBVTT\n\nid\0\n${cue}\nte\0xt\n`;
    const [tier] = parseWebVtt(Buffer.from(vtt), { sourceName: 'nul.vtt' }).tiers;
    expect(tier?.segments).toEqual([
      { startMs: 1000, endMs: 2000, text: 'te\uFFFDxt', cueId: 'id\uFFFD' },
    ]);
  });

  it('takes one byte order mark and refuses a second, as a browser does', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const body = Buffer.from(`WEBVTT\n\n${cue}\nhello\n`);
    expect(
      parseWebVtt(Buffer.concat([bom, body]), { sourceName: 'one.vtt' }).tiers[0]?.segments,
    ).toHaveLength(1);
    expect(() => parseWebVtt(Buffer.concat([bom, bom, body]), { sourceName: 'two.vtt' })).toThrow(
      /^two\.vtt \(line 1\): not WebVTT/,
    );
  });

  it('refuses a signature followed by anything but a space, a tab or a line break', () => {
    expect(() => parseWebVtt(`WEBVTT-\n\n${cue}\nx\n`, { sourceName: 'dash.vtt' })).toThrow(
      /not WebVTT/,
    );
    expect(() => parseWebVtt(`webvtt\n\n${cue}\nx\n`, { sourceName: 'lower.vtt' })).toThrow(
      /not WebVTT/,
    );
    expect(parseWebVtt('WEBVTT', { sourceName: 'bare.vtt' }).tiers[0]?.segments).toEqual([]);
  });

  it('keeps a cue that ends before it starts, as a browser does', () => {
    const vtt = 'WEBVTT\n\n00:00:02.000 --> 00:00:01.000\nbackwards\n';
    expect(parseWebVtt(vtt, { sourceName: 'back.vtt' }).tiers[0]?.segments).toEqual([
      { startMs: 2000, endMs: 1000, text: 'backwards' },
    ]);
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
