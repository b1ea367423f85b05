import pMap from 'p-map';
import type { Archive } from '../../archive/archive.js';
import { BadMediaError } from '../../media/audio/errors.js';
import { detectVoice, type VoicedRegion } from '../../media/audio/voice-activity.js';
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
 * Reads the recordings' training copies and finds their voiced regions with ffmpeg
 * (`voice-activity.ts`), giving the clips outside their transcribed segments, in
 * recording order. Splits are set later, with the speech config's. A damaged copy is
 * counted and gives nothing; a copy ffmpeg cannot decode is counted as such.
 *
 * Copies go to ffmpeg a batch at a time, each on a pipe and a timeline of its own, so
 * its clips never depend on which other recordings the export holds.
 */
export async function planUnlabelledClips(
  archive: Archive,
  recordings: readonly UnlabelledRecording[],
  exclusions: ExclusionTally,
  onRecording: (done: number, total: number) => void,
): Promise<PlannedClip[]> {
  const clips: PlannedClip[] = [];
  let done = 0;
  onRecording(0, recordings.length);
  for (const batch of batchesOf(recordings)) {
    const copies = await pMap(batch, (recording) => readCopy(recording, exclusions), {
      concurrency: 4,
    });
    for (const group of byFormat(copies.filter((copy) => copy !== undefined)))
      for (const [copy, regions] of await regionsOf(archive, group, exclusions))
        clips.push(...clipsOf(copy, regions));
    done += batch.length;
    onRecording(done, recordings.length);
  }
  return clips;
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

/**
 * The voiced regions of each copy of a group (one format and loudness target), read in
 * one ffmpeg run; when ffmpeg refuses the stream, each copy alone, so that only a copy
 * it cannot decode is left out.
 */
async function regionsOf(
  archive: Archive,
  group: readonly ReadCopy[],
  exclusions: ExclusionTally,
): Promise<[ReadCopy, VoicedRegion[]][]> {
  const first = group[0] as ReadCopy;
  try {
    const regions = await detectVoice(
      group.map(({ bytes, layout }) => ({
        chunks: [bytes],
        durationSeconds: layout.frames / layout.sampleRate,
      })),
      {
        ffmpegPath: archive.settings.ffmpegPath,
        targetLufs: first.recording.track.loudnessTarget.integratedLufs,
        source: group.length === 1 ? sourceOf(first.recording) : `${group.length} training copies`,
      },
    );
    return group.map((copy, index) => [copy, regions[index] ?? []]);
  } catch (error) {
    if (!(error instanceof BadMediaError)) throw error;
    if (group.length > 1) {
      const alone: [ReadCopy, VoicedRegion[]][] = [];
      for (const copy of group) alone.push(...(await regionsOf(archive, [copy], exclusions)));
      return alone;
    }
    exclusions.add('recording', 'its training copy could not be decoded for voice activity', {
      item: first.recording.item.record.item.id,
      part: first.recording.track.original,
    });
    return [];
  }
}

function clipsOf({ recording, layout }: ReadCopy, regions: readonly VoicedRegion[]): PlannedClip[] {
  const { item } = recording;
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

/** Consecutive recordings whose copies add up to at most `BATCH_BYTES` (always at least one). */
function* batchesOf(recordings: readonly UnlabelledRecording[]): Generator<UnlabelledRecording[]> {
  let batch: UnlabelledRecording[] = [];
  let bytes = 0;
  for (const recording of recordings) {
    const size =
      recording.item.record.assets.find((asset) => asset.path === recording.track.path)?.size ??
      BATCH_BYTES;
    if (batch.length > 0 && bytes + size > BATCH_BYTES) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(recording);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}

/** Copies of one loudness target, which one run's threshold suits, in order. */
function byFormat(copies: readonly ReadCopy[]): ReadCopy[][] {
  const groups = new Map<string, ReadCopy[]>();
  for (const copy of copies) {
    const key = String(copy.recording.track.loudnessTarget.integratedLufs);
    groups.set(key, [...(groups.get(key) ?? []), copy]);
  }
  return [...groups.values()];
}

function sourceOf({ item, track }: UnlabelledRecording): string {
  return `item ${item.record.item.id} ${item.version} ${track.path}`;
}

/** Bytes of training copies held for one ffmpeg run: some 30 minutes of 16 kHz audio. */
const BATCH_BYTES = 64 * 1024 * 1024;
