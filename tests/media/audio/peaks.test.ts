import { describe, expect, it } from 'vitest';
import { PeaksAccumulator, samplesPerPixel } from '../../../src/media/audio/peaks.js';

function pcm(samples: number[]): Uint8Array {
  const bytes = new Uint8Array(samples.length * 2);
  const view = new DataView(bytes.buffer);
  for (const [index, sample] of samples.entries()) view.setInt16(index * 2, sample, true);
  return bytes;
}

describe('PeaksAccumulator', () => {
  const samples = [100, -300, 32767, -32768, 0, 256, -257, 5000, 7];

  it('emits min/max pairs per pixel as 8-bit values, the last partial pixel on finish', () => {
    const peaks = new PeaksAccumulator(4);
    expect(peaks.push(pcm(samples))).toEqual([-128, 127, -2, 19]);
    expect(peaks.finish()).toEqual([0, 0]);
    expect(peaks.finish()).toEqual([]);
  });

  it('gives the same pairs however the bytes are chunked, even mid-sample', () => {
    const whole = new PeaksAccumulator(3);
    const expected = [...whole.push(pcm(samples)), ...whole.finish()];
    const bytes = pcm(samples);
    for (const cut of [1, 3, 5, 7, 11]) {
      const chunked = new PeaksAccumulator(3);
      const pairs = [
        ...chunked.push(bytes.subarray(0, cut)),
        ...chunked.push(bytes.subarray(cut, cut + 1)),
        ...chunked.push(bytes.subarray(cut + 1)),
        ...chunked.finish(),
      ];
      expect(pairs).toEqual(expected);
    }
  });

  it('reads chunks that start at an odd offset of their buffer', () => {
    const bytes = pcm([-1000, 1000]);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const peaks = new PeaksAccumulator(2);
    expect(peaks.push(shifted.subarray(1))).toEqual([
      Math.floor(-1000 / 256),
      Math.floor(1000 / 256),
    ]);
  });
});

describe('samplesPerPixel', () => {
  it('gives 100 pixels per second at any rate', () => {
    expect(samplesPerPixel(16_000)).toBe(160);
    expect(samplesPerPixel(22_050)).toBe(221);
    expect(samplesPerPixel(50)).toBe(1);
  });
});
