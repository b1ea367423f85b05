import { createHash } from 'node:crypto';
import type { FlowJob } from 'bullmq';
import { JobName, queueOfJob } from './names.js';

/**
 * Bump when a step's output changes (new derivative, new settings): job ids carry it,
 * so items are processed again instead of being taken as done.
 */
export const PIPELINE_VERSION = 1;

/** The processing step each kind of original gets. */
export const stepOfRole = {
  recording: JobName.NormaliseAudio,
  scan: JobName.OcrPage,
  transcript: JobName.ParseTranscript,
} as const;
export type ProcessingStep = (typeof stepOfRole)[keyof typeof stepOfRole];

/** What a processing job is given: where its input is, and which content it expects. */
export interface StepJobData {
  itemId: string;
  /** The object version the input was read from. */
  version: string;
  /** Logical path of the original, e.g. `originals/then-001.wav`. */
  asset: string;
  sha256: string;
  /**
   * The original's technical metadata as ingest recorded it, so that a step need not
   * describe the file again (one ffprobe per recording); absent in older jobs.
   */
  technical?: Record<string, unknown>;
}

export interface FinaliseJobData {
  itemId: string;
  /** The version the children read from; finalise writes the next one. */
  version: string;
}

export interface PlannedStep {
  step: ProcessingStep;
  asset: string;
  sha256: string;
  technical?: Record<string, unknown>;
}

/**
 * One BullMQ flow per item: a child job per processing step and a parent
 * `finalise-item` that collects their results into the next object version.
 *
 * Job ids come from the item id, the step, the content digest and the pipeline
 * version, so adding the same flow again is a no-op while a changed file gets new
 * jobs. A child that fails for good does not fail the parent
 * (`ignoreDependencyOnFailure`): finalise records the failure with its reason.
 */
export function buildItemFlow(
  itemId: string,
  version: string,
  steps: PlannedStep[],
  /** Set by `heritage retry`: a fresh tag gives every job a new id, so the flow runs again. */
  retryTag?: string,
): FlowJob {
  const contentDigest = digest(
    steps
      .map((step) => `${step.step} ${step.asset} ${step.sha256}`)
      .sort()
      .join('\n'),
  );
  const finaliseData: FinaliseJobData = { itemId, version };
  return {
    name: JobName.FinaliseItem,
    queueName: queueOfJob[JobName.FinaliseItem],
    data: finaliseData,
    opts: { jobId: jobId(itemId, JobName.FinaliseItem, contentDigest, retryTag) },
    children: steps.map((step) => {
      const data: StepJobData = {
        itemId,
        version,
        asset: step.asset,
        sha256: step.sha256,
        technical: step.technical,
      };
      return {
        name: step.step,
        queueName: queueOfJob[step.step],
        data,
        opts: {
          jobId: jobId(itemId, step.step, digest(`${step.asset} ${step.sha256}`), retryTag),
          ignoreDependencyOnFailure: true,
        },
      };
    }),
  };
}

/** BullMQ ids must not contain `:`; item ids cannot (see identifierSchema). */
function jobId(itemId: string, step: string, contentDigest: string, retryTag?: string): string {
  const id = `${itemId}.${step}.${contentDigest.slice(0, 24)}.p${PIPELINE_VERSION}`;
  return retryTag === undefined ? id : `${id}.${retryTag}`;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** One job of a flow, as those who follow the flow need it. */
export interface FlowJobRef {
  id: string;
  queue: string;
  role: 'parent' | 'child';
}

/** The parent and children of a flow built by `buildItemFlow`. */
export function jobsOfFlow(flow: FlowJob): FlowJobRef[] {
  const ref = (job: FlowJob, role: FlowJobRef['role']): FlowJobRef => ({
    id: job.opts?.jobId ?? '',
    queue: job.queueName,
    role,
  });
  return [ref(flow, 'parent'), ...(flow.children ?? []).map((child) => ref(child, 'child'))];
}
