import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { AudioSettings } from './audio-settings.js';
import type { LevelsReport } from './channel-levels.js';
import { accessFormat, type DerivativePaths, trainingFormat } from './derivative-formats.js';
import type { LoudnessMeasurement } from './ebur128.js';
import type { AudioTrack } from './ffprobe-output.js';
import type { TrackReports } from './filter-reports.js';
import type { LoudnessTarget, LoudnormReport } from './loudnorm.js';
import { assessQuality } from './quality.js';
import type { Derivative, Loudness, TrackResult } from './recording-result.js';

/** What both passes learned and wrote for one track. */
export interface TrackOutcome {
  track: AudioTrack;
  /** Pass 1's reports. */
  analysis: TrackReports;
  /** Pass 1's levels of the original's channels. */
  levels: LevelsReport;
  /** Pass 1's loudness measurement. */
  measured: LoudnessMeasurement;
  decodeErrors: number;
  target: LoudnessTarget;
  /** Pass 2's loudnorm report. */
  applied: LoudnormReport;
  paths: DerivativePaths;
  peaks: { length: number; samplesPerPixel: number };
}

/** Assembles the result record of one track, reading the sizes of the files written. */
export async function buildTrackResult(
  outcome: TrackOutcome,
  settings: Pick<AudioSettings, 'trainingFormat' | 'trainingSampleRate' | 'accessFormat'>,
): Promise<TrackResult> {
  const { track, analysis, measured, applied, paths } = outcome;
  const training = trainingFormat(settings);
  const { quality, flags } = assessQuality({
    track,
    levels: outcome.levels,
    silence: analysis.silence,
    integratedLufs: measured.integratedLufs,
    decodeErrors: outcome.decodeErrors,
    trainingSampleRate: training.sampleRate,
  });
  const loudness: Loudness = {
    target: outcome.target,
    input: measured,
    output: {
      integratedLufs: applied.outputI,
      truePeakDbtp: applied.outputTp,
      loudnessRangeLu: applied.outputLra,
      thresholdLufs: applied.outputThresh,
    },
    mode: applied.normalizationType,
  };
  return {
    audioIndex: track.audioIndex,
    streamIndex: track.streamIndex,
    codec: track.codec,
    language: track.language,
    loudness,
    quality,
    flags,
    derivatives: {
      training: await describeFile('training', paths.training, training),
      access: await describeFile('access', paths.access, accessFormat(settings)),
      peaks: {
        ...(await describeFile('peaks', paths.peaks, {
          mediaType: 'application/json',
          sampleRate: training.sampleRate,
        })),
        ...outcome.peaks,
      },
    },
  };
}

async function describeFile(
  role: Derivative['role'],
  file: string,
  format: { mediaType: string; sampleRate: number },
): Promise<Derivative> {
  const { size } = await stat(file);
  return {
    role,
    path: file,
    fileName: path.basename(file),
    mediaType: format.mediaType,
    bytes: size,
    sampleRate: format.sampleRate,
    channels: 1,
  };
}
