/** Worker process for the `transcripts` queue. */
import { runWorkerProcess } from '../src/entry/worker-process.js';
import { QueueName } from '../src/jobs/names.js';

await runWorkerProcess([QueueName.Transcripts]);
