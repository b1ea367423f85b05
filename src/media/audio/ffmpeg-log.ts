/** One stderr line of ffmpeg run with `-loglevel level+info`. */
export interface LogLine {
  /** The logging context, e.g. `astats@t0`, `flac`; null for ffmpeg's own lines and continuations. */
  source: string | null;
  /** `info`, `warning`, `error`, ...; null for continuation lines of a multi-line message. */
  level: string | null;
  message: string;
}

const withSource = /^\[([^\]\s]+) @ 0x[0-9a-f]+\](?: \[([a-z]+)\])? ?(.*)$/;
const withoutSource = /^\[([a-z]+)\] ?(.*)$/;

/** Splits an ffmpeg log line into its context, level and message. */
export function parseLogLine(line: string): LogLine {
  const sourced = withSource.exec(line);
  if (sourced)
    return { source: sourced[1] ?? null, level: sourced[2] ?? null, message: sourced[3] ?? '' };
  const bare = withoutSource.exec(line);
  if (bare) return { source: null, level: bare[1] ?? null, message: bare[2] ?? '' };
  return { source: null, level: null, message: line };
}

/** Keeps the last `size` lines of a stream, for failure reasons, in bounded memory. */
export class LineTail {
  private readonly lines: string[] = [];
  constructor(private readonly size = 20) {}

  push(line: string): void {
    if (line.trim() === '') return;
    this.lines.push(line);
    if (this.lines.length > this.size) this.lines.shift();
  }

  toArray(): string[] {
    return [...this.lines];
  }
}
