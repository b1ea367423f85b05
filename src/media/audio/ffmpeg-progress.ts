/**
 * Reads one line of ffmpeg's `-progress` output (blocks of `key=value` lines) and
 * returns how far the output has got, in seconds, or undefined for other keys and for
 * `out_time_us=N/A` before the first frame.
 */
export function parseProgressSeconds(line: string): number | undefined {
  if (!line.startsWith('out_time_us=')) return undefined;
  const micros = Number(line.slice('out_time_us='.length));
  return Number.isFinite(micros) && micros >= 0 ? micros / 1_000_000 : undefined;
}

/**
 * Maps the progress of one pass onto its share of the whole job and reports a fraction
 * in 0..1 that never goes back (ffmpeg's several outputs do not advance in step).
 */
export class ProgressReporter {
  private reported = 0;

  constructor(private readonly onProgress: ((fraction: number) => void) | undefined) {}

  /** Reports `seconds` of `totalSeconds` done inside the span [from, to] of the whole. */
  pass(from: number, to: number, totalSeconds: number | null): (seconds: number) => void {
    return (seconds) => {
      if (!totalSeconds || totalSeconds <= 0) return;
      const within = Math.min(1, Math.max(0, seconds / totalSeconds));
      this.report(from + (to - from) * within);
    };
  }

  /** Reports a fraction of the whole, if it is further than the last one. */
  report(fraction: number): void {
    if (!this.onProgress || fraction <= this.reported) return;
    this.reported = Math.min(1, fraction);
    this.onProgress(this.reported);
  }
}
