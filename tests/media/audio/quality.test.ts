import { describe, expect, it } from 'vitest';
import type { ChannelLevels, LevelsReport } from '../../../src/media/audio/channel-levels.js';
import { truncationReason } from '../../../src/media/audio/completeness.js';
import type { AudioTrack } from '../../../src/media/audio/ffprobe-output.js';
import type { SilenceReport } from '../../../src/media/audio/filter-reports.js';
import {
  assessQuality,
  type QualityInput,
  qualityThresholds,
} from '../../../src/media/audio/quality.js';
import { passTimeoutMs } from '../../../src/media/audio/tool-timeout.js';

const track: AudioTrack = {
  audioIndex: 0,
  streamIndex: 0,
  codec: 'pcm_s16le',
  sampleFormat: 's16',
  sampleRate: 48_000,
  channels: 2,
  channelLayout: 'stereo',
  bitDepth: 16,
  durationSeconds: 10,
  language: null,
};

function channel(overrides: Partial<ChannelLevels> = {}): ChannelLevels {
  return {
    dcOffset: 0,
    minLevel: -0.5,
    maxLevel: 0.5,
    peakLevelDb: -6,
    rmsLevelDb: -20,
    peakCount: 2,
    ...overrides,
  };
}

const noSilence: SilenceReport = {
  stretches: [],
  count: 0,
  totalSeconds: 0,
  openSinceSeconds: null,
};

function input(overrides: Partial<QualityInput> = {}): QualityInput {
  const levels: LevelsReport = {
    channels: [channel(), channel()],
    samplesPerChannel: 480_000,
    overallPeakLevelDb: -6,
    overallRmsLevelDb: -20,
  };
  return {
    track,
    levels,
    silence: noSilence,
    integratedLufs: -20,
    decodeErrors: 0,
    trainingSampleRate: 16_000,
    ...overrides,
  };
}

const codes = (result: ReturnType<typeof assessQuality>) => result.flags.map((flag) => flag.code);

describe('assessQuality', () => {
  it('raises no flag on a clean recording and takes the duration from the decoded samples', () => {
    const result = assessQuality(input());
    expect(result.flags).toEqual([]);
    expect(result.quality.durationSeconds).toBe(10);
    expect(result.quality.clipping).toEqual({ samples: 0, share: 0 });
  });

  it('counts clipped samples only on channels that reach full scale', () => {
    const levels = {
      ...input().levels,
      channels: [
        channel({ minLevel: -1, maxLevel: 0.99997, peakCount: 960 }),
        channel({ peakCount: 500 }),
      ],
      samplesPerChannel: 480_000,
    } as LevelsReport;
    const result = assessQuality(input({ levels }));
    expect(result.quality.clipping.samples).toBe(960);
    expect(result.quality.clipping.share).toBeCloseTo(960 / 960_000, 10);
    const flag = result.flags.find((f) => f.code === 'clipping');
    expect(flag).toMatchObject({ value: 0.001, threshold: qualityThresholds.clippingShare });
  });

  it('closes a silent stretch still open at the end and flags mostly silent recordings', () => {
    const silence: SilenceReport = {
      stretches: [{ startSeconds: 1, endSeconds: 3 }],
      count: 1,
      totalSeconds: 2,
      openSinceSeconds: 7,
    };
    const result = assessQuality(input({ silence }));
    expect(result.quality.silence.stretches).toEqual([
      { startSeconds: 1, endSeconds: 3 },
      { startSeconds: 7, endSeconds: 10 },
    ]);
    expect(result.quality.silence).toMatchObject({ count: 2, totalSeconds: 5, share: 0.5 });
    expect(codes(result)).toContain('silent-stretches');
  });

  it('flags low level, digital silence, DC offset, format limits and decoding errors with their values', () => {
    const levels = {
      ...input().levels,
      channels: [channel({ dcOffset: -0.04 }), channel({ dcOffset: 0.001 })],
    } as LevelsReport;
    const result = assessQuality(
      input({
        track: { ...track, sampleRate: 8000, bitDepth: 8, channels: 6 },
        levels: { ...levels, samplesPerChannel: 4000 },
        integratedLufs: -52,
        decodeErrors: 3,
      }),
    );
    const byCode = Object.fromEntries(result.flags.map((flag) => [flag.code, flag.value]));
    expect(byCode).toEqual({
      'very-short': 0.5,
      'low-sample-rate': 8000,
      'low-bit-depth': 8,
      'many-channels': 6,
      'very-low-level': -52,
      'dc-offset': 0.04,
      'decode-errors': 3,
    });
    expect(codes(assessQuality(input({ integratedLufs: null })))).toEqual(['very-low-level']);
  });
});

describe('truncationReason', () => {
  it('accepts small differences between declared and decoded duration', () => {
    expect(truncationReason(600, 597)).toBeNull();
    expect(truncationReason(10, 9.6)).toBeNull();
    expect(truncationReason(null, 3)).toBeNull();
  });

  it('names both durations when much is missing', () => {
    expect(truncationReason(11, 4.6)).toBe(
      'truncated or damaged: the header declares 11.00 s but only 4.60 s decode',
    );
  });
});

describe('passTimeoutMs', () => {
  it('grows with the duration', () => {
    expect(passTimeoutMs(3600, null)).toBeGreaterThan(passTimeoutMs(60, null));
    expect(passTimeoutMs(3600, null) - passTimeoutMs(0, null)).toBeGreaterThanOrEqual(3600 * 1000);
  });

  it('bounds an unknown duration by the file size at the slowest accepted bitrate', () => {
    // 10 MB at 1000 bytes/s is at most 10 000 s of audio.
    expect(passTimeoutMs(null, 10_000_000)).toBe(passTimeoutMs(10_000, null));
  });
});
