import type { QueueLogger } from '../../infra/queue/queue-logger.js';

/** Where a command writes: human text by default, one JSON document with `--json`. */
export interface Output {
  readonly json: boolean;
  /** A line for people; dropped in `--json` mode. */
  line(text?: string): void;
  /** The command's result for scripts; printed only in `--json` mode. */
  result(value: unknown): void;
  /** A warning or error for people, on stderr in both modes. */
  error(text: string): void;
}

export function createOutput(
  json: boolean,
  stdout = process.stdout,
  stderr = process.stderr,
): Output {
  return {
    json,
    line: (text = '') => {
      if (!json) stdout.write(`${text}\n`);
    },
    result: (value) => {
      if (json) stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
    error: (text) => {
      stderr.write(`${text}\n`);
    },
  };
}

/** Queue and worker logs beside progress bars: info lines would tear them, so warnings and errors only. */
export function warningsAndErrors(output: Output): QueueLogger {
  return {
    info: () => {},
    warn: (message) => output.error(`warning: ${message}`),
    error: (message) => output.error(`error: ${message}`),
  };
}

/**
 * `heritage … | head` closes stdout before the command is done: stop quietly, as Unix
 * tools do, instead of dying with an EPIPE stack trace.
 */
export function exitQuietlyWhenStdoutCloses(stdout = process.stdout): void {
  stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
}
