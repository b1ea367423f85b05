/** Worker process for the `export` queue. */
import { runWorkerProcess } from '../src/cli/worker-process.js';
import { QueueName } from '../src/queue/names.js';

await runWorkerProcess([QueueName.Export]);
