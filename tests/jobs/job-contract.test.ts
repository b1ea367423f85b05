import { describe, expectTypeOf, it } from 'vitest';
import type { ItemJobResult } from '../../src/jobs/item-job-result.js';
import type { JobOf, JobPayload, JobResult } from '../../src/jobs/job-contract.js';
import { type JobToAdd, type JobToAddOf, jobToAdd } from '../../src/jobs/job-to-add.js';
import { JobName, QueueName } from '../../src/jobs/names.js';
import type { QueueRuntime } from '../../src/jobs/queue-runtime.js';
import type { JobHandler, JobHandlers } from '../../src/jobs/worker-runner.js';

/**
 * What the compiler accepts and refuses. Each `@ts-expect-error` fails the type check
 * (`npx tsc`) when the line below it compiles, so these tests guard the contract by
 * failing the build, not at run time; the bodies are never called.
 */
const item = { itemId: 'then-001', version: 'v1', asset: 'originals/a.wav', sha256: 'a' };

describe('the job contract', () => {
  it('gives each job its payload', () => {
    expectTypeOf<JobPayload[typeof JobName.OcrPage]>().toEqualTypeOf<
      JobPayload[typeof JobName.NormaliseAudio]
    >();
    expectTypeOf<JobPayload[typeof JobName.FinaliseItem]>().toEqualTypeOf<{
      itemId: string;
      version: string;
    }>();
    expectTypeOf<JobOf<typeof JobName.OcrPage>['data']>().toEqualTypeOf<
      JobPayload[typeof JobName.OcrPage]
    >();
  });

  it('gives each processing job a result of its own name', () => {
    expectTypeOf<JobResult[typeof JobName.OcrPage]['step']>().toEqualTypeOf<'ocr-page'>();
    expectTypeOf<JobResult[typeof JobName.NormaliseAudio]>().toExtend<ItemJobResult>();
    expectTypeOf<JobResult[typeof JobName.FinaliseItem]>().not.toExtend<ItemJobResult>();
  });

  it('refuses a job added with the payload of another job', () => {
    const check = () => {
      jobToAdd(JobName.OcrPage, item);
      jobToAdd(JobName.FinaliseItem, { itemId: 'then-001', version: 'v1' });
      // @ts-expect-error a processing job's payload names its asset
      jobToAdd(JobName.OcrPage, { itemId: 'then-001', version: 'v1' });
      // @ts-expect-error an export is given an export request, not an item
      jobToAdd(JobName.ExportDataset, item);
      const runtime = {} as QueueRuntime;
      // @ts-expect-error finalise is told the version its children read
      void runtime.addJob(jobToAdd(JobName.FinaliseItem, { itemId: 'then-001' }));
    };
    expectTypeOf(check).toBeFunction();
  });

  it('refuses a job added to a queue that does not run it', () => {
    const check = () => {
      const onItsQueue: JobToAdd<typeof JobName.OcrPage> = {
        name: JobName.OcrPage,
        queueName: QueueName.Ocr,
        data: item,
      };
      const elsewhere: JobToAdd<typeof JobName.OcrPage> = {
        name: JobName.OcrPage,
        // @ts-expect-error OCR jobs run on the ocr queue
        queueName: QueueName.Audio,
        data: item,
      };
      // @ts-expect-error in a flow too, a job goes to its own queue
      const child: JobToAddOf = {
        name: JobName.NormaliseAudio,
        queueName: QueueName.Transcripts,
        data: item,
      };
      const runtime = {} as QueueRuntime;
      void runtime.addJob({
        name: JobName.ExportDataset,
        // @ts-expect-error an export runs on the export queue
        queueName: QueueName.Finalise,
        data: { out: '/tmp/dataset' },
      });
      return [onItsQueue, elsewhere, child];
    };
    expectTypeOf(check).toBeFunction();
  });

  it('refuses a handler that returns another result than its job', () => {
    const finaliseSummary: JobResult[typeof JobName.FinaliseItem] = {
      itemId: 'then-001',
      version: 'v2',
      status: 'ready',
      derivatives: 0,
      failedSteps: 0,
    };
    const skipped = (asset: string): JobResult[typeof JobName.OcrPage] => ({
      step: JobName.OcrPage,
      asset,
      status: 'skipped',
      derivatives: [],
      events: [],
    });
    const ocr: JobHandler<typeof JobName.OcrPage> = async (job) => skipped(job.data.asset);
    // @ts-expect-error finalise returns its summary, not an OCR result
    const finalise: JobHandler<typeof JobName.FinaliseItem> = async (job) => skipped(job.id ?? '');
    // @ts-expect-error an OCR job's result carries its own name in `step`
    const audio: JobHandler<typeof JobName.NormaliseAudio> = async (job) => skipped(job.data.asset);
    const handlers: JobHandlers<typeof QueueName.Ocr | typeof QueueName.Finalise> = {
      [JobName.OcrPage]: ocr,
      [JobName.FinaliseItem]: async () => finaliseSummary,
    };
    const wrong: JobHandlers<typeof QueueName.Finalise> = {
      // @ts-expect-error a handler map takes each job's result from the contract
      [JobName.FinaliseItem]: async () => ({ itemId: 'then-001' }),
    };
    expectTypeOf([handlers, wrong, finalise, audio]).toBeArray();
  });
});
