/**
 * Every queue and job name, in one place. A queue is a family of work that one kind
 * of worker process serves; a job name is one kind of work inside a family.
 */
export const QueueName = {
  /** Per-item parent jobs: write the next object version and the catalog rows. */
  Finalise: 'finalise',
  Audio: 'audio',
  Ocr: 'ocr',
  Transcripts: 'transcripts',
  Export: 'export',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  FinaliseItem: 'finalise-item',
  NormaliseAudio: 'normalise-audio',
  OcrPage: 'ocr-page',
  ParseTranscript: 'parse-transcript',
  ExportDataset: 'export-dataset',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

/**
 * Which queue each job runs on. `as const` keeps each pair's literal types, so that the
 * worker runner can make the compiler check a handler map is complete for its queues.
 */
export const queueOfJob = {
  [JobName.FinaliseItem]: QueueName.Finalise,
  [JobName.NormaliseAudio]: QueueName.Audio,
  [JobName.OcrPage]: QueueName.Ocr,
  [JobName.ParseTranscript]: QueueName.Transcripts,
  [JobName.ExportDataset]: QueueName.Export,
} as const satisfies Record<JobName, QueueName>;

export const allQueueNames: QueueName[] = Object.values(QueueName);

/** The queue job `J` runs on. */
export type QueueOfJob<J extends JobName> = (typeof queueOfJob)[J];

/** The job names that run on the queues `Q`. */
export type JobNameOf<Q extends QueueName> = {
  [J in JobName]: QueueOfJob<J> extends Q ? J : never;
}[JobName];
