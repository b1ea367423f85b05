import type { VoicedRegion } from '../../media/audio/voice-activity.js';

/** Clip lengths a self-supervised speech model trains on (wav2vec 2.0, HuBERT crop 2-20 s). */
export const MIN_CLIP_SECONDS = 2;
export const MAX_CLIP_SECONDS = 20;

/** Frames [startFrame, endFrame) of a training copy. */
export interface FrameRange {
  startFrame: number;
  endFrame: number;
}

/**
 * The clips of one recording for the `unlabelled` config: its voiced regions, less every
 * transcribed segment (those are the speech config's; no frame is in both), kept when
 * at least 2 s long and cut into equal pieces of at most 20 s. Regions are rounded
 * inwards to whole frames, so a clip never reaches into a pause; transcribed segments
 * outwards, so a clip never touches one.
 */
export function unlabelledClipRanges(
  regions: readonly VoicedRegion[],
  transcribed: readonly { startMs: number; endMs: number }[],
  sampleRate: number,
  frames: number,
): FrameRange[] {
  const taken = transcribed
    .map(({ startMs, endMs }) => ({
      startFrame: Math.floor((startMs * sampleRate) / 1000),
      endFrame: Math.ceil((endMs * sampleRate) / 1000),
    }))
    .sort((a, b) => a.startFrame - b.startFrame);
  const minFrames = MIN_CLIP_SECONDS * sampleRate;
  const maxFrames = MAX_CLIP_SECONDS * sampleRate;
  const clips: FrameRange[] = [];
  for (const region of regions) {
    const voiced = {
      startFrame: Math.ceil(region.startSeconds * sampleRate),
      endFrame: Math.min(Math.floor(region.endSeconds * sampleRate), frames),
    };
    for (const piece of subtract(voiced, taken)) {
      const length = piece.endFrame - piece.startFrame;
      if (length < minFrames) continue;
      // ceil(length / max) equal pieces: each at most max, and over max / 2 (10 s) when cut.
      const count = Math.ceil(length / maxFrames);
      for (let index = 0; index < count; index += 1)
        clips.push({
          startFrame: piece.startFrame + Math.round((index * length) / count),
          endFrame: piece.startFrame + Math.round(((index + 1) * length) / count),
        });
    }
  }
  return clips;
}

/** What is left of `range` outside the sorted `taken` ranges. */
function subtract(range: FrameRange, taken: readonly FrameRange[]): FrameRange[] {
  const left: FrameRange[] = [];
  let from = range.startFrame;
  for (const segment of taken) {
    if (segment.endFrame <= from || segment.startFrame >= range.endFrame) continue;
    if (segment.startFrame > from) left.push({ startFrame: from, endFrame: segment.startFrame });
    from = Math.max(from, segment.endFrame);
  }
  if (from < range.endFrame) left.push({ startFrame: from, endFrame: range.endFrame });
  return left;
}
