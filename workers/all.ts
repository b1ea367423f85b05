/** Worker process for every queue (what `heritage worker` runs). */
import { runWorkerProcess } from '../src/entry/worker-process.js';
import { allQueueNames } from '../src/jobs/names.js';

await runWorkerProcess(allQueueNames);
