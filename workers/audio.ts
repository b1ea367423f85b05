/** Worker process for the `audio` queue. */
import { runWorkerProcess } from '../src/cli/worker-process.js';
import { QueueName } from '../src/queue/names.js';

await runWorkerProcess([QueueName.Audio]);
