import type { Job } from 'bullmq';
import type { StepJobData } from '../../pipelines/item-flow.js';
import type { StepResult } from './step-result.js';

/** The result of a step this installation cannot run; the flow still completes. */
export async function unavailableStep(job: Job<StepJobData>, detail: string): Promise<StepResult> {
  return {
    step: job.name,
    asset: job.data.asset,
    status: 'unavailable',
    detail,
    derivatives: [],
    events: [],
  };
}
