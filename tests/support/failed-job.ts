import { Worker } from 'bullmq';
import { JobName, QueueName } from '../../src/jobs/names.js';
import type { QueueRuntime } from '../../src/jobs/queue-runtime.js';

/**
 * Leaves a finalise job of `itemId` failed for good with `reason`, as a real worker
 * leaves one: a worker of the archive's queue takes it and throws, with one attempt.
 */
export async function failFinaliseJob(
  runtime: QueueRuntime,
  itemId: string,
  reason: string,
): Promise<string> {
  const worker = new Worker(
    QueueName.Finalise,
    async () => {
      throw new Error(reason);
    },
    { connection: runtime.connectionOptions('worker'), prefix: runtime.prefix },
  );
  try {
    const events = await runtime.queueEvents(QueueName.Finalise);
    const jobId = `${itemId}.finalise.test`;
    const job = await runtime
      .queue(QueueName.Finalise)
      .add(JobName.FinaliseItem, { itemId, version: 'v1' }, { jobId, attempts: 1 });
    await job.waitUntilFinished(events, 20_000).catch(() => undefined);
    if ((await job.getState()) !== 'failed') throw new Error(`${jobId} did not fail`);
    return jobId;
  } finally {
    await worker.close();
  }
}
