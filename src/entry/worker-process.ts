import { loadSettings } from '../infra/config/load-settings.js';
import type { QueueName } from '../jobs/names.js';
import { workerCommand } from './cli/commands/worker-command.js';
import { createOutput } from './cli/output.js';

/**
 * Runs a worker process for some queues until SIGTERM or SIGINT: what the files in
 * `workers/` start, one per queue family, for deployments that give each family
 * processes (and machines) of its own.
 */
export async function runWorkerProcess(queues: readonly QueueName[]): Promise<never> {
  try {
    return await workerCommand({ queues: queues.join(',') }, loadSettings(), createOutput(false));
  } catch (error) {
    process.stderr.write(`heritage worker: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
