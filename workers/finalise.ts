/** Worker process for the `finalise` queue. */
import { runWorkerProcess } from '../src/cli/worker-process.js';
import { QueueName } from '../src/queue/names.js';

await runWorkerProcess([QueueName.Finalise]);
