/** Exit codes every `heritage` command keeps to. */
export const ExitCode = {
  Ok: 0,
  Failure: 1,
  BadUsage: 2,
} as const;

/** A failure the user caused by how they called the command (exit code 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A failure already explained to the user; the command exits 1 without a stack. */
export class ReportedFailure extends Error {
  constructor(message = 'failed') {
    super(message);
    this.name = 'ReportedFailure';
  }
}
