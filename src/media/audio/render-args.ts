import { monoDownmix, trackLabel } from './analysis-args.js';
import type { AudioSettings } from './audio-settings.js';
import { accessFormat, type DerivativePaths, trainingFormat } from './derivative-formats.js';
import type { LoudnessMeasurement } from './ebur128.js';
import { ffmpegCommonArgs } from './ffmpeg-common-args.js';
import { fileUrl, guardedInputArgs } from './input-guard.js';
import { type LoudnessTarget, loudnormApplyFilter } from './loudnorm.js';

/** What pass 2 needs to know about one track. */
export interface RenderTrack {
  audioIndex: number;
  target: LoudnessTarget;
  measured: LoudnessMeasurement;
  paths: DerivativePaths;
  /** File descriptor of the raw PCM pipe the waveform peaks are read from (3, 4, ...). */
  peaksFd: number;
}

/**
 * Output options that make derivatives byte-for-byte reproducible (a retried job writes
 * the same digest, so the archive stores it once) and carry no source tags along.
 */
const reproducibleOutputArgs = [
  '-map_metadata',
  '-1',
  '-fflags',
  '+bitexact',
  '-flags:a',
  '+bitexact',
];

/**
 * Pass 2, one ffmpeg run over every audio track: loudnorm applies pass 1's
 * measurements to the mono downmix, then the result is split into the training copy,
 * the access copy and a raw 16-bit PCM pipe at the training rate for waveform peaks.
 * Every branch names its rate: dynamic loudnorm emits 192 kHz.
 */
export function buildRenderArgs(
  inputPath: string,
  tracks: RenderTrack[],
  settings: Pick<AudioSettings, 'trainingFormat' | 'trainingSampleRate' | 'accessFormat'>,
): string[] {
  const training = trainingFormat(settings);
  const access = accessFormat(settings);
  const chains: string[] = [];
  const outputs: string[] = [];
  for (const track of tracks) {
    const label = trackLabel(track.audioIndex);
    chains.push(
      `[0:a:${track.audioIndex}]${monoDownmix},` +
        `${loudnormApplyFilter(label, track.target, track.measured)},asplit=2[normal_${label}][normal_access_${label}]`,
      `[normal_${label}]aresample=${training.sampleRate},` +
        `aformat=sample_fmts=s16:sample_rates=${training.sampleRate}:channel_layouts=mono,` +
        `asplit=2[training_${label}][peaks_${label}]`,
      `[normal_access_${label}]aresample=${access.sampleRate},` +
        `aformat=sample_rates=${access.sampleRate}:channel_layouts=mono[access_${label}]`,
    );
    outputs.push(
      ...['-map', `[training_${label}]`, ...reproducibleOutputArgs, ...training.codecArgs],
      ...['-ar', String(training.sampleRate), '-ac', '1', fileUrl(track.paths.training)],
      ...['-map', `[access_${label}]`, ...reproducibleOutputArgs, ...access.codecArgs],
      ...['-ar', String(access.sampleRate), '-ac', '1', fileUrl(track.paths.access)],
      // Without `-flush_packets 0` ffmpeg flushes every packet into the pipe: 1-4 KiB
      // reads, 2,000-4,700 for two minutes of audio, where 32 KiB pieces take about 110.
      ...['-map', `[peaks_${label}]`, '-c:a', 'pcm_s16le', '-flush_packets', '0', '-f', 's16le'],
      ...['-ar', String(training.sampleRate), '-ac', '1', `pipe:${track.peaksFd}`],
    );
  }
  return [
    ...ffmpegCommonArgs(),
    '-y',
    ...guardedInputArgs(inputPath),
    '-filter_complex',
    chains.join(';'),
    ...outputs,
  ];
}
