/**
 * The length of a recording whose container declares none. ffprobe then estimates it
 * from the first bitrate it reads, which for variable bitrate can be far off: 20 s of
 * sound opening with 3 quiet seconds was estimated at 70 s as an MP3 without a Xing or
 * VBRI header, and at 330 s as an ADTS AAC stream. Read as a declaration, such an
 * estimate mislabels the recording's length and fails a whole file as truncated.
 * Copying every packet to the null muxer reads the file without decoding it and ends
 * at the true length (the decoded one, to the sample, for both examples).
 */
import type { AudioSettings } from './audio-settings.js';
import { ffmpegCommonArgs } from './ffmpeg-common-args.js';
import { parseProgressSeconds } from './ffmpeg-progress.js';
import { guardedInputArgs } from './input-guard.js';
import { runOnMedia } from './run-on-media.js';
import { passTimeoutMs } from './tool-timeout.js';

/** What ffprobe logs, at warning level, when a duration is its estimate from the bitrate. */
export const bitrateEstimateWarning = 'Estimating duration from bitrate';

/** ffmpeg arguments that read every audio packet of `inputPath`, decoding nothing. */
export function buildDemuxArgs(inputPath: string): string[] {
  return [
    ...ffmpegCommonArgs(),
    ...guardedInputArgs(inputPath),
    '-map',
    '0:a',
    '-c',
    'copy',
    '-f',
    'null',
    '-',
  ];
}

/** Seconds of audio in `inputPath` by its packets, or null when ffmpeg reports none. */
export async function demuxedDurationSeconds(
  inputPath: string,
  settings: Pick<AudioSettings, 'ffmpegPath'>,
  sizeBytes: number | null,
  signal?: AbortSignal,
): Promise<number | null> {
  let seconds: number | null = null;
  await runOnMedia({
    tool: 'ffmpeg',
    command: settings.ffmpegPath,
    args: buildDemuxArgs(inputPath),
    file: inputPath,
    // A copy is far quicker than a decode: the decoding pass's allowance is ample.
    timeoutMs: passTimeoutMs(null, sizeBytes),
    signal,
    onStdoutLine: (line) => {
      seconds = parseProgressSeconds(line) ?? seconds;
    },
  });
  return seconds;
}
