import type { AudioSettings } from './audio-settings.js';
import { buildProbeArgs } from './ffprobe-args.js';
import { type MediaProbe, parseProbeOutput } from './ffprobe-output.js';
import { runOnMedia } from './run-on-media.js';
import { probeTimeoutMs } from './tool-timeout.js';

/** ffprobe's JSON is small because only named fields are asked for; more means trouble. */
const maxProbeOutputBytes = 1_000_000;

/** Describes `inputPath` with ffprobe, refusing what is not audio or video with a `BadMediaError`. */
export async function probeMedia(
  inputPath: string,
  settings: Pick<AudioSettings, 'ffprobePath'>,
  signal?: AbortSignal,
): Promise<MediaProbe> {
  const { stdout } = await runOnMedia({
    tool: 'ffprobe',
    command: settings.ffprobePath,
    args: buildProbeArgs(inputPath),
    file: inputPath,
    timeoutMs: probeTimeoutMs,
    captureStdoutMaxBytes: maxProbeOutputBytes,
    signal,
  });
  return parseProbeOutput(inputPath, stdout);
}
