import { createHash } from 'node:crypto';
import { longestFirst } from './job-priority.js';
import { type JobToAdd, type JobToAddOf, jobToAdd } from './job-to-add.js';
import { JobName } from './names.js';

/**
 * Bump when a job's output changes (new derivative, new settings): job ids carry it,
 * so items are processed again instead of being taken as done.
 */
export const PIPELINE_VERSION = 1;

/** The processing job each kind of original gets. */
export const jobOfRole = {
  recording: JobName.NormaliseAudio,
  scan: JobName.OcrPage,
  transcript: JobName.ParseTranscript,
} as const;
/** A job that processes one original of an item, as a child of the item's flow. */
export type ItemJobName = (typeof jobOfRole)[keyof typeof jobOfRole];

/** A processing job an item's original is due for. */
export interface PlannedJob {
  name: ItemJobName;
  asset: string;
  sha256: string;
  technical?: Record<string, unknown>;
  /** What the original's derivatives are named after (`derivative-stem.ts`). */
  derivativeStem: string;
}

/** The flow of one item, as `buildItemFlow` makes it. */
export type ItemFlow = JobToAdd<typeof JobName.FinaliseItem>;

/**
 * One BullMQ flow per item: a child job per original to process and a parent
 * `finalise-item` that collects their results into the next object version.
 *
 * Job ids come from the item id, the job name, the content digest and the pipeline
 * version, so adding the same flow again is a no-op while a changed file gets new
 * jobs. A child that fails for good does not fail the parent
 * (`ignoreDependencyOnFailure`): finalise records the failure with its reason.
 * Recordings are taken longest first (`longestFirst`).
 */
export function buildItemFlow(
  itemId: string,
  version: string,
  jobs: PlannedJob[],
  /** Set by `heritage retry`: a fresh tag gives every job a new id, so the flow runs again. */
  retryTag?: string,
): ItemFlow {
  const contentDigest = digest(
    jobs
      .map((job) => `${job.name} ${job.asset} ${job.sha256}`)
      .sort()
      .join('\n'),
  );
  return {
    ...jobToAdd(
      JobName.FinaliseItem,
      { itemId, version },
      { jobId: jobId(itemId, JobName.FinaliseItem, contentDigest, retryTag) },
    ),
    children: jobs.map((job) =>
      jobToAdd(
        job.name,
        {
          itemId,
          version,
          asset: job.asset,
          sha256: job.sha256,
          technical: job.technical,
          derivativeStem: job.derivativeStem,
        },
        {
          jobId: jobId(itemId, job.name, digest(`${job.asset} ${job.sha256}`), retryTag),
          ignoreDependencyOnFailure: true,
          ...(job.name === JobName.NormaliseAudio ? { priority: longestFirst(job.technical) } : {}),
        },
      ),
    ),
  };
}

/** BullMQ ids must not contain `:`; item ids cannot (see identifierSchema). */
function jobId(itemId: string, name: JobName, contentDigest: string, retryTag?: string): string {
  const id = `${itemId}.${name}.${contentDigest.slice(0, 24)}.p${PIPELINE_VERSION}`;
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
export function jobsOfFlow(flow: ItemFlow): FlowJobRef[] {
  const ref = (job: JobToAddOf, role: FlowJobRef['role']): FlowJobRef => ({
    id: job.opts?.jobId ?? '',
    queue: job.queueName,
    role,
  });
  return [ref(flow, 'parent'), ...(flow.children ?? []).map((child) => ref(child, 'child'))];
}
