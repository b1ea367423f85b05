/** Worker process for the `ocr` queue. */
import { runWorkerProcess } from '../src/entry/worker-process.js';
import { QueueName } from '../src/jobs/names.js';

await runWorkerProcess([QueueName.Ocr]);
