/**
 * Voice activity of a loudness-normalised training copy, read by ffmpeg's `silencedetect`.
 * A neural VAD (silero through `@ricky0123/vad-node`) would need onnxruntime-node, a
 * native package of some 50 MB this project does not otherwise carry; the training copies
 * are all normalised to one loudness target, so a level threshold set relative to that
 * target separates phrases from pauses on every copy alike.
 *
 * Thresholds, measured on real speech (`jfk.flac` of the reference corpus, normalised
 * to -23 LUFS, 16 kHz mono as the audio step writes training copies), in 50 ms windows:
 * the pauses sit at -47 to -52 dBFS RMS, speech at -16 to -25, and the gaps between
 * words dip to -38 to -45 for 50-150 ms. silencedetect compares each sample's level, and
 * samples peak some 10 dB above their window's RMS: at target - 17 dB (-40) the floor's
 * peaks broke each pause into pieces, at target - 12 dB (-35) the three phrase pauses
 * (1.17, 1.11 and 0.60 s) came out whole, as they did at -30. With a minimum of 0.3 s the
 * 0.31 s gap inside "ask not / what your country" also split that phrase into two
 * pieces too short to keep; 0.5 s keeps phrases whole and still cuts at every pause.
 */
import { MAX_TOOL_STREAMS } from '../launch/tool-launcher.js';
import { ffmpegCommonArgs } from './ffmpeg-common-args.js';
import { FilterReportCollector } from './filter-reports.js';
import { runOnMedia } from './run-on-media.js';
import { passTimeoutMs } from './tool-timeout.js';

/** Silence is what stays this many dB below the copy's loudness target (-23 LUFS gives -35 dB). */
export const silenceBelowTargetDb = 12;
/** A quieter stretch shorter than this is a gap inside a phrase, not a pause. */
export const pauseMinSeconds = 0.5;

/** A stretch of sound between pauses, in seconds from the start of the copy. */
export interface VoicedRegion {
  startSeconds: number;
  endSeconds: number;
}

/**
 * ffmpeg's arguments for `inputs` WAV streams on pipes 3, 4, ...: each through its own
 * silencedetect, its marks printed under `vad<n>`. Each input keeps its own timeline,
 * so a copy's regions do not depend on the others in the run.
 */
export function buildVoiceActivityArgs(noiseDb: number, inputs: number): string[] {
  const indexes = Array.from({ length: inputs }, (_, index) => index);
  return [
    // Everything but `-progress`: nothing here waits on progress.
    ...ffmpegCommonArgs().slice(0, 5),
    ...indexes.flatMap((index) => [
      '-protocol_whitelist',
      'pipe',
      '-format_whitelist',
      'wav',
      '-f',
      'wav',
      '-i',
      `pipe:${3 + index}`,
    ]),
    '-filter_complex',
    indexes
      .map(
        (index) =>
          `[${index}:a]silencedetect=noise=${noiseDb}dB:duration=${pauseMinSeconds},ametadata@vad${index}=mode=print[vad${index}]`,
      )
      .join(';'),
    ...indexes.flatMap((index) => ['-map', `[vad${index}]`, '-f', 'null', '-']),
  ];
}

/** The complement of the silent stretches in [0, duration]: where someone speaks or sings. */
export function voicedRegions(
  silences: readonly { startSeconds: number; endSeconds: number }[],
  openSinceSeconds: number | null,
  durationSeconds: number,
): VoicedRegion[] {
  const quiet = [...silences];
  if (openSinceSeconds !== null)
    quiet.push({ startSeconds: openSinceSeconds, endSeconds: durationSeconds });
  const regions: VoicedRegion[] = [];
  let from = 0;
  for (const stretch of quiet) {
    if (stretch.startSeconds > from)
      regions.push({
        startSeconds: from,
        endSeconds: Math.min(stretch.startSeconds, durationSeconds),
      });
    from = Math.max(from, stretch.endSeconds);
  }
  if (from < durationSeconds) regions.push({ startSeconds: from, endSeconds: durationSeconds });
  return regions.filter((region) => region.endSeconds > region.startSeconds);
}

/** Inputs of one ffmpeg run: a pipe each, beside its stdout and stderr. */
const MAX_INPUTS_PER_RUN = MAX_TOOL_STREAMS - 2;

type VoiceInput = { chunks: readonly Uint8Array[]; durationSeconds: number };
type VoiceOptions = {
  ffmpegPath: string;
  targetLufs: number;
  source: string;
  signal?: AbortSignal;
};

/**
 * The voiced regions of PCM WAV streams normalised to `targetLufs`, as many in one ffmpeg
 * run as a tool may have pipes (starting ffmpeg costs more than reading a minute of
 * 16 kHz audio), each fed through a pipe of its own as chunks (the copies are already
 * in memory, and the store may not be a folder). `source` names the inputs in errors.
 */
export async function detectVoice(
  inputs: readonly VoiceInput[],
  options: VoiceOptions,
): Promise<VoicedRegion[][]> {
  const regions: VoicedRegion[][] = [];
  for (let from = 0; from < inputs.length; from += MAX_INPUTS_PER_RUN)
    regions.push(
      ...(await detectVoiceInOneRun(inputs.slice(from, from + MAX_INPUTS_PER_RUN), options)),
    );
  return regions;
}

async function detectVoiceInOneRun(
  inputs: readonly VoiceInput[],
  options: VoiceOptions,
): Promise<VoicedRegion[][]> {
  const collector = new FilterReportCollector(Number.MAX_SAFE_INTEGER);
  const seconds = inputs.reduce((total, input) => total + input.durationSeconds, 0);
  await runOnMedia({
    tool: 'ffmpeg',
    command: options.ffmpegPath,
    args: buildVoiceActivityArgs(options.targetLufs - silenceBelowTargetDb, inputs.length),
    file: options.source,
    timeoutMs: passTimeoutMs(seconds, null),
    inputPipes: inputs.map((input) => input.chunks),
    onStderrLine: (line) => collector.push(line),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return inputs.map((input, index) => {
    const { stretches, openSinceSeconds } = collector.reportsOf(`vad${index}`).silence;
    return voicedRegions(stretches, openSinceSeconds, input.durationSeconds);
  });
}
