import type { Item } from '../api/types';

/** A recording of an item that has stored peaks, and which of its audio tracks they draw. */
export interface RecordingTrack {
  recording: string;
  track: number;
}

/** The recordings of an item that have stored peaks: what the player and the workspace can draw. */
export function recordingTracksOf(item: Item): RecordingTrack[] {
  return item.assets
    .filter(
      (asset) => asset.technical.use === 'peaks' && typeof asset.technical.derivedFrom === 'string',
    )
    .map((asset) => ({
      recording: asset.technical.derivedFrom as string,
      track: typeof asset.technical.audioIndex === 'number' ? asset.technical.audioIndex : 0,
    }));
}
