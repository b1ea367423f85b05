import os from 'node:os';
import type { QueueLogger } from '../infra/queue/queue-logger.js';
import { DEFAULT_STOP_TIMEOUT_MS, RETURN_GRACE_MS, type WorkerRunner } from './worker-runner.js';

export interface SignalHandlingOptions {
  /** How long running jobs may take to finish. Default 20 s (`DEFAULT_STOP_TIMEOUT_MS`). */
  timeoutMs?: number;
  /** Runs once the workers have stopped, e.g. `() => runtime.close()`. */
  afterStop?: () => Promise<unknown>;
  /** Default `console`. */
  logger?: QueueLogger;
  /** Default `process.exit`. */
  exit?: (code: number) => void;
}

/** Time allowed on top of the stop timeout for the return grace, closing connections and `afterStop`. */
const CLOSE_ALLOWANCE_MS = 5_000;

/**
 * On the first SIGTERM or SIGINT: stop `runner` gracefully, run `afterStop`, exit 0
 * (exit 1 if that fails or takes longer than the stop timeout plus a few seconds).
 * A second signal exits at once with 128 + its number, as a shell reports it.
 * Returns a function that removes the handlers.
 */
export function installSignalHandlers(
  runner: WorkerRunner,
  options: SignalHandlingOptions = {},
): () => void {
  const logger = options.logger ?? console;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const timeoutMs = options.timeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
  let shuttingDown = false;

  const onSignal = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      logger.warn(`${signal} again: exiting now`);
      exit(128 + (os.constants.signals[signal] ?? 0));
      return;
    }
    shuttingDown = true;
    logger.info(`${signal}: finishing running jobs (up to ${timeoutMs} ms), then exiting`);
    const hardDeadline = setTimeout(
      () => {
        logger.error('shutdown did not finish in time: exiting anyway');
        exit(1);
      },
      timeoutMs + RETURN_GRACE_MS + CLOSE_ALLOWANCE_MS,
    );
    hardDeadline.unref();
    void (async () => {
      try {
        const report = await runner.stop({ timeoutMs });
        if (report.returnedToQueue > 0) {
          logger.info(`${report.returnedToQueue} unfinished job(s) returned to their queue`);
        }
        if (report.abandoned > 0) {
          logger.warn(
            `${report.abandoned} job(s) will return to their queue when their lock expires`,
          );
        }
        await options.afterStop?.();
        clearTimeout(hardDeadline);
        exit(0);
      } catch (error) {
        logger.error(`shutdown failed: ${(error as Error).message}`);
        clearTimeout(hardDeadline);
        exit(1);
      }
    })();
  };

  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
}
