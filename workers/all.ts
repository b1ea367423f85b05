/** Worker process for every queue (what `heritage worker` runs). */
import { runWorkerProcess } from '../src/cli/worker-process.js';
import { allQueueNames } from '../src/queue/names.js';

await runWorkerProcess(allQueueNames);
