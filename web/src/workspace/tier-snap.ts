/*
 * Snapping a boundary to silence: a person drags or types a boundary roughly, and the
 * quietest moment near it (between two words, a breath) is nearly always where it belongs.
 */

/** How far a boundary may move to reach silence, in milliseconds. */
export const SNAP_WINDOW_MS = 200;

/** How much quieter than the boundary's own moment a column must be to count as silence. */
const QUIET_SHARE = 0.5;

/** Loudness of each stored peak column: the largest magnitude over the channels. */
export function loudnessOf(peaks: readonly (readonly number[])[]): Float32Array {
  const length = Math.max(0, ...peaks.map((channel) => channel.length));
  const loudness = new Float32Array(length);
  for (const channel of peaks)
    for (let at = 0; at < channel.length; at += 1)
      loudness[at] = Math.max(loudness[at] ?? 0, Math.abs(channel[at] ?? 0));
  return loudness;
}

/**
 * The moment nearest `ms` where the recording is quietest within `windowMs` either side,
 * from the stored peaks of a recording `durationMs` long, when it is at most half as loud
 * as the boundary's moment. Of equally quiet columns the nearest wins, so a boundary
 * already in silence stays put.
 */
export function snapToSilence(
  loudness: ArrayLike<number>,
  durationMs: number,
  ms: number,
  windowMs: number = SNAP_WINDOW_MS,
): number {
  const columns = loudness.length;
  if (columns === 0 || durationMs <= 0) return clampMs(ms, durationMs);
  const msPerColumn = durationMs / columns;
  const column = (time: number) =>
    Math.min(columns - 1, Math.max(0, Math.floor(time / msPerColumn)));
  const from = column(ms - windowMs);
  const to = column(ms + windowMs);
  const here = column(ms);
  let best = here;
  for (let at = from; at <= to; at += 1) {
    const quieter = (loudness[at] ?? 0) < (loudness[best] ?? 0);
    const asQuietNearer =
      (loudness[at] ?? 0) === (loudness[best] ?? 0) && Math.abs(at - here) < Math.abs(best - here);
    if (quieter || asQuietNearer) best = at;
  }
  // Only a real dip counts: a slightly softer syllable is not a pause.
  if (best === here || (loudness[best] ?? 0) > (loudness[here] ?? 0) * QUIET_SHARE)
    return clampMs(ms, durationMs);
  // The middle of the quiet column, within the window.
  const snapped = Math.round((best + 0.5) * msPerColumn);
  return clampMs(Math.min(ms + windowMs, Math.max(ms - windowMs, snapped)), durationMs);
}

const clampMs = (ms: number, durationMs: number) =>
  Math.round(Math.min(Math.max(ms, 0), Math.max(durationMs, 0)));
