import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntegrityError } from '../../../src/infra/storage/object-store.js';
import { DatasetFiles } from '../../../src/usecases/export/dataset-files.js';
import { ExclusionTally } from '../../../src/usecases/export/exclusion-tally.js';
import type { PlannedUtterance } from '../../../src/usecases/export/plan-utterances.js';
import { wavClip } from '../../../src/usecases/export/wav-clip.js';
import { writeSpeech } from '../../../src/usecases/export/write-speech.js';
import { duckRows } from '../../support/duck-rows.js';
import { makeTempDir } from '../../support/redis.js';

const RATE = 16_000;
const TRACK = 'derivatives/audio/x.a0.training.wav';

/** A one-second 16 kHz mono training copy. */
function trainingCopy(): Buffer {
  const pcm = Buffer.alloc(RATE * 2, 7);
  const layout = { sampleRate: RATE, channels: 1, bitsPerSample: 16, blockAlign: 2 };
  return wavClip(pcm, { ...layout, dataOffset: 0, frames: RATE }, 0, RATE);
}

/** Two half-second utterances of an item whose training copy reads as `read` does. */
function utterancesOf(itemId: string, read: () => Promise<Buffer>): PlannedUtterance[] {
  const item = {
    record: { item: { id: itemId }, collection: { id: 'c' }, assets: [] },
    version: 'v1',
    licence: 'CC0-1.0',
    snapshot: { read },
  };
  const track = { path: TRACK, sampleRate: RATE };
  return [0, 1].map(
    (index) =>
      ({
        id: `${itemId}-u${index}`,
        item,
        track,
        startMs: index * 500,
        endMs: index * 500 + 500,
        startFrame: index * 8000,
        endFrame: index * 8000 + 8000,
        text: `câu ${index}`,
        textOrigin: { origin: 'human', tool: null },
        language: 'tyz',
        speaker: undefined,
        ritualTerms: [],
        symbolTerms: [],
        split: 'train',
      }) as unknown as PlannedUtterance,
  );
}

describe('speech shards when a whole shard is left out', () => {
  let work: Awaited<ReturnType<typeof makeTempDir>>;

  beforeAll(async () => {
    work = await makeTempDir('export-shards');
  });

  afterAll(async () => {
    await work.remove();
  });

  it('writes the shard empty, so that the -of- numbering stays whole', async () => {
    const files = new DatasetFiles(work.dir);
    const exclusions = new ExclusionTally();
    const damaged = new IntegrityError(TRACK, 'a'.repeat(64), 'b'.repeat(64));
    // Two clips of 16,044 bytes fit a 40,000-byte shard: one shard per item.
    const summary = await writeSpeech(
      files,
      [
        ...utterancesOf('good', async () => trainingCopy()),
        ...utterancesOf('damaged', () => Promise.reject(damaged)),
      ],
      { sampleRate: RATE, maxShardBytes: 40_000 },
      exclusions,
    );
    expect(exclusions.damaged()).toEqual([
      { itemId: 'damaged', path: TRACK, problem: damaged.message },
    ]);
    const shards = files
      .list()
      .map((file) => file.path)
      .filter((file) => file.startsWith('data/'));
    expect(shards).toEqual([
      'data/train-00000-of-00002.parquet',
      'data/train-00001-of-00002.parquet',
    ]);
    expect(summary.splits.train).toMatchObject({ utterances: 2, shards: 2 });
    const counts = await duckRows(
      `SELECT filename, count(id) AS n FROM read_parquet('${path.join(work.dir, 'data')}/*.parquet', filename = true) GROUP BY filename ORDER BY filename`,
    );
    // The empty shard is a valid parquet file with no rows (DuckDB lists none for it).
    expect(counts.map((row) => Number(row.n))).toEqual([2]);
    const empty = await duckRows(
      `SELECT count(*) AS n FROM read_parquet('${path.join(work.dir, shards[1] as string)}')`,
    );
    expect(Number(empty[0]?.n)).toBe(0);
  });
});
