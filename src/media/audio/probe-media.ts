import type { AudioSettings } from './audio-settings.js';
import { bitrateEstimateWarning, demuxedDurationSeconds } from './demuxed-duration.js';
import { buildProbeArgs } from './ffprobe-args.js';
import { type MediaProbe, parseProbeOutput } from './ffprobe-output.js';
import { flacFromHeader } from './flac-header-probe.js';
import { readRegularFile } from './header-file.js';
import { runOnMedia } from './run-on-media.js';
import { probeTimeoutMs } from './tool-timeout.js';
import { wavFromHeader } from './wav-header-probe.js';

/** ffprobe's JSON is small because only named fields are asked for; more means trouble. */
const maxProbeOutputBytes = 1_000_000;

/**
 * Describes `inputPath` with ffprobe, refusing what is not audio or video with a
 * `BadMediaError`. When the container declares no length and ffprobe only estimated it
 * from the bitrate, the length is counted from the packets instead. A plain PCM WAV or
 * FLAC is described from its header, as ffprobe would, without launching it.
 */
export async function probeMedia(
  inputPath: string,
  settings: Pick<AudioSettings, 'ffprobePath' | 'ffmpegPath'>,
  signal?: AbortSignal,
): Promise<MediaProbe> {
  // One open for both readers. A file they cannot open is ffprobe's to name the problem of.
  const fromHeader = await readRegularFile(
    inputPath,
    async (read, size) => (await wavFromHeader(read, size)) ?? flacFromHeader(read, size),
  ).catch(() => undefined);
  return fromHeader ?? probeWithFfprobe(inputPath, settings, signal);
}

/** `probeMedia` by ffprobe alone, whatever the file. */
export async function probeWithFfprobe(
  inputPath: string,
  settings: Pick<AudioSettings, 'ffprobePath' | 'ffmpegPath'>,
  signal?: AbortSignal,
): Promise<MediaProbe> {
  let estimated = false;
  const { stdout } = await runOnMedia({
    tool: 'ffprobe',
    command: settings.ffprobePath,
    args: buildProbeArgs(inputPath),
    file: inputPath,
    timeoutMs: probeTimeoutMs,
    captureStdoutMaxBytes: maxProbeOutputBytes,
    signal,
    onStderrLine: (line) => {
      if (line.includes(bitrateEstimateWarning)) estimated = true;
    },
  });
  const probe = parseProbeOutput(inputPath, stdout);
  if (!estimated) return probe;
  const seconds = await demuxedDurationSeconds(inputPath, settings, probe.sizeBytes, signal);
  return {
    ...probe,
    durationSeconds: seconds,
    durationSource: 'packets',
    // The count covers the file; a track's own length is known only when it is the only one.
    tracks: probe.tracks.map((track) => ({
      ...track,
      durationSeconds: probe.tracks.length === 1 ? seconds : null,
    })),
  };
}
