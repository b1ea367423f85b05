import { describe, expect, it } from 'vitest';
import { derivativeStems } from '../../src/jobs/derivative-stem.js';
import { pendingJobs } from '../../src/jobs/pending-jobs.js';
import type { ItemRecord } from '../../src/model/item-record.js';

const derivativeStem = (original: string, originals: readonly string[]) =>
  derivativeStems(originals).get(original);

describe('derivativeStems', () => {
  it('is the file name without its extension for an original named like no other', () => {
    expect(derivativeStem('originals/then-001.wav', ['originals/then-001.wav'])).toBe('then-001');
    expect(
      derivativeStem('originals/tape1/song.wav', [
        'originals/tape1/song.wav',
        'originals/tape2/song.mp3',
      ]),
    ).toBe('song');
  });

  it('keeps apart two originals of one folder that share a stem', () => {
    const originals = ['originals/song.wav', 'originals/song.mp3'];
    const [wav, mp3] = originals.map((original) => derivativeStem(original, originals));
    expect(wav).toMatch(/^song\.[0-9a-f]{8}$/);
    expect(mp3).toMatch(/^song\.[0-9a-f]{8}$/);
    expect(wav).not.toBe(mp3);
    // The same name whatever order the originals come in.
    expect(derivativeStem('originals/song.wav', [...originals].reverse())).toBe(wav);
  });

  it('keeps apart names that differ only in what file-safe names drop', () => {
    const originals = ['originals/lượn.wav', 'originals/lươn.wav', 'originals/lượn 1.wav'];
    const stems = originals.map((original) => derivativeStem(original, originals));
    expect(stems[0]).not.toBe('lượn');
    expect(new Set(stems).size).toBe(3);
    expect(stems[2]).toBe('lượn 1');
  });
});

describe('pendingJobs', () => {
  it('names each job’s derivatives with the item’s other originals of its kind in view', () => {
    const asset = (path: string, role: string) => ({
      path,
      role,
      originalName: path.replace('originals/', ''),
      sha256: 'a'.repeat(64),
      size: 1,
      mediaType: 'application/octet-stream',
      format: path.split('.').pop(),
      technical: {},
    });
    const record = {
      assets: [
        asset('originals/song.wav', 'recording'),
        asset('originals/song.mp3', 'recording'),
        asset('originals/song.tif', 'scan'),
      ],
      steps: [],
    } as unknown as ItemRecord;
    const stems = Object.fromEntries(
      pendingJobs(record).map((job) => [job.asset, job.derivativeStem]),
    );
    expect(stems['originals/song.tif']).toBe('song');
    expect(stems['originals/song.wav']).toMatch(/^song\.[0-9a-f]{8}$/);
    expect(stems['originals/song.mp3']).toMatch(/^song\.[0-9a-f]{8}$/);
  });
});
