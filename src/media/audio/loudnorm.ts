import { z } from 'zod';
import type { LoudnessMeasurement } from './ebur128.js';

/** Where loudness normalisation aims. */
export interface LoudnessTarget {
  integratedLufs: number;
  truePeakDbtp: number;
  /** Loudness range target in LU; see `chooseLoudnessRange`. */
  loudnessRangeLu: number;
}

/** loudnorm's own default LRA target, and its allowed maximum. */
const defaultLoudnessRangeLu = 7;
const maxLoudnessRangeLu = 50;

/**
 * The LRA target for pass 2: never below the source's own range. loudnorm only runs
 * linearly (one constant gain, the recording's dynamics intact) when the target LRA is
 * at least the source's; an archive wants its performances' dynamics kept, so the range
 * is widened rather than compressed. Dynamic mode then remains only for true-peak limits.
 */
export function chooseLoudnessRange(measuredLraLu: number | null): number {
  const wanted = Math.max(defaultLoudnessRangeLu, Math.ceil((measuredLraLu ?? 0) * 10) / 10);
  return Math.min(maxLoudnessRangeLu, wanted);
}

/** What pass 2's loudnorm reports; null where it printed `-inf` (digital silence). */
export interface LoudnormReport {
  inputI: number | null;
  inputTp: number | null;
  inputLra: number | null;
  inputThresh: number | null;
  outputI: number | null;
  outputTp: number | null;
  outputLra: number | null;
  outputThresh: number | null;
  normalizationType: 'linear' | 'dynamic';
  targetOffset: number | null;
}

const loudnormNumber = z.string().transform((text) => {
  const value = Number.parseFloat(text);
  return Number.isFinite(value) ? value : null;
});

const loudnormJsonSchema = z.object({
  input_i: loudnormNumber,
  input_tp: loudnormNumber,
  input_lra: loudnormNumber,
  input_thresh: loudnormNumber,
  output_i: loudnormNumber,
  output_tp: loudnormNumber,
  output_lra: loudnormNumber,
  output_thresh: loudnormNumber,
  normalization_type: z.enum(['linear', 'dynamic']),
  target_offset: loudnormNumber,
});

/** Parses the JSON block that loudnorm prints with `print_format=json`. */
export function parseLoudnormJson(text: string): LoudnormReport {
  const json = loudnormJsonSchema.parse(JSON.parse(text));
  return {
    inputI: json.input_i,
    inputTp: json.input_tp,
    inputLra: json.input_lra,
    inputThresh: json.input_thresh,
    outputI: json.output_i,
    outputTp: json.output_tp,
    outputLra: json.output_lra,
    outputThresh: json.output_thresh,
    normalizationType: json.normalization_type,
    targetOffset: json.target_offset,
  };
}

function targetOptions(target: LoudnessTarget): string[] {
  return [
    `I=${target.integratedLufs}`,
    `TP=${target.truePeakDbtp}`,
    `LRA=${target.loudnessRangeLu}`,
  ];
}

/** The measurements as loudnorm accepts them: it refuses values outside these ranges. */
interface MeasuredOptions {
  i: number;
  tp: number;
  lra: number;
  thresh: number;
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/**
 * Pass 1's measurement in loudnorm's option ranges, or null when there is nothing to
 * measure (digital silence). A loud, clipped stereo source can measure above 0 LUFS
 * once downmixed, which loudnorm would refuse as `measured_I`.
 */
function measuredOptions(measured: LoudnessMeasurement): MeasuredOptions | null {
  const { integratedLufs, truePeakDbtp, loudnessRangeLu, thresholdLufs } = measured;
  if (
    integratedLufs === null ||
    truePeakDbtp === null ||
    loudnessRangeLu === null ||
    thresholdLufs === null
  ) {
    return null;
  }
  return {
    i: clamp(integratedLufs, -99, 0),
    tp: clamp(truePeakDbtp, -99, 99),
    lra: clamp(loudnessRangeLu, 0, 99),
    thresh: clamp(thresholdLufs, -99, 0),
  };
}

/**
 * Pass 2: loudnorm fed with pass 1's measurements, linear where it can be (loudnorm
 * decides, and reports what it did). Without measurements (digital silence) loudnorm
 * runs as a one-pass dynamic filter.
 */
export function loudnormApplyFilter(
  name: string,
  target: LoudnessTarget,
  measured: LoudnessMeasurement,
): string {
  const options = targetOptions(target);
  const values = measuredOptions(measured);
  if (values) {
    options.push(
      `measured_I=${values.i}`,
      `measured_TP=${values.tp}`,
      `measured_LRA=${values.lra}`,
      `measured_thresh=${values.thresh}`,
    );
  }
  options.push('linear=true', 'print_format=json');
  return `loudnorm@${name}=${options.join(':')}`;
}
