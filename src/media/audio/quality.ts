import { silenceMinSeconds, silenceNoiseDb } from './analysis-args.js';
import type { LevelsReport } from './channel-levels.js';
import type { AudioTrack } from './ffprobe-output.js';
import type { SilenceReport } from './filter-reports.js';
import type { Quality, QualityFlag } from './recording-result.js';

/** Limits past which a recording is flagged for a person to look at. */
export const qualityThresholds = {
  /** Shorter than this (seconds) is rarely a real recording. */
  veryShortSeconds: 1,
  /** Below 16 bits per sample the noise floor is audible in quiet passages. */
  minBitDepth: 16,
  /** More channels than this are downmixed for loudness and derivatives: worth a look. */
  maxChannels: 2,
  /**
   * A level at or above this (relative to full scale) counts as full scale: 16-bit full
   * scale is 32767/32768 = 0.9999695 on the positive side.
   */
  fullScale: 0.9999,
  /** Share of samples at full scale above which the recording is called clipped. */
  clippingShare: 0.0001,
  /** Share of the duration in silent stretches above which the recording is flagged. */
  silentShare: 0.25,
  /** Integrated loudness below this (LUFS) is very low: gain will lift the noise too. */
  veryLowLufs: -45,
  /** |DC offset| above this (1% of full scale) shifts the waveform visibly. */
  dcOffset: 0.01,
} as const;

export interface QualityInput {
  track: AudioTrack;
  levels: LevelsReport;
  silence: SilenceReport;
  /** Pass 1's integrated loudness of the downmix; null for digital silence. */
  integratedLufs: number | null;
  decodeErrors: number;
  /** The training rate: a source below it is upsampled, with nothing above its Nyquist. */
  trainingSampleRate: number;
}

/** Decoded duration: the samples counted in each channel, at the track's rate. */
export function decodedDurationSeconds(track: AudioTrack, levels: LevelsReport): number {
  return levels.samplesPerChannel / track.sampleRate;
}

/** Turns pass 1's figures for one track into its quality record and flags. */
export function assessQuality(input: QualityInput): { quality: Quality; flags: QualityFlag[] } {
  const { track, levels, silence, integratedLufs, decodeErrors, trainingSampleRate } = input;
  const duration = decodedDurationSeconds(track, levels);
  const channels = levels.channels;

  let clippedSamples = 0;
  for (const channel of channels) {
    const extreme = Math.max(Math.abs(channel.minLevel ?? 0), Math.abs(channel.maxLevel ?? 0));
    // The peak count takes the samples at the channel's minimum and at its maximum together; on
    // a channel that reaches full scale those are the clipped ones (plus, when only one
    // polarity clips, the few at the other extreme).
    if (extreme >= qualityThresholds.fullScale)
      clippedSamples += Math.round(channel.peakCount ?? 0);
  }
  const totalSamples = levels.samplesPerChannel * Math.max(1, channels.length);
  const clippingShare = totalSamples > 0 ? Math.min(1, clippedSamples / totalSamples) : 0;

  // A stretch still open at the end lasts until the end.
  const openTail =
    silence.openSinceSeconds !== null ? Math.max(0, duration - silence.openSinceSeconds) : 0;
  const stretches =
    silence.openSinceSeconds !== null
      ? [...silence.stretches, { startSeconds: silence.openSinceSeconds, endSeconds: duration }]
      : silence.stretches;
  const silentSeconds = silence.totalSeconds + openTail;
  const silentShare = duration > 0 ? Math.min(1, silentSeconds / duration) : 0;

  const dcOffsets = channels.map((channel) => channel.dcOffset);
  const knownOffsets = dcOffsets.filter((value): value is number => value !== null);
  const maxDcOffset = knownOffsets.length > 0 ? Math.max(...knownOffsets.map(Math.abs)) : null;

  const quality: Quality = {
    durationSeconds: duration,
    declaredDurationSeconds: track.durationSeconds,
    sampleRate: track.sampleRate,
    channels: track.channels,
    bitDepth: track.bitDepth,
    sampleFormat: track.sampleFormat,
    clipping: { samples: clippedSamples, share: clippingShare },
    silence: {
      noiseDb: silenceNoiseDb,
      minSeconds: silenceMinSeconds,
      count: silence.count + (silence.openSinceSeconds !== null ? 1 : 0),
      totalSeconds: silentSeconds,
      share: silentShare,
      stretches,
    },
    level: {
      peakDbfs: levels.overallPeakLevelDb,
      rmsDbfs: levels.overallRmsLevelDb,
    },
    dcOffset: { perChannel: dcOffsets, maxAbs: maxDcOffset },
    decodeErrors,
  };

  const t = qualityThresholds;
  const flags: QualityFlag[] = [];
  const flag = (
    code: QualityFlag['code'],
    value: number | null,
    threshold: number,
    message: string,
  ) => flags.push({ code, value, threshold, message });
  if (duration < t.veryShortSeconds) {
    flag('very-short', duration, t.veryShortSeconds, `only ${duration.toFixed(2)} s long`);
  }
  if (track.sampleRate < trainingSampleRate) {
    flag(
      'low-sample-rate',
      track.sampleRate,
      trainingSampleRate,
      `recorded at ${track.sampleRate} Hz, below the training rate`,
    );
  }
  if (track.bitDepth !== null && track.bitDepth < t.minBitDepth) {
    flag('low-bit-depth', track.bitDepth, t.minBitDepth, `${track.bitDepth}-bit samples`);
  }
  if (track.channels > t.maxChannels) {
    flag(
      'many-channels',
      track.channels,
      t.maxChannels,
      `${track.channels} channels mixed down to mono`,
    );
  }
  if (clippingShare > t.clippingShare) {
    flag(
      'clipping',
      clippingShare,
      t.clippingShare,
      `${(clippingShare * 100).toFixed(3)}% of samples at full scale`,
    );
  }
  if (silentShare > t.silentShare) {
    flag(
      'silent-stretches',
      silentShare,
      t.silentShare,
      `${(silentShare * 100).toFixed(0)}% of the duration is silent`,
    );
  }
  if (integratedLufs === null || integratedLufs < t.veryLowLufs) {
    const level = integratedLufs === null ? 'digital silence' : `${integratedLufs.toFixed(1)} LUFS`;
    flag('very-low-level', integratedLufs, t.veryLowLufs, `integrated loudness ${level}`);
  }
  if (maxDcOffset !== null && maxDcOffset > t.dcOffset) {
    flag(
      'dc-offset',
      maxDcOffset,
      t.dcOffset,
      `DC offset of ${(maxDcOffset * 100).toFixed(2)}% of full scale`,
    );
  }
  if (decodeErrors > 0) {
    flag('decode-errors', decodeErrors, 0, `${decodeErrors} packets could not be decoded`);
  }
  return { quality, flags };
}
