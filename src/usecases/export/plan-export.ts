import type { Archive } from '../../archive/archive.js';
import type { Annotation } from '../../model/annotations/annotation-schema.js';
import { itemGroup } from './assign-split.js';
import type { ExclusionTally } from './exclusion-tally.js';
import { allowsOrigin, type ExportRequest, wantsConfig } from './export-request.js';
import { itemSpeaker } from './item-speaker.js';
import { type ParallelPair, parallelPairs } from './parallel-pairs.js';
import {
  type PlannedClip,
  planUnlabelledClips,
  type UnlabelledRecording,
  unlabelledRecordings,
} from './plan-unlabelled.js';
import { type PlannedUtterance, planUtterances } from './plan-utterances.js';
import type { SelectedItem } from './select-items.js';
import type { ReadableItem } from './select-readable-items.js';
import { pseudonymSalt } from './speaker-pseudonym.js';
import { planSplits, type SplitPlan } from './split-plan.js';
import {
  cleanTexts,
  ocrDocuments,
  type TextDocument,
  transcriptDocuments,
} from './text-documents.js';
import { originNotAskedFor } from './text-origin.js';
import { type TrainingTrack, trainingTracks } from './training-tracks.js';

/** Every row the dataset will hold, each in its split, decided before anything is written. */
export interface ExportPlan {
  /** The readable items, in id order. */
  items: SelectedItem[];
  /** Speech clips, each with its split. */
  utterances: PlannedUtterance[];
  /** Clips of untranscribed speech, each with its split (the speech config's). */
  clips: PlannedClip[];
  corpus: TextDocument[];
  pairs: ParallelPair[];
  /** Splits of speech and unlabelled clips, by speaker: a voice is in one split of both. */
  speechSplits: SplitPlan;
  /** Splits of texts, parallel pairs and OCR lines, by item. */
  itemSplits: SplitPlan;
  /** Software that made the training copies of the clips, and their loudness targets. */
  audioAgents: Set<string>;
  loudnessTargets: Set<string>;
  namedSpeakerItems: number;
}

/** What one item gives the dataset before texts are cleaned and splits assigned. */
interface ItemRows {
  utterances: PlannedUtterance[];
  recordings: UnlabelledRecording[];
  texts: TextDocument[];
  pairs: ParallelPair[];
  namedSpeaker: boolean;
}

/** Plans the rows of every readable item, leaving out (and counting) what the request does not allow. */
export async function planExport(
  archive: Archive,
  readable: readonly ReadableItem[],
  request: ExportRequest,
  exclusions: ExclusionTally,
  onItem: (done: number, total: number) => void,
  onRecording: (done: number, total: number) => void = () => {},
): Promise<ExportPlan> {
  const items = readable.map((entry) => entry.item);
  const salt = await pseudonymSalt(archive.catalog);
  const sampleRate = archive.settings.audio.trainingSampleRate;
  const plan = {
    utterances: [] as PlannedUtterance[],
    recordings: [] as UnlabelledRecording[],
    texts: [] as TextDocument[],
    pairs: [] as ParallelPair[],
    audioAgents: new Set<string>(),
    loudnessTargets: new Set<string>(),
    namedSpeakerItems: 0,
  };
  for (const [index, { item, annotations }] of readable.entries()) {
    const rows = planItem(item, annotations, { salt, sampleRate, request, exclusions });
    if (rows.namedSpeaker) plan.namedSpeakerItems += 1;
    for (const utterance of rows.utterances) {
      plan.audioAgents.add(utterance.track.agent);
      const { integratedLufs, truePeakDbtp } = utterance.track.loudnessTarget;
      plan.loudnessTargets.add(`${integratedLufs} LUFS / ${truePeakDbtp} dBTP`);
    }
    plan.utterances.push(...rows.utterances);
    plan.recordings.push(...rows.recordings);
    plan.texts.push(...rows.texts);
    plan.pairs.push(...rows.pairs);
    onItem(index + 1, items.length);
  }
  if (wantsConfig(request, 'text'))
    plan.texts.push(
      ...(await ocrDocuments(archive.catalog, items, request.quality.minOcrConfidence, exclusions)),
    );
  const clips = await planUnlabelledClips(plan.recordings, exclusions, onRecording);
  for (const clip of clips) plan.audioAgents.add(clip.recording.track.agent);
  // Speech and unlabelled clips go by speaker, on one plan, so that a voice held out for
  // testing is not pretrained on; texts and OCR lines by item, on one plan so that the two agree.
  const speechSplits = planSplits(
    [
      ...plan.utterances.map((utterance) => utterance.groupKey),
      ...clips.map((clip) => clip.recording.groupKey),
    ],
    request,
  );
  for (const utterance of plan.utterances)
    utterance.split = speechSplits.splitOf(utterance.groupKey);
  for (const clip of clips) clip.split = speechSplits.splitOf(clip.recording.groupKey);
  const corpus = cleanTexts(
    plan.texts.filter((text) => {
      if (allowsOrigin(request, text.text_origin)) return true;
      exclusions.add('text', originNotAskedFor(text.text_origin), {
        item: text.source_item,
        part: text.id,
      });
      return false;
    }),
    exclusions,
  );
  const itemSplits = planSplits(
    [...corpus.map((text) => text.source_item), ...plan.pairs.map((pair) => pair.item_id)].map(
      itemGroup,
    ),
    request,
  );
  return { ...plan, items, clips, corpus, speechSplits, itemSplits };
}

/** The utterances, transcripts and parallel pairs of one item that the request allows. */
function planItem(
  item: SelectedItem,
  annotations: readonly Annotation[],
  context: { salt: string; sampleRate: number; request: ExportRequest; exclusions: ExclusionTally },
): ItemRows {
  const { salt, request, exclusions } = context;
  const itemId = item.record.item.id;
  const audio = wantsConfig(request, 'speech') || wantsConfig(request, 'unlabelled');
  const usable = audio ? usableTracks(item, context) : [];
  const speaker = itemSpeaker(item.record, salt);
  const recordings = wantsConfig(request, 'unlabelled')
    ? unlabelledRecordings(item, annotations, usable, speaker, request.quality.excludeAudioFlags)
    : [];
  const timed = wantsConfig(request, 'speech')
    ? planUtterances(item, annotations, usable, speaker, request, exclusions)
    : [];
  const utterances = timed.filter((utterance) => {
    const { origin } = utterance.textOrigin;
    if (allowsOrigin(request, origin)) return true;
    exclusions.add('utterance', originNotAskedFor(origin), {
      item: itemId,
      part: utterance.annotationId,
    });
    return false;
  });
  const texts = wantsConfig(request, 'text') ? transcriptDocuments(item, annotations) : [];
  const pairs: ParallelPair[] = [];
  const candidates = wantsConfig(request, 'parallel')
    ? parallelPairs(item, annotations, exclusions)
    : [];
  for (const pair of candidates) {
    if (allowsOrigin(request, pair.text_origin)) pairs.push(pair);
    else
      exclusions.add('translation', originNotAskedFor(pair.text_origin), {
        item: itemId,
        part: pair.id,
      });
  }
  return { utterances, recordings, texts, pairs, namedSpeaker: speaker?.named === true };
}

/**
 * The item's training copies at the dataset's sample rate. Flagged recordings stay in
 * the list: `planUtterances` counts their utterances as such.
 */
function usableTracks(
  item: SelectedItem,
  context: { sampleRate: number; request: ExportRequest; exclusions: ExclusionTally },
): TrainingTrack[] {
  const { sampleRate, request, exclusions } = context;
  const itemId = item.record.item.id;
  const { tracks, missing } = trainingTracks(item.record);
  for (const recording of missing)
    exclusions.add('recording', recording.reason, { item: itemId, part: recording.original });
  return tracks.filter((track) => {
    const flagged = track.flags.filter((flag) =>
      request.quality.excludeAudioFlags.includes(flag as never),
    );
    const place = { item: itemId, part: track.original };
    if (flagged.length > 0)
      exclusions.add('recording', `quality flag ${flagged.join(', ')}`, place);
    else if (track.sampleRate !== sampleRate)
      exclusions.add(
        'recording',
        `training copy at ${track.sampleRate} Hz, not ${sampleRate} Hz`,
        place,
      );
    return track.sampleRate === sampleRate;
  });
}
