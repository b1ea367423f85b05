/**
 * The two ways a normalisation fails. A job handler retries only `MediaToolError`;
 * `BadMediaError` is permanent (the same bytes fail the same way every time), so a
 * queue should give up at once (BullMQ's `UnrecoverableError`).
 */

/** The input itself is unusable: not audio, truncated, no audio track, or hostile. */
export class BadMediaError extends Error {
  readonly permanent = true;
  constructor(
    /** The file that was refused. */
    readonly file: string,
    /** Why, in words an archivist can act on. */
    readonly reason: string,
    /** The tool's last log lines, for whoever debugs it. */
    readonly stderrTail: string[] = [],
  ) {
    super(`${file}: ${reason}`);
    this.name = 'BadMediaError';
  }
}

/** How a tool run ended badly; `stderrTail` holds its last log lines. */
export interface ToolFailure {
  tool: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stderrTail: string[];
}

/**
 * ffmpeg or ffprobe failed for a reason that may pass (timeout, killed, disk full,
 * missing binary): worth a retry.
 */
export class MediaToolError extends Error {
  readonly permanent = false;
  constructor(
    readonly file: string,
    readonly failure: ToolFailure,
    summary = describeFailure(failure),
  ) {
    super(`${file}: ${summary}${formatTail(failure.stderrTail)}`);
    this.name = 'MediaToolError';
  }
}

/** One line that says how a tool ended, e.g. `ffmpeg timed out` or `ffmpeg exited with code 1`. */
export function describeFailure(failure: ToolFailure): string {
  if (failure.timedOut) return `${failure.tool} timed out`;
  if (failure.signal) return `${failure.tool} was killed by ${failure.signal}`;
  return `${failure.tool} exited with code ${failure.exitCode}`;
}

function formatTail(tail: string[]): string {
  return tail.length === 0 ? '' : `\n${tail.map((line) => `  | ${line}`).join('\n')}`;
}
