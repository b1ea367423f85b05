import { describe, expect, it } from 'vitest';
import { assetName, clockTime } from '../../../web/src/text/format.js';

describe('clockTime', () => {
  it('reads a moment to the millisecond, or to the tenth', () => {
    expect(clockTime(62_345)).toBe('1:02.345');
    expect(clockTime(3021, 1)).toBe('0:03.0');
    expect(clockTime(0)).toBe('0:00.000');
  });

  it('carries a rounded second into the minute and never goes below zero', () => {
    expect(clockTime(59_999.6)).toBe('1:00.000');
    expect(clockTime(59_960, 1)).toBe('1:00.0');
    expect(clockTime(-5)).toBe('0:00.000');
  });
});

describe('assetName', () => {
  it('is the last part of the path', () => {
    expect(assetName('recordings/tape-1/song.wav')).toBe('song.wav');
    expect(assetName('song.wav')).toBe('song.wav');
  });
});
