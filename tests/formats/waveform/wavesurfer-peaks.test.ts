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
