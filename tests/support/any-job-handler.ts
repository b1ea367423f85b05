import type { Job } from 'bullmq';
import type { JobName } from '../../src/jobs/names.js';
import type { JobContext, JobHandler } from '../../src/jobs/worker-runner.js';

/** A handler that takes any job and may return anything. */
export type UntypedHandler = (job: Job, context: JobContext) => Promise<unknown>;

/**
 * A handler for tests of the queue machinery (retries, timeouts, shutdown, flows),
 * which look at how jobs run rather than at what they carry: it stands in for job
 * `J`'s handler whatever it takes and returns.
 */
export function anyJobHandler<J extends JobName>(handler: UntypedHandler): JobHandler<J> {
  return handler as unknown as JobHandler<J>;
}
