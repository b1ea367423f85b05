/**
 * The loudness meter of pass 1: ffmpeg's ebur128 filter (ITU-R BS.1770 / EBU R128) at the
 * source's own rate, with 4x-oversampled true peak. loudnorm's own meter is not used for
 * pass 1: loudnorm resamples its input to 192 kHz whenever it cannot run linearly, which
 * is always the case without measurements, and that made pass 1 three times as costly
 * as everything else in it; and on 8-11 s recordings it measured 0.4-0.75 LU below this
 * meter (and below loudnorm's own reading of the same input at its native rate).
 */

/** What pass 1 measured of one track's mono downmix; null where there was nothing to measure. */
export interface LoudnessMeasurement {
  integratedLufs: number | null;
  truePeakDbtp: number | null;
  loudnessRangeLu: number | null;
  /** The relative gate of the integrated loudness (loudnorm's `measured_thresh`). */
  thresholdLufs: number | null;
}

/** ebur128 reports this (its absolute gate) when nothing was loud enough to measure. */
const silenceLufs = -70;

/**
 * The meter under instance name `name`. Per-frame lines go to the verbose level so that
 * only the summary reaches the log.
 */
export function ebur128MeterFilter(name: string): string {
  return `ebur128@${name}=peak=true:framelog=verbose`;
}

/** A measurement with nothing in it yet. */
export function emptyMeasurement(): LoudnessMeasurement {
  return { integratedLufs: null, truePeakDbtp: null, loudnessRangeLu: null, thresholdLufs: null };
}

/**
 * Reads the summary ebur128 prints when it closes, one continuation line at a time:
 *
 *     Integrated loudness:
 *       I:         -16.1 LUFS
 *       Threshold: -26.4 LUFS
 *     Loudness range:
 *       LRA:         6.2 LU
 *       Threshold: -36.5 LUFS
 *       ...
 *     True peak:
 *       Peak:       -0.8 dBFS
 */
export class Ebur128SummaryReader {
  private section: 'integrated' | 'range' | 'peak' | null = null;

  constructor(private readonly measurement: LoudnessMeasurement) {}

  /** Feeds one line of the summary into the measurement. */
  push(line: string): void {
    const text = line.trim();
    if (text === 'Integrated loudness:') this.section = 'integrated';
    else if (text === 'Loudness range:') this.section = 'range';
    else if (text === 'True peak:') this.section = 'peak';
    const match = /^([A-Za-z ]+):\s+(\S+)/.exec(text);
    if (!match) return;
    const value = Number.parseFloat(match[2] ?? '');
    const number = Number.isFinite(value) ? value : null;
    const key = match[1];
    if (this.section === 'integrated' && key === 'I') {
      this.measurement.integratedLufs = number !== null && number > silenceLufs ? number : null;
    } else if (this.section === 'integrated' && key === 'Threshold') {
      this.measurement.thresholdLufs = number;
    } else if (this.section === 'range' && key === 'LRA') {
      this.measurement.loudnessRangeLu = number;
    } else if (this.section === 'peak' && key === 'Peak') {
      this.measurement.truePeakDbtp = number;
    }
  }
}
