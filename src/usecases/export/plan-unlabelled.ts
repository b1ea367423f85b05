import pMap from 'p-map';
import { detectVoice } from '../../media/audio/voice-activity.js';
import type { Annotation } from '../../model/annotations/annotation-schema.js';
import { itemGroup } from './assign-split.js';
import { damagedPart } from './damaged-part.js';
import type { ExclusionTally } from './exclusion-tally.js';
import type { SplitName } from './export-request.js';
import type { ItemSpeaker } from './item-speaker.js';
import { defaultLanguage, type SelectedItem } from './select-items.js';
import { timedInOrder } from './timed-annotations.js';
import type { TrainingTrack } from './training-tracks.js';
import { unlabelledClipRanges } from './unlabelled-clips.js';
import { readWavLayout, type WavLayout } from './wav-clip.js';

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
 * Reads the recordings' training copies and finds their voiced regions
 * (`voice-activity.ts`), giving the clips outside their transcribed segments, in
 * recording order. Splits are set later, with the speech config's. A damaged copy is
 * counted and gives nothing, as does one whose samples are not integer PCM. A few
 * copies are held at once, each dropped once its regions are found.
 */
export async function planUnlabelledClips(
  recordings: readonly UnlabelledRecording[],
  exclusions: ExclusionTally,
  onRecording: (done: number, total: number) => void,
): Promise<PlannedClip[]> {
  let done = 0;
  onRecording(0, recordings.length);
  const clips = await pMap(
    recordings,
    async (recording) => {
      const copy = await readCopy(recording, exclusions);
      const planned = copy ? clipsOfCopy(copy, exclusions) : [];
      onRecording(++done, recordings.length);
      return planned;
    },
    { concurrency: 4 },
  );
  return clips.flat();
}

/** A training copy read, with its WAV layout. */
interface ReadCopy {
  recording: UnlabelledRecording;
  bytes: Buffer;
  layout: WavLayout;
}

async function readCopy(
  recording: UnlabelledRecording,
  exclusions: ExclusionTally,
): Promise<ReadCopy | undefined> {
  const { item, track } = recording;
  try {
    const bytes = await item.snapshot.read(track.path);
    return { recording, bytes, layout: readWavLayout(bytes, sourceOf(recording)) };
  } catch (error) {
    exclusions.addDamaged('recording', damagedPart(item.record.item.id, track.path, error));
    return undefined;
  }
}

/** The clips of a copy's voiced regions, outside its transcribed segments. */
function clipsOfCopy(
  { recording, bytes, layout }: ReadCopy,
  exclusions: ExclusionTally,
): PlannedClip[] {
  const { item } = recording;
  const regions = detectVoice({ bytes, ...layout }, recording.track.loudnessTarget.integratedLufs);
  if (!regions) {
    exclusions.add('recording', 'its training copy holds samples voice activity cannot read', {
      item: item.record.item.id,
      part: recording.track.original,
    });
    return [];
  }
  const ranges = unlabelledClipRanges(
    regions,
    recording.transcribed,
    layout.sampleRate,
    layout.frames,
  );
  return ranges.map((range, index) => ({
    id: `${item.record.item.id}-r${recording.recordingIndex}-${String(index).padStart(4, '0')}`,
    recording,
    ...range,
    language: defaultLanguage(item),
    split: 'train' as const,
  }));
}

function sourceOf({ item, track }: UnlabelledRecording): string {
  return `item ${item.record.item.id} ${item.version} ${track.path}`;
}
