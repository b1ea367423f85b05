import { describe, expect, it } from 'vitest';
import { assignSplit } from '../../../src/usecases/export/assign-split.js';
import { parseExportRequest } from '../../../src/usecases/export/export-request.js';
import { planSplits, splitNotes } from '../../../src/usecases/export/split-plan.js';
import {
  frameAt,
  readWavLayout,
  WavFormatError,
  wavClip,
} from '../../../src/usecases/export/wav-clip.js';

const ratios = { train: 0.8, validation: 0.1, test: 0.1 };

describe('planSplits', () => {
  const request = (minSplit: number, splits = { train: 0.001, validation: 0.5, test: 0.499 }) =>
    parseExportRequest({ out: 'x', splits, minSplit });
  const keys = ['item:a', 'item:b', 'item:c', 'item:d', 'item:e'];
  const splitsOf = (plan: ReturnType<typeof planSplits>) => keys.map((key) => plan.splitOf(key));

  it('warns when a small export ends with no train split, and moves nothing unless asked', () => {
    const plan = planSplits(keys, request(0));
    expect(plan.groups.train).toBe(0);
    expect(plan.moved).toEqual([]);
    expect(splitsOf(plan)).toEqual(
      keys.map((key) => assignSplit(key, 'heritage-split-v1', request(0).splits)),
    );
    const written = (['validation', 'test'] as const).filter((split) => plan.groups[split] > 0);
    expect(splitNotes('text', written, plan, request(0))).toEqual([
      `text has no train split: its 5 group(s) all went to ${written.join(' and ')}; --min-split 1 moves groups into train`,
    ]);
  });

  it('fills each split to --min-split from the largest, the same way every time, without leaving a donor short', () => {
    const plan = planSplits(keys, request(1));
    expect(plan.groups.train).toBeGreaterThanOrEqual(1);
    expect(plan.groups.validation).toBeGreaterThanOrEqual(1);
    expect(plan.groups.test).toBeGreaterThanOrEqual(1);
    expect(plan.groups.train + plan.groups.validation + plan.groups.test).toBe(keys.length);
    // Same groups in another order: the same plan.
    expect(splitsOf(planSplits([...keys].reverse(), request(1)))).toEqual(splitsOf(plan));
    // Only the groups that had to move moved.
    const unmoved = splitsOf(planSplits(keys, request(0)));
    const changed = splitsOf(plan).filter((split, index) => split !== unmoved[index]);
    expect(changed.length).toBe(plan.moved.reduce((total, move) => total + move.count, 0));
    // A donor never gives away the groups it needs itself: with two groups in two splits, nothing moves.
    for (const move of plan.moved) expect(plan.groups[move.from]).toBeGreaterThanOrEqual(1);
    const two = planSplits(['item:a', 'item:b'], request(2));
    expect(two.moved).toEqual([]);
    expect(splitsOf(two).slice(0, 2)).toEqual(splitsOf(planSplits(keys, request(0))).slice(0, 2));
  });

  it('leaves a split with no share empty', () => {
    const plan = planSplits(keys, request(1, { train: 0.5, validation: 0.5, test: 0 }));
    expect(plan.groups.test).toBe(0);
  });
});

describe('assignSplit', () => {
  const keys = Array.from({ length: 20_000 }, (_, index) => `performer-${index}`);

  it('follows the ratios over many groups', () => {
    const counts = { train: 0, validation: 0, test: 0 };
    for (const key of keys) counts[assignSplit(key, 'seed', ratios)] += 1;
    expect(counts.train / keys.length).toBeCloseTo(0.8, 1);
    expect(counts.validation / keys.length).toBeCloseTo(0.1, 1);
    expect(counts.test / keys.length).toBeCloseTo(0.1, 1);
  });

  it('gives a group the same split whatever other groups exist, and another seed reshuffles', () => {
    const before = keys.slice(0, 500).map((key) => assignSplit(key, 'seed', ratios));
    // Placing thousands of new groups first changes nothing for the earlier ones.
    for (const key of keys.slice(500)) assignSplit(key, 'seed', ratios);
    expect(keys.slice(0, 500).map((key) => assignSplit(key, 'seed', ratios))).toEqual(before);
    const reseeded = keys.slice(0, 500).map((key) => assignSplit(key, 'other seed', ratios));
    expect(reseeded).not.toEqual(before);
  });

  it('never uses a split whose share is zero', () => {
    const noTest = { train: 0.9, validation: 0.1, test: 0 };
    expect(keys.some((key) => assignSplit(key, 'seed', noTest) === 'test')).toBe(false);
    expect(
      new Set(keys.map((key) => assignSplit(key, 'seed', { train: 0, validation: 0, test: 1 }))),
    ).toEqual(new Set(['test']));
  });
});

/** A PCM WAV as ffmpeg writes one: fmt, a LIST chunk, then data holding 0, 1, 2, ... */
function wav(
  frames: number,
  options: { rate?: number; channels?: number; extra?: boolean } = {},
): Buffer {
  const rate = options.rate ?? 16_000;
  const channels = options.channels ?? 1;
  const fmt = Buffer.alloc(24);
  fmt.write('fmt ', 0, 'ascii');
  fmt.writeUInt32LE(16, 4);
  fmt.writeUInt16LE(1, 8);
  fmt.writeUInt16LE(channels, 10);
  fmt.writeUInt32LE(rate, 12);
  fmt.writeUInt32LE(rate * 2 * channels, 16);
  fmt.writeUInt16LE(2 * channels, 20);
  fmt.writeUInt16LE(16, 22);
  const list = Buffer.from('LIST\u0005\u0000\u0000\u0000INFOx\u0000', 'latin1'); // odd size, padded
  const samples = Buffer.alloc(frames * 2 * channels);
  for (let index = 0; index < frames * channels; index += 1)
    samples.writeInt16LE(index % 32_000, index * 2);
  const data = Buffer.concat([Buffer.from('data'), Buffer.alloc(4), samples]);
  data.writeUInt32LE(samples.length, 4);
  const body = Buffer.concat([
    Buffer.from('WAVE'),
    fmt,
    ...(options.extra === false ? [] : [list]),
    data,
  ]);
  const riff = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), body]);
  riff.writeUInt32LE(body.length, 4);
  return riff;
}

describe('WAV clips', () => {
  it('finds the samples behind other chunks', () => {
    const file = wav(16_000);
    const layout = readWavLayout(file, 'a.wav');
    expect(layout).toMatchObject({
      sampleRate: 16_000,
      channels: 1,
      bitsPerSample: 16,
      blockAlign: 2,
      frames: 16_000,
    });
    expect(file.readInt16LE(layout.dataOffset + 2 * 123)).toBe(123);
  });

  it('places boundaries on round(ms × rate / 1000), without float drift', () => {
    expect(frameAt(3021, 16_000)).toBe(48_336);
    expect(frameAt(1333, 16_000)).toBe(21_328);
    expect(frameAt(1, 44_100)).toBe(44); // 44.1 rounds down
    expect(frameAt(10, 22_050)).toBe(221); // 220.5 rounds half up
    // Every millisecond of an hour lands where exact integer arithmetic puts it.
    for (let ms = 0; ms < 3_600_000; ms += 997)
      expect(frameAt(ms, 16_000)).toBe(Math.round((ms * 16) / 1));
  });

  it('copies exactly the frames asked for, behind a valid header', () => {
    const file = wav(16_000, { channels: 2 });
    const layout = readWavLayout(file, 'stereo.wav');
    const clip = wavClip(file, layout, 100, 350);
    const clipLayout = readWavLayout(clip, 'clip.wav');
    expect(clipLayout).toMatchObject({
      frames: 250,
      channels: 2,
      sampleRate: 16_000,
      dataOffset: 44,
    });
    expect(clip.readUInt32LE(4)).toBe(clip.length - 8);
    expect(clip.readInt16LE(44)).toBe(200); // frame 100, left channel
    expect(clip.readInt16LE(clip.length - 2)).toBe(699); // frame 349, right channel
    expect(() => wavClip(file, layout, 15_990, 16_001)).toThrow(RangeError);
  });

  it('refuses what is not integer PCM WAV, naming the file', () => {
    expect(() => readWavLayout(Buffer.from('OggS not a wav at all'), 'x.ogg')).toThrow(
      /x\.ogg: is not a RIFF\/WAVE file/,
    );
    const float = wav(10, { extra: false });
    float.writeUInt16LE(3, 20); // IEEE float
    expect(() => readWavLayout(float, 'float.wav')).toThrow(WavFormatError);
    expect(() => readWavLayout(wav(10).subarray(0, 40), 'short.wav')).toThrow(
      /short\.wav: has no data chunk/,
    );
  });
});
