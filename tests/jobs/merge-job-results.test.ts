import { describe, expect, it } from 'vitest';
import type { ItemJobResult } from '../../src/jobs/item-job-result.js';
import { mergeJobResults } from '../../src/jobs/merge-job-results.js';
import type { Asset } from '../../src/model/asset.js';
import type { ItemRecord } from '../../src/model/item-record.js';

const original = (path: string): Asset => ({
  path,
  role: 'recording',
  originalName: path.replace('originals/', ''),
  mediaType: 'audio/wav',
  format: 'wav',
  sha256: 'a'.repeat(64),
  size: 10,
  technical: {},
});

/** A `normalise-audio` result for `asset` that stages one training copy at `path`. */
const trainingCopy = (asset: string, path: string, digit: string): ItemJobResult =>
  ({
    step: 'normalise-audio',
    asset,
    status: 'done',
    derivatives: [
      {
        path,
        role: 'derivative',
        mediaType: 'audio/wav',
        format: 'wav',
        sha256: digit.repeat(64),
        size: 5,
        technical: {},
        derivedFrom: asset,
        workKey: `work/${digit}`,
      },
    ],
    result: {},
    events: [],
  }) as unknown as ItemJobResult;

const record = {
  assets: [original('originals/song.mp3'), original('originals/song.wav')],
  steps: [],
} as unknown as ItemRecord;
const sharedPath = 'derivatives/audio/song.a0.training.wav';

describe('mergeJobResults', () => {
  it('fails the step whose derivative would replace another original’s, keeping the first', () => {
    const merged = mergeJobResults(
      record,
      [
        trainingCopy('originals/song.mp3', sharedPath, 'b'),
        trainingCopy('originals/song.wav', sharedPath, 'c'),
      ],
      [],
    );
    expect(merged.toArchive.map((derivative) => derivative.workKey)).toEqual(['work/b']);
    expect(merged.record.assets.find((asset) => asset.path === sharedPath)?.derivedFrom).toBe(
      'originals/song.mp3',
    );
    expect(merged.record.steps).toEqual([
      expect.objectContaining({ asset: 'originals/song.mp3', status: 'done' }),
      expect.objectContaining({
        asset: 'originals/song.wav',
        status: 'failed',
        detail: `its derivative ${sharedPath} would replace that of originals/song.mp3`,
      }),
    ]);
  });

  it('lets a step replace the derivatives of its own original', () => {
    const first = mergeJobResults(
      record,
      [trainingCopy('originals/song.mp3', sharedPath, 'b')],
      [],
    );
    const again = mergeJobResults(
      first.record,
      [trainingCopy('originals/song.mp3', sharedPath, 'd')],
      [],
    );
    expect(again.toArchive.map((derivative) => derivative.workKey)).toEqual(['work/d']);
    expect(again.record.steps.map((step) => step.status)).toEqual(['done']);
  });
});
