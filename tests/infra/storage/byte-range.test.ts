import { describe, expect, it } from 'vitest';
import {
  checkRangeShape,
  rangeHeader,
  resolveRange,
} from '../../../src/infra/storage/byte-range.js';
import { InvalidRangeError } from '../../../src/infra/storage/errors.js';

describe('resolveRange', () => {
  it('keeps a range inside the object', () => {
    expect(resolveRange('/root', 'k', { start: 2, end: 5 }, 10)).toEqual({ start: 2, end: 5 });
  });

  it('reads to the last byte when the end is open or past it', () => {
    expect(resolveRange('/root', 'k', { start: 4 }, 10)).toEqual({ start: 4, end: 9 });
    expect(resolveRange('/root', 'k', { start: 4, end: 1_000 }, 10)).toEqual({ start: 4, end: 9 });
  });

  it('refuses a start at or past the end, naming key and store', () => {
    expect(() => resolveRange('/root', 'songs/a.flac', { start: 10 }, 10)).toThrow(
      InvalidRangeError,
    );
    expect(() => resolveRange('/root', 'songs/a.flac', { start: 10 }, 10)).toThrow(
      /"songs\/a\.flac" in \/root: start 10 is past the end of a 10-byte object/,
    );
    expect(() => resolveRange('/root', 'empty', { start: 0 }, 0)).toThrow(InvalidRangeError);
  });
});

describe('checkRangeShape', () => {
  it.each([
    [{ start: -1 }],
    [{ start: 1.5 }],
    [{ start: Number.NaN }],
    [{ start: 5, end: 4 }],
    [{ start: 0, end: Number.POSITIVE_INFINITY }],
  ])('refuses %j', (range) => {
    expect(() => checkRangeShape('/root', 'k', range)).toThrow(InvalidRangeError);
  });

  it('accepts a one-byte range', () => {
    expect(() => checkRangeShape('/root', 'k', { start: 0, end: 0 })).not.toThrow();
  });
});

describe('rangeHeader', () => {
  it('writes HTTP Range values with an inclusive or open end', () => {
    expect(rangeHeader({ start: 0, end: 0 })).toBe('bytes=0-0');
    expect(rangeHeader({ start: 100 })).toBe('bytes=100-');
  });
});
