import type { FlowJob, JobsOptions } from 'bullmq';
import type { JobPayload } from './job-contract.js';
import { type JobName, type QueueOfJob, queueOfJob } from './names.js';

/**
 * A job to add, alone or as part of a flow: its queue and payload are the ones the
 * contract gives its name, so a payload of another job, or another job's queue, does
 * not compile.
 */
export interface JobToAdd<J extends JobName> {
  name: J;
  queueName: QueueOfJob<J>;
  data: JobPayload[J];
  opts?: Omit<JobsOptions, 'deduplication' | 'parent' | 'repeat'>;
  children?: JobToAddOf[];
}

/** One of the jobs `J`, told apart by name. */
export type JobToAddOf<J extends JobName = JobName> = { [K in J]: JobToAdd<K> }[J];

/** Job `name` with `data`, on the queue the contract gives it. */
export function jobToAdd<J extends JobName>(
  name: J,
  data: JobPayload[J],
  opts?: JobToAdd<J>['opts'],
): JobToAddOf<J> {
  const job: JobToAdd<J> = { name, queueName: queueOfJob[name], data, opts };
  // `JobToAdd<J>` for a union `J` is one job whose name and payload need not match;
  // `JobToAddOf<J>` keeps each name with its own payload, which `job` is, by construction.
  return job as JobToAddOf<J>;
}

/** The same job as BullMQ's flow producer takes it. */
export function asFlowJob(job: JobToAddOf): FlowJob {
  // BullMQ types a flow as leaf-or-parent by whether `children` is given; the job is the same.
  return job as FlowJob;
}
