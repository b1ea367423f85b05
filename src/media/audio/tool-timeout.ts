/** Time any run gets on top of the per-second allowance: process start, probing, writing headers. */
const baseTimeoutMs = 60_000;
/**
 * Wall-clock milliseconds allowed per second of audio. A whole normalisation ran at
 * 19-46x realtime on a 2-core machine with a load average of 10; allowing 1x leaves a
 * niced process on a busy worker plenty of room while still catching a hung ffmpeg.
 */
const msPerAudioSecond = 1_000;
/**
 * When no duration is known, assume the slowest bitrate the pipeline accepts
 * (8 kb/s, i.e. 1000 bytes per second) to turn the file size into an upper bound.
 */
const bytesPerSecondFloor = 1_000;

/** How long one ffmpeg pass over this input may run before it is killed. */
export function passTimeoutMs(durationSeconds: number | null, sizeBytes: number | null): number {
  const seconds = durationSeconds ?? (sizeBytes === null ? 3_600 : sizeBytes / bytesPerSecondFloor);
  return Math.ceil(baseTimeoutMs + seconds * msPerAudioSecond);
}

/** ffprobe only reads headers: a fixed allowance. */
export const probeTimeoutMs = 30_000;
