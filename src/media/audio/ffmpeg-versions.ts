import type { AudioSettings } from './audio-settings.js';
import { runTool } from './tool-runner.js';
import { probeTimeoutMs } from './tool-timeout.js';

/** Encoders and filters the pipeline uses; a build without one of them cannot run it. */
export const requiredEncoders = ['pcm_s16le', 'flac', 'libopus', 'libmp3lame'] as const;
export const requiredFilters = [
  'aformat',
  'aresample',
  'asplit',
  'loudnorm',
  'silencedetect',
  'ametadata',
] as const;

export interface ToolVersion {
  /** The executable as configured (`FFMPEG_PATH` / `FFPROBE_PATH`, or the name on PATH). */
  path: string;
  version: string;
}

/** What `heritage doctor` reports about the media tools. */
export interface FfmpegVersions {
  ffmpeg: ToolVersion;
  ffprobe: ToolVersion;
  /** Required encoders and filters this ffmpeg build lacks, e.g. `encoder libopus`. */
  missing: string[];
}

/** Reads the version from the first line of `ffmpeg -version` / `ffprobe -version`. */
export function parseVersionLine(output: string): string {
  const match = /^\S+ version (\S+)/.exec(output);
  if (!match?.[1]) throw new Error(`unrecognised version output: ${output.split('\n', 1)[0]}`);
  return match[1];
}

/** Which required components are absent from `ffmpeg -encoders` and `ffmpeg -filters` output. */
export function findMissingComponents(encodersOutput: string, filtersOutput: string): string[] {
  // Both lists print one component per line: flags, then the name.
  const names = (output: string) =>
    new Set(output.split('\n').map((line) => line.trim().split(/\s+/)[1] ?? ''));
  const encoders = names(encodersOutput);
  const filters = names(filtersOutput);
  return [
    ...requiredEncoders.filter((name) => !encoders.has(name)).map((name) => `encoder ${name}`),
    ...requiredFilters.filter((name) => !filters.has(name)).map((name) => `filter ${name}`),
  ];
}

async function toolOutput(
  tool: 'ffmpeg' | 'ffprobe',
  command: string,
  args: string[],
): Promise<string> {
  const { stdout } = await runTool({
    tool,
    command,
    args,
    file: command,
    timeoutMs: probeTimeoutMs,
    captureStdoutMaxBytes: 4_000_000,
  });
  return stdout;
}

/**
 * The versions of the configured ffmpeg and ffprobe and what they lack, for
 * `heritage doctor`. Rejects with a `MediaToolError` naming the path when a tool
 * cannot be started.
 */
export async function ffmpegVersions(
  settings: Pick<AudioSettings, 'ffmpegPath' | 'ffprobePath'>,
): Promise<FfmpegVersions> {
  const [ffmpegText, ffprobeText, encoders, filters] = await Promise.all([
    toolOutput('ffmpeg', settings.ffmpegPath, ['-version']),
    toolOutput('ffprobe', settings.ffprobePath, ['-version']),
    toolOutput('ffmpeg', settings.ffmpegPath, ['-hide_banner', '-encoders']),
    toolOutput('ffmpeg', settings.ffmpegPath, ['-hide_banner', '-filters']),
  ]);
  return {
    ffmpeg: { path: settings.ffmpegPath, version: parseVersionLine(ffmpegText) },
    ffprobe: { path: settings.ffprobePath, version: parseVersionLine(ffprobeText) },
    missing: findMissingComponents(encoders, filters),
  };
}

const knownVersions = new Map<string, Promise<string>>();

/** The version of the ffmpeg at `ffmpegPath`, asked once per process. */
export function ffmpegVersionOf(ffmpegPath: string): Promise<string> {
  let version = knownVersions.get(ffmpegPath);
  if (!version) {
    version = toolOutput('ffmpeg', ffmpegPath, ['-version']).then(parseVersionLine);
    version.catch(() => knownVersions.delete(ffmpegPath));
    knownVersions.set(ffmpegPath, version);
  }
  return version;
}
