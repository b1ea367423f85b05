import type { Settings } from '../../../infra/config/settings-schema.js';
import { allQueueNames, type QueueName } from '../../../jobs/names.js';
import { installSignalHandlers } from '../../../jobs/shutdown-signals.js';
import { requeueStuckItems } from '../../../usecases/recovery/retry-items.js';
import { openServices } from '../../services.js';
import { UsageError } from '../exit-codes.js';
import type { Output } from '../output.js';

/** Parses `--queues audio,ocr`; every queue when absent. */
function parseQueueList(list: string | undefined): QueueName[] {
  if (!list) return [...allQueueNames];
  const names = list
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !allQueueNames.includes(name as QueueName));
  if (unknown.length > 0)
    throw new UsageError(
      `unknown queue(s) ${unknown.join(', ')}; the queues are ${allQueueNames.join(', ')}`,
    );
  return names as QueueName[];
}

/**
 * `heritage worker`: serves queues until SIGTERM or SIGINT, then stops taking jobs
 * and exits within a bounded time.
 */
export async function workerCommand(
  options: { queues?: string },
  settings: Settings,
  output: Output,
): Promise<never> {
  const queues = parseQueueList(options.queues);
  const services = await openServices(settings, { workers: queues });
  const runner = services.workers;
  if (!runner) throw new Error('no workers were started');
  output.line(
    `heritage worker: serving ${queues.join(', ')} on ${services.queues.embedded ? 'the embedded Redis' : settings.redisUrl}; Ctrl-C to stop.`,
  );
  installSignalHandlers(runner, {
    afterStop: () => services.release(),
  });
  // Serving is what a worker is for: stuck items it cannot queue again now (a signal
  // arrived, Redis went away) wait for the next worker to start or `heritage retry`.
  try {
    const requeued = await requeueStuckItems(services);
    if (requeued.length > 0)
      output.line(
        `Queued again ${requeued.length} item(s) left processing with no job: ${requeued.map((item) => item.itemId).join(', ')}`,
      );
  } catch (error) {
    output.error(`warning: could not queue stuck items again: ${(error as Error).message}`);
  }
  // Runs until a signal: the handlers exit the process.
  return new Promise<never>(() => {});
}
