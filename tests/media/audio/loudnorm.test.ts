import { describe, expect, it } from 'vitest';
import type { LoudnessMeasurement } from '../../../src/media/audio/ebur128.js';
import {
  chooseLoudnessRange,
  loudnormApplyFilter,
  parseLoudnormJson,
} from '../../../src/media/audio/loudnorm.js';

const target = { integratedLufs: -23, truePeakDbtp: -2, loudnessRangeLu: 7 };

describe('chooseLoudnessRange', () => {
  it("keeps loudnorm's default of 7 LU for sources narrower than that", () => {
    expect(chooseLoudnessRange(3.2)).toBe(7);
    expect(chooseLoudnessRange(null)).toBe(7);
  });

  it("widens to the source's own range, rounded up, so the gain can stay linear", () => {
    expect(chooseLoudnessRange(12.31)).toBe(12.4);
  });

  it("stops at loudnorm's maximum of 50 LU", () => {
    expect(chooseLoudnessRange(63)).toBe(50);
  });
});

describe('parseLoudnormJson', () => {
  it('reads the numbers loudnorm prints as strings, and -inf as null', () => {
    const parsed = parseLoudnormJson(`{
      "input_i" : "-inf", "input_tp" : "-inf", "input_lra" : "0.00", "input_thresh" : "-70.00",
      "output_i" : "-24.10", "output_tp" : "+0.31", "output_lra" : "2.50", "output_thresh" : "-34.20",
      "normalization_type" : "dynamic", "target_offset" : "inf"
    }`);
    expect(parsed).toEqual({
      inputI: null,
      inputTp: null,
      inputLra: 0,
      inputThresh: -70,
      outputI: -24.1,
      outputTp: 0.31,
      outputLra: 2.5,
      outputThresh: -34.2,
      normalizationType: 'dynamic',
      targetOffset: null,
    });
  });

  it('refuses a report without the normalisation type', () => {
    expect(() => parseLoudnormJson('{"input_i": "-20.00"}')).toThrow();
  });
});

describe('loudnormApplyFilter', () => {
  const measured: LoudnessMeasurement = {
    integratedLufs: -31.25,
    truePeakDbtp: -12.4,
    loudnessRangeLu: 9.5,
    thresholdLufs: -41.7,
  };

  it("passes pass 1's measurements and asks for linear mode and a JSON report", () => {
    expect(loudnormApplyFilter('t2', { ...target, loudnessRangeLu: 9.5 }, measured)).toBe(
      'loudnorm@t2=I=-23:TP=-2:LRA=9.5:measured_I=-31.25:measured_TP=-12.4:measured_LRA=9.5:measured_thresh=-41.7:linear=true:print_format=json',
    );
  });

  it('clamps measurements into the ranges loudnorm accepts', () => {
    // A loud clipped stereo source can measure above 0 LUFS once downmixed.
    const filter = loudnormApplyFilter('t0', target, {
      ...measured,
      integratedLufs: 0.71,
      truePeakDbtp: 4.35,
    });
    expect(filter).toContain(':measured_I=0:');
    expect(filter).toContain(':measured_TP=4.35:');
  });

  it('runs one-pass dynamic on digital silence, with no measurements to pass', () => {
    const filter = loudnormApplyFilter('t0', target, {
      ...measured,
      integratedLufs: null,
      truePeakDbtp: null,
    });
    expect(filter).toBe('loudnorm@t0=I=-23:TP=-2:LRA=7:linear=true:print_format=json');
  });
});
