import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DocumentFormatError,
  parseTextGrid,
  serializeTextGrid,
} from '../../../src/formats/index.js';
import { catchError } from '../../support/catch-error.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/annotations/${name}`, import.meta.url));
const longForm = fixture('then-song-long.TextGrid');

/** What the fixtures say, written out by hand from the files. */
const expectedTiers = [
  {
    name: 'lời hát',
    kind: 'interval',
    segments: [
      { startMs: 0, endMs: 250, text: '' },
      { startMs: 250, endMs: 1750, text: 'Pây tàng slam vằn' },
      { startMs: 1750, endMs: 3125, text: 'Then nói "khửn" fạ' },
      { startMs: 3125, endMs: 4500, text: '' },
    ],
  },
  {
    name: 'drum',
    kind: 'point',
    segments: [
      { startMs: 500, endMs: 500, text: 'tính' },
      { startMs: 2000, endMs: 2000, text: 'trống' },
    ],
  },
];

describe('reading Praat TextGrids', () => {
  it('reads the long text form with interval and point tiers, doubled quotes and times in ms', () => {
    const transcript = parseTextGrid(longForm, { sourceName: 'long.TextGrid' });
    expect(transcript).toEqual({
      format: 'textgrid',
      startMs: 0,
      endMs: 4500,
      tiers: expectedTiers,
    });
  });

  it('reads the short text form to the same transcript', () => {
    const transcript = parseTextGrid(fixture('then-song-short.TextGrid'), {
      sourceName: 'short.TextGrid',
    });
    expect(transcript.tiers).toEqual(expectedTiers);
  });

  it('reads UTF-16 little- and big-endian files with a byte order mark, as Praat writes them', () => {
    const text = longForm.toString('utf8');
    const littleEndian = Buffer.from(`\uFEFF${text}`, 'utf16le');
    const bigEndian = Buffer.from(littleEndian).swap16();
    expect(bigEndian[0]).toBe(0xfe);
    for (const bytes of [littleEndian, bigEndian]) {
      expect(parseTextGrid(bytes, { sourceName: 'utf16.TextGrid' }).tiers).toEqual(expectedTiers);
    }
  });

  it('refuses UTF-16 without a byte order mark instead of misreading it', () => {
    const withAccents = Buffer.from(longForm.toString('utf8'), 'utf16le');
    const asciiOnly = Buffer.from(
      'File type = "ooTextFile"\nObject class = "TextGrid"\n',
      'utf16le',
    );
    for (const bytes of [withAccents, asciiOnly]) {
      expect(() => parseTextGrid(bytes, { sourceName: 'nobom.TextGrid' })).toThrow(
        /^nobom\.TextGrid.*UTF-16 without a byte order mark/,
      );
    }
  });

  it('names the file, line and the value it expected when a number is missing', () => {
    const broken = longForm.toString('utf8').replace('xmax = 1.75 ', 'xmax = "soon" ');
    const error = catchError(() => parseTextGrid(broken, { sourceName: 'broken.TextGrid' }));
    expect(error).toBeInstanceOf(DocumentFormatError);
    expect(error.message).toContain('broken.TextGrid (line 21)');
    expect(error.message).toContain('xmax of interval 2 in tier "lời hát"');
  });

  it('refuses a file that is not a TextGrid', () => {
    const pitch = 'File type = "ooTextFile"\nObject class = "Pitch 1"\n';
    expect(() => parseTextGrid(pitch, { sourceName: 'f0.Pitch' })).toThrow(
      /object class is "Pitch 1"/,
    );
  });

  it('refuses an interval that ends before it starts', () => {
    const reversed = longForm.toString('utf8').replace('xmax = 1.75 ', 'xmax = 0.1 ');
    expect(() => parseTextGrid(reversed, { sourceName: 'r.TextGrid' })).toThrow(
      /interval 2 .* ends before it starts/,
    );
  });
});

describe('writing Praat TextGrids', () => {
  it('writes the long form that reads back to the same tiers', () => {
    const written = serializeTextGrid(parseTextGrid(longForm, { sourceName: 'in' }).tiers, {
      endMs: 4500,
    });
    expect(written.startsWith('File type = "ooTextFile"\nObject class = "TextGrid"\n')).toBe(true);
    expect(parseTextGrid(written, { sourceName: 'out' }).tiers).toEqual(expectedTiers);
  });

  it('fills gaps between intervals with empty ones and stretches the domain to the last segment', () => {
    const written = serializeTextGrid([
      { name: 'words', kind: 'interval', segments: [{ startMs: 1000, endMs: 2000, text: 'slam' }] },
    ]);
    const [tier] = parseTextGrid(written, { sourceName: 'gaps' }).tiers;
    expect(tier?.segments).toEqual([
      { startMs: 0, endMs: 1000, text: '' },
      { startMs: 1000, endMs: 2000, text: 'slam' },
    ]);
  });

  it('refuses overlapping intervals in one tier, naming the tier', () => {
    const overlapping = [
      {
        name: 'words',
        kind: 'interval' as const,
        segments: [
          { startMs: 0, endMs: 1500, text: 'a' },
          { startMs: 1000, endMs: 2000, text: 'b' },
        ],
      },
    ];
    expect(() => serializeTextGrid(overlapping)).toThrow(/tier "words".*1000 ms overlaps/);
  });
});

describe('reading TextGrids as Praat reads them', () => {
  const shortForm = (tierName: string, flag = '<exists>') =>
    `File type = "ooTextFile"\nObject class = "TextGrid"\n\n0\n2\n${flag}\n1\n"IntervalTier"\n${tierName}\n0\n2\n1\n0\n2\n"a"\n`;

  it('refuses a character right after a closing quote, naming the line as Praat does', () => {
    const error = catchError(() =>
      parseTextGrid(shortForm('"words"x'), { sourceName: 'stray.TextGrid' }),
    );
    expect(error).toBeInstanceOf(DocumentFormatError);
    expect((error as Error).message).toBe(
      'stray.TextGrid (line 9): character "x" following quote: end of string or undoubled quote?',
    );
  });

  it('still reads a doubled quote inside a string and a quote at the very end', () => {
    const transcript = parseTextGrid(shortForm('"say ""hi"""'), { sourceName: 'ok.TextGrid' });
    expect(transcript.tiers[0]?.name).toBe('say "hi"');
  });

  it('refuses a tiers flag other than <exists> or <absent> with its own message', () => {
    const error = catchError(() =>
      parseTextGrid(shortForm('"words"', '<maybe>'), { sourceName: 'flag.TextGrid' }),
    );
    expect((error as Error).message).toBe(
      'flag.TextGrid (line 6): tiers? is "<maybe>", which is not a value of <exists> or <absent>',
    );
  });

  it('reads <absent> as a TextGrid without tiers', () => {
    const text = 'File type = "ooTextFile"\nObject class = "TextGrid"\n0\n2\n<absent>\n';
    expect(parseTextGrid(text, { sourceName: 'empty.TextGrid' }).tiers).toEqual([]);
  });
});
