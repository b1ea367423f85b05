import type { Archive } from '../../archive/archive.js';
import { BadMediaError } from '../../media/audio/errors.js';
import { detectVoice } from '../../media/audio/voice-activity.js';
import type { Annotation } from '../../model/annotations/annotation-schema.js';
import { itemGroup } from './assign-split.js';
import { damagedPart } from './damaged-part.js';
import type { ExclusionTally } from './exclusion-tally.js';
import type { SplitName } from './export-request.js';
import type { ItemSpeaker } from './item-speaker.js';
import { readAhead } from './read-ahead.js';
import { defaultLanguage, type SelectedItem } from './select-items.js';
import { timedInOrder } from './timed-annotations.js';
import type { TrainingTrack } from './training-tracks.js';
import { unlabelledClipRanges } from './unlabelled-clips.js';
import { readWavLayout } from './wav-clip.js';

/** A usable recording whose untranscribed speech may go into the `unlabelled` config. */
export interface UnlabelledRecording {
  item: SelectedItem;
  track: TrainingTrack;
  /** Its position among the item's recordings, for clip ids. */
  recordingIndex: number;
  /** Spans of its transcriptions, which stay the speech config's. */
  transcribed: { startMs: number; endMs: number }[];
  speaker: ItemSpeaker | undefined;
  /** The speech config's group: the speaker, or the item when nobody is named. */
  groupKey: string;
}

/** One clip of untranscribed speech to cut, and its split. */
export interface PlannedClip {
  /** `<item id>-r<recording>-<clip>`: unique in the dataset and safe as a file name. */
  id: string;
  recording: UnlabelledRecording;
  startFrame: number;
  endFrame: number;
  language: string;
  split: SplitName;
}

/** The item's recordings that may give unlabelled clips: usable training copies without an excluded flag. */
export function unlabelledRecordings(
  item: SelectedItem,
  annotations: readonly Annotation[],
  tracks: readonly TrainingTrack[],
  speaker: ItemSpeaker | undefined,
  excludedFlags: readonly string[],
): UnlabelledRecording[] {
  const transcriptions = timedInOrder(annotations).filter(
    (annotation) => annotation.type === 'transcription',
  );
  return tracks
    .filter((track) => !track.flags.some((flag) => excludedFlags.includes(flag)))
    .map((track, recordingIndex) => ({
      item,
      track,
      recordingIndex,
      transcribed: transcriptions
        .filter((annotation) => annotation.anchor.asset === track.original)
        .map(({ anchor }) => ({ startMs: anchor.startMs, endMs: anchor.endMs })),
      speaker,
      groupKey: speaker?.groupKey ?? itemGroup(item.record.item.id),
    }));
}

/**
 * Reads each recording's training copy and finds its voiced regions with ffmpeg
 * (`voice-activity.ts`), giving the clips outside its transcribed segments, in
 * recording order. Splits are set later, with the speech config's. A damaged copy is
 * counted and gives nothing; a copy ffmpeg cannot decode is counted as such.
 */
export async function planUnlabelledClips(
  archive: Archive,
  recordings: readonly UnlabelledRecording[],
  exclusions: ExclusionTally,
  onRecording: (done: number, total: number) => void,
): Promise<PlannedClip[]> {
  const clips: PlannedClip[] = [];
  let done = 0;
  const copies = readAhead(
    recordings,
    (recording) =>
      recording.item.snapshot.read(recording.track.path).then(
        (bytes) => ({ bytes }),
        (error: unknown) => ({ error }),
      ),
    (recording) =>
      recording.item.record.assets.find((asset) => asset.path === recording.track.path)?.size ??
      READ_AHEAD_BYTES,
    READ_AHEAD_BYTES,
  );
  for await (const { source: recording, value: copy } of copies) {
    const { item, track } = recording;
    const itemId = item.record.item.id;
    const source = `item ${itemId} ${item.version} ${track.path}`;
    try {
      if ('error' in copy) throw copy.error;
      const layout = readWavLayout(copy.bytes, source);
      const regions = await detectVoice(copy.bytes, {
        ffmpegPath: archive.settings.ffmpegPath,
        targetLufs: track.loudnessTarget.integratedLufs,
        durationSeconds: layout.frames / layout.sampleRate,
        source,
      });
      const ranges = unlabelledClipRanges(
        regions,
        recording.transcribed,
        layout.sampleRate,
        layout.frames,
      );
      for (const [index, range] of ranges.entries())
        clips.push({
          id: `${itemId}-r${recording.recordingIndex}-${String(index).padStart(4, '0')}`,
          recording,
          ...range,
          language: defaultLanguage(item),
          split: 'train',
        });
    } catch (error) {
      if (error instanceof BadMediaError)
        exclusions.add('recording', 'its training copy could not be decoded for voice activity', {
          item: itemId,
          part: track.original,
        });
      else exclusions.addDamaged('recording', damagedPart(itemId, track.path, error));
    }
    onRecording(++done, recordings.length);
  }
  return clips;
}

/** Training copies read ahead of the one being searched, by their sizes. */
const READ_AHEAD_BYTES = 32 * 1024 * 1024;
