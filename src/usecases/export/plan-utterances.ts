import type { Annotation, TimeAnchor } from '../../model/annotations/annotation-schema.js';
import { assignSplit, itemGroup } from './assign-split.js';
import { compareText } from './compare-text.js';
import type { ExclusionTally } from './exclusion-tally.js';
import type { ExportRequest, SplitName } from './export-request.js';
import type { ItemSpeaker } from './item-speaker.js';
import { defaultLanguage, type SelectedItem } from './select-items.js';
import { annotationOrigin, type TextOrigin } from './text-origin.js';
import { type TimedAnnotation, timedInOrder } from './timed-annotations.js';
import type { TrainingTrack } from './training-tracks.js';
import { frameAt } from './wav-clip.js';

/** One utterance clip to cut: where, what is said, by whom, and in which split. */
export interface PlannedUtterance {
  /** `<item id>-<annotation id>`: unique in the dataset and safe as a file name. */
  id: string;
  /** The transcription annotation it is read from. */
  annotationId: string;
  item: SelectedItem;
  track: TrainingTrack;
  startMs: number;
  endMs: number;
  /** Frames [startFrame, endFrame) of the training copy. */
  startFrame: number;
  endFrame: number;
  text: string;
  textOrigin: TextOrigin;
  language: string;
  speaker: ItemSpeaker | undefined;
  /** What the split goes by: the speaker, or the item when nobody is named. */
  groupKey: string;
  ritualTerms: string[];
  symbolTerms: string[];
  split: SplitName;
}

/**
 * The utterances of one item: each current transcription annotation timed on a
 * recording that has a usable training copy, with the ritual and symbol terms of the
 * annotations overlapping it. The split goes by speaker (the item when nobody is
 * named), so one voice never sits in two splits.
 */
export function planUtterances(
  item: SelectedItem,
  annotations: readonly Annotation[],
  tracks: readonly TrainingTrack[],
  speaker: ItemSpeaker | undefined,
  request: ExportRequest,
  exclusions: ExclusionTally,
): PlannedUtterance[] {
  const { record } = item;
  const timed = timedInOrder(annotations);
  const transcriptions = timed.filter((annotation) => annotation.type === 'transcription');
  const groupKey = speaker?.groupKey ?? itemGroup(record.item.id);
  const split = assignSplit(groupKey, request.splitSeed, request.splits);
  const planned: PlannedUtterance[] = [];
  for (const annotation of transcriptions) {
    const { asset, startMs, endMs } = annotation.anchor;
    const track = tracks.find((candidate) => candidate.original === asset);
    const text = annotation.value.normalize('NFC').trim();
    const reason = !track
      ? 'its recording has no usable training copy'
      : track.flags.some((flag) => request.quality.excludeAudioFlags.includes(flag as never))
        ? 'its recording has an excluded quality flag'
        : text === ''
          ? 'empty transcription'
          : endMs <= startMs
            ? 'zero-length segment'
            : startMs >= track.durationSeconds * 1000
              ? 'segment starts after the recording ends'
              : undefined;
    if (reason || !track) {
      exclusions.add('utterance', reason ?? 'its recording has no usable training copy', {
        item: record.item.id,
        part: annotation.id,
      });
      continue;
    }
    const overlapping = timed.filter(
      (other) => other.anchor.asset === asset && overlaps(other.anchor, startMs, endMs),
    );
    planned.push({
      id: `${record.item.id}-${annotation.id}`,
      annotationId: annotation.id,
      item,
      track,
      startMs,
      endMs,
      startFrame: frameAt(startMs, track.sampleRate),
      endFrame: frameAt(endMs, track.sampleRate),
      text,
      textOrigin: annotationOrigin(annotation),
      language: annotation.language ?? defaultLanguage(item),
      speaker,
      groupKey,
      ritualTerms: termsOf(overlapping, 'ritual'),
      symbolTerms: termsOf(overlapping, 'symbol'),
      split,
    });
  }
  return planned;
}

function termsOf(annotations: readonly TimedAnnotation[], type: 'ritual' | 'symbol'): string[] {
  const terms = annotations.filter((a) => a.type === type).flatMap((a) => a.terms);
  return [...new Set(terms)].sort(compareText);
}

/** A span overlaps [startMs, endMs) when they share time; a point, when it falls inside. */
function overlaps(anchor: TimeAnchor, startMs: number, endMs: number): boolean {
  if (anchor.startMs === anchor.endMs) return anchor.startMs >= startMs && anchor.startMs < endMs;
  return anchor.startMs < endMs && anchor.endMs > startMs;
}
