import { afterEach, describe, expect, it } from 'vitest';
import { buildItemFlow } from '../../src/jobs/item-flow.js';
import { JobName, QueueName } from '../../src/jobs/names.js';
import { startWorkers } from '../../src/jobs/worker-runner.js';
import { anyJobHandler } from '../support/any-job-handler.js';
import { openIsolatedQueues } from '../support/redis.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An item with one recording of `durationSeconds` (null: not known), due for normalising. */
function recordingFlow(itemId: string, durationSeconds: number | null) {
  return buildItemFlow(itemId, 'v1', [
    {
      name: JobName.NormaliseAudio,
      asset: `originals/${itemId}.wav`,
      sha256: itemId.padEnd(64, '0'),
      technical: { durationSeconds },
      derivativeStem: itemId,
    },
  ]);
}

describe('recordings waiting on the audio queue', () => {
  it('are taken longest first, those of unknown duration last, whatever order they came in', async () => {
    const queues = await openIsolatedQueues({ concurrency: { audio: 1 } });
    cleanups.push(queues.cleanup);
    const durations: Array<[string, number | null]> = [
      ['song-short', 20],
      ['unknown-length', null],
      ['ritual-long', 3_600],
      ['song-middle', 95.5],
      ['song-middle-too', 95.2],
    ];
    for (const [itemId, seconds] of durations)
      await queues.runtime.addFlow(recordingFlow(itemId, seconds));

    const taken: string[] = [];
    let allTaken: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      allTaken = resolve;
    });
    const runner = await startWorkers({
      runtime: queues.runtime,
      settings: queues.settings,
      queues: [QueueName.Audio],
      handlers: {
        [JobName.NormaliseAudio]: anyJobHandler(async (job) => {
          taken.push(job.data.itemId);
          if (taken.length === durations.length) allTaken();
          return {};
        }),
      },
    });
    cleanups.push(() => runner.stop({ timeoutMs: 1000 }));
    await done;
    // 95.5 and 95.2 s round up to the same second, and then keep the order they came in.
    expect(taken).toEqual([
      'ritual-long',
      'song-middle',
      'song-middle-too',
      'song-short',
      'unknown-length',
    ]);
  });
});
