import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { buildAnalysisArgs, trackLabel } from './analysis-args.js';
import type { AudioSettings } from './audio-settings.js';
import { type LevelsReport, measureChannelLevels } from './channel-levels.js';
import { truncationReason } from './completeness.js';
import { derivativePaths, derivativeStem, trainingFormat } from './derivative-formats.js';
import { BadMediaError } from './errors.js';
import { ProgressReporter, parseProgressSeconds } from './ffmpeg-progress.js';
import { ffmpegVersionOf } from './ffmpeg-versions.js';
import type { AudioTrack, MediaProbe } from './ffprobe-output.js';
import { FilterReportCollector } from './filter-reports.js';
import { chooseLoudnessRange } from './loudnorm.js';
import { writePeaksFile } from './peaks-file.js';
import { probeMedia } from './probe-media.js';
import { decodedDurationSeconds } from './quality.js';
import {
  type RecordingResult,
  recordingResultSchema,
  type TrackResult,
} from './recording-result.js';
import { buildRenderArgs, type RenderTrack } from './render-args.js';
import { runOnMedia } from './run-on-media.js';
import { passTimeoutMs } from './tool-timeout.js';
import { buildTrackResult, type TrackOutcome } from './track-result.js';

export interface NormaliseRecordingOptions {
  /** The original; it is only read. */
  inputPath: string;
  /** Where the derivatives are written (created if missing). */
  outputDir: string;
  settings: AudioSettings;
  /**
   * The input as ingest described it (`probeOfTechnical`); ffprobe runs only when it
   * is absent. It must describe these very bytes: the job names their digest.
   */
  probe?: MediaProbe;
  /** What the derivatives' names start with (made file-safe); default: the input's name. */
  stem?: string;
  /** Called with a growing fraction in 0..1. */
  onProgress?: (fraction: number) => void;
  /** Aborting kills ffmpeg and removes partial derivatives. */
  signal?: AbortSignal;
}

/** A tool's first pipe after stdin, stdout and stderr: each track's PCM comes on one of its own. */
const FIRST_PIPE_FD = 3;

/** Share of the progress bar given to pass 1 (analysis); pass 2 writes, and takes longer. */
const analysisShare = 0.45;

/**
 * Normalises every audio track of one recording: pass 1 measures loudness (ebur128) and
 * quality in one ffmpeg run; pass 2, another run, normalises with loudnorm and writes
 * the training copy, access copy and waveform peaks of every track. Throws `BadMediaError` for input that will never work and
 * `MediaToolError` for failures worth retrying.
 */
export async function normaliseRecording(
  options: NormaliseRecordingOptions,
): Promise<RecordingResult> {
  const { settings, signal } = options;
  const inputPath = path.resolve(options.inputPath);
  const outputDir = path.resolve(options.outputDir);
  await assertRegularFile(inputPath);
  await mkdir(outputDir, { recursive: true });
  const progress = new ProgressReporter(options.onProgress);

  // Asked once per process and needed only by the result: the first job's passes need
  // not wait for it. A failed pass must not leave its failure unhandled.
  const ffmpegVersion = ffmpegVersionOf(settings.ffmpegPath);
  ffmpegVersion.catch(() => {});
  const probe = options.probe ?? (await probeMedia(inputPath, settings, signal));
  const timeoutMs = passTimeoutMs(probe.durationSeconds, probe.sizeBytes);

  const analysis = new FilterReportCollector();
  const levels = new Map<number, LevelsReport>();
  await runPass(inputPath, settings, {
    args: buildAnalysisArgs(inputPath, probe.tracks, FIRST_PIPE_FD),
    collector: analysis,
    timeoutMs,
    onSeconds: progress.pass(0, analysisShare, probe.durationSeconds),
    signal,
    pipeReaders: probe.tracks.map((track) => async (pipe) => {
      levels.set(track.audioIndex, await measureChannelLevels(pipe, track.channels));
    }),
  });

  const stem = derivativeStem(inputPath, options.stem);
  const planned = probe.tracks.map((track, position) => {
    const reports = analysis.reportsOf(trackLabel(track.audioIndex));
    const measured = reports.loudness;
    const trackLevels = levels.get(track.audioIndex);
    const decodedSeconds = trackLevels && decodedDurationSeconds(track, trackLevels);
    if (!measured || !trackLevels || !decodedSeconds) {
      throw new BadMediaError(inputPath, `${describeTrack(track)}: no audio could be decoded`);
    }
    const truncated = truncationReason(track.durationSeconds, decodedSeconds);
    if (truncated) throw new BadMediaError(inputPath, `${describeTrack(track)}: ${truncated}`);
    const render: RenderTrack = {
      audioIndex: track.audioIndex,
      target: {
        integratedLufs: settings.targetLufs,
        truePeakDbtp: settings.truePeakDbtp,
        loudnessRangeLu: chooseLoudnessRange(measured.loudnessRangeLu),
      },
      measured,
      paths: derivativePaths(outputDir, stem, track.audioIndex, settings),
      peaksFd: FIRST_PIPE_FD + position,
    };
    return { track, reports, levels: trackLevels, decodedSeconds, render };
  });

  const written = planned.flatMap(({ render }) => Object.values(render.paths));
  const peaks = new Map<number, { length: number; samplesPerPixel: number }>();
  const rendering = new FilterReportCollector();
  const trainingRate = trainingFormat(settings).sampleRate;
  try {
    await runPass(inputPath, settings, {
      args: buildRenderArgs(
        inputPath,
        planned.map(({ render }) => render),
        settings,
      ),
      collector: rendering,
      timeoutMs,
      onSeconds: progress.pass(
        analysisShare,
        1,
        Math.max(...planned.map(({ decodedSeconds }) => decodedSeconds)),
      ),
      signal,
      pipeReaders: planned.map(({ render }) => async (pipe) => {
        peaks.set(render.audioIndex, await writePeaksFile(pipe, render.paths.peaks, trainingRate));
      }),
    });
  } catch (error) {
    await Promise.all(written.map((file) => rm(file, { force: true })));
    throw error;
  }

  const tracks: TrackResult[] = [];
  for (const { track, reports, levels, render } of planned) {
    const applied = rendering.reportsOf(trackLabel(track.audioIndex)).loudnorm;
    const peaksInfo = peaks.get(track.audioIndex);
    if (!applied || !peaksInfo) {
      throw new Error(
        `${inputPath}: ${describeTrack(track)}: pass 2 left no loudness report or peaks`,
      );
    }
    const outcome: TrackOutcome = {
      track,
      analysis: reports,
      levels,
      measured: render.measured,
      decodeErrors: analysis.decodeErrorsOf(track.streamIndex),
      target: render.target,
      applied,
      paths: render.paths,
      peaks: peaksInfo,
    };
    tracks.push(await buildTrackResult(outcome, settings));
  }
  progress.report(1);
  return recordingResultSchema.parse({
    input: {
      path: inputPath,
      formatName: probe.formatName,
      durationSeconds: probe.durationSeconds,
      sizeBytes: probe.sizeBytes,
      hasVideo: probe.hasVideo,
    },
    tracks,
    software: { name: 'ffmpeg', version: await ffmpegVersion },
  });
}

interface PassOptions {
  args: string[];
  collector: FilterReportCollector;
  timeoutMs: number;
  onSeconds: (seconds: number) => void;
  signal: AbortSignal | undefined;
  pipeReaders?: Parameters<typeof runOnMedia>[0]['pipeReaders'];
}

async function runPass(
  inputPath: string,
  settings: AudioSettings,
  pass: PassOptions,
): Promise<void> {
  await runOnMedia({
    tool: 'ffmpeg',
    command: settings.ffmpegPath,
    args: pass.args,
    file: inputPath,
    timeoutMs: pass.timeoutMs,
    signal: pass.signal,
    onStdoutLine: (line) => {
      const seconds = parseProgressSeconds(line);
      if (seconds !== undefined) pass.onSeconds(seconds);
    },
    onStderrLine: (line) => pass.collector.push(line),
    pipeReaders: pass.pipeReaders,
  });
}

/** Refuses FIFOs, devices and folders: ffmpeg would block on them or read forever. */
async function assertRegularFile(inputPath: string): Promise<void> {
  const info = await stat(inputPath);
  if (!info.isFile()) throw new BadMediaError(inputPath, 'not a regular file');
  if (info.size === 0) throw new BadMediaError(inputPath, 'the file is empty');
}

function describeTrack(track: AudioTrack): string {
  return `audio track ${track.audioIndex} (stream ${track.streamIndex}, ${track.codec})`;
}
