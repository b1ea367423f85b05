import { describe, expect, it } from 'vitest';
import { DocumentFormatError } from '../../../src/formats/errors.js';
import { wavesurferPeaks } from '../../../src/formats/waveform/wavesurfer-peaks.js';

const peaksFile = (data: number[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    version: 2,
    channels: 1,
    sample_rate: 16000,
    samples_per_pixel: 160,
    bits: 8,
    data,
    length: data.length / 2,
    ...extra,
  });

describe('wavesurferPeaks', () => {
  it('scales 8-bit min,max pairs to -1..1 and gives the duration they span', () => {
    const converted = wavesurferPeaks(peaksFile([-128, 127, -64, 64, 0, 0]), 'a.peaks.json');
    expect(converted.peaks).toEqual([[-1, 0.992, -0.5, 0.5, 0, 0]]);
    expect(converted.duration).toBeCloseTo((3 * 160) / 16000, 9);
    expect(converted.samplesPerPixel).toBe(160);
  });

  it('splits interleaved channels and scales 16-bit values', () => {
    const converted = wavesurferPeaks(
      peaksFile([-32768, 32767, -16384, 16384, 0, 1, -1, 0], { channels: 2, bits: 16, length: 2 }),
      'b.peaks.json',
    );
    expect(converted.peaks).toEqual([
      [-1, 1, 0, 0],
      [-0.5, 0.5, 0, 0],
    ]);
  });

  it('names the file when it is not an audiowaveform version 2 file', () => {
    expect(() => wavesurferPeaks('{"version":1,"data":[]}', 'old.json')).toThrow(
      DocumentFormatError,
    );
    expect(() => wavesurferPeaks('not json', 'broken.json')).toThrow(/broken\.json/);
  });
});

describe('wavesurferPeaks with maxPixels', () => {
  it('merges runs of pixels into their extremes, channel by channel, until at most that many are left', () => {
    // Two channels, five pixels: (min, max) of channel 0, then of channel 1, per pixel.
    const data = [-10, 10, -1, 1, -20, 5, -2, 2, -5, 30, -3, 3, 0, 0, -4, 4, -128, 127, 0, 1];
    const file = peaksFile(data, { channels: 2, length: 5 });
    const whole = wavesurferPeaks(file, 'c.peaks.json');
    const merged = wavesurferPeaks(file, 'c.peaks.json', { maxPixels: 2 });
    // Three pixels a bar: pixels 0-2, then 3-4.
    const scaled = (values: number[]) => values.map((value) => round(value / 128));
    expect(merged.peaks).toEqual([scaled([-20, 30, -128, 127]), scaled([-3, 3, -4, 4])]);
    expect(merged.samplesPerPixel).toBe(160 * 3);
    expect(merged.duration).toBe(whole.duration);
    // As many or fewer pixels than asked: nothing merged.
    expect(wavesurferPeaks(file, 'c.peaks.json', { maxPixels: 5 })).toEqual(whole);
    expect(wavesurferPeaks(file, 'c.peaks.json', { maxPixels: 1 }).peaks).toEqual([
      scaled([-128, 127]),
      scaled([-4, 4]),
    ]);
  });
});

const round = (value: number) => Math.round(value * 1000) / 1000;
