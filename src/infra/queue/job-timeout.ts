/** A job ran longer than its queue's policy allows. */
export class JobTimeoutError extends Error {
  override name = 'JobTimeoutError';
}

export interface RunWithTimeoutOptions {
  timeoutMs: number;
  /** Aborting it (e.g. BullMQ's cancellation signal) also ends the run. */
  signal?: AbortSignal;
  /** Names the work in the timeout error, e.g. `ocr job ocr-page 42`. */
  description: string;
}

/**
 * Runs `work` with a signal that aborts after `timeoutMs` or when `options.signal`
 * aborts, and rejects at that moment even if `work` ignores its signal. BullMQ has no
 * job timeout of its own (its docs suggest this pattern); work that honours the
 * signal (ffmpeg killed, tesseract job dropped) also frees its resources.
 */
export async function runWithTimeout<T>(
  work: (signal: AbortSignal) => Promise<T>,
  options: RunWithTimeoutOptions,
): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort(
      new JobTimeoutError(`${options.description} timed out after ${options.timeoutMs} ms`),
    );
  }, options.timeoutMs);
  const outer = options.signal;
  const forwardAbort = () => controller.abort(asError(outer?.reason));
  if (outer?.aborted) forwardAbort();
  outer?.addEventListener('abort', forwardAbort, { once: true });
  const aborted = new Promise<never>((_, reject) => {
    const rejectWithReason = () => reject(controller.signal.reason);
    if (controller.signal.aborted) rejectWithReason();
    controller.signal.addEventListener('abort', rejectWithReason, { once: true });
  });
  try {
    return await Promise.race([work(controller.signal), aborted]);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', forwardAbort);
  }
}

/** BullMQ aborts with a plain string reason; a job's failure needs an Error. */
function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(`cancelled: ${String(reason)}`);
}
