/** Worker process for the `finalise` queue. */
import { runWorkerProcess } from '../src/entry/worker-process.js';
import { QueueName } from '../src/jobs/names.js';

await runWorkerProcess([QueueName.Finalise]);
