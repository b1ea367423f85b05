import type { Archive } from '../../archive/archive.js';
import type { DatasetFiles } from './dataset-files.js';
import type { ExclusionTally } from './exclusion-tally.js';
import { type ExportRequest, type SplitName, wantsConfig } from './export-request.js';
import type { ExportPlan } from './plan-export.js';
import { presentSplits } from './present-splits.js';
import type { ExportStage } from './run-export.js';
import { splitNotes } from './split-plan.js';
import { type OcrLinesSummary, writeOcrLines } from './write-ocr-lines.js';
import { type ParallelSplitSummary, writeParallel } from './write-parallel.js';
import { type SpeechSummary, writeSpeech } from './write-speech.js';
import { type TextSplitSummary, writeTexts } from './write-texts.js';
import { type UnlabelledSummary, writeUnlabelled } from './write-unlabelled.js';

/** What each part of the dataset holds, per split. */
export interface WrittenDataset {
  speech: SpeechSummary;
  unlabelled: UnlabelledSummary;
  text: Partial<Record<SplitName, TextSplitSummary>>;
  parallel: Partial<Record<SplitName, ParallelSplitSummary>>;
  ocr: OcrLinesSummary;
  /** What the splits say about the data: a config with no train split, groups moved by `minSplit`. */
  splitNotes: string[];
}

/** Writes the planned speech clips, texts, parallel pairs and OCR lines into `files`. */
export async function writeDataset(
  archive: Archive,
  files: DatasetFiles,
  plan: ExportPlan,
  request: ExportRequest,
  exclusions: ExclusionTally,
  progress: (stage: ExportStage) => (done: number, total: number) => void,
): Promise<WrittenDataset> {
  const { utterances, clips, corpus, pairs, items, speechSplits, itemSplits } = plan;
  const sampleRate = archive.settings.audio.trainingSampleRate;
  const speech = await writeSpeech(
    files,
    utterances,
    { sampleRate, maxShardBytes: request.maxShardBytes },
    exclusions,
    progress('speech'),
  );
  const unlabelled = await writeUnlabelled(
    files,
    clips,
    { sampleRate, maxShardBytes: request.maxShardBytes },
    exclusions,
    progress('unlabelled'),
  );
  const text = await writeTexts(files, corpus, itemSplits);
  const parallel = await writeParallel(files, pairs, itemSplits);
  progress('text')(corpus.length, corpus.length);
  const ocr = wantsConfig(request, 'ocr-lines')
    ? await writeOcrLines(archive, files, items, request, itemSplits, exclusions)
    : { splits: {}, perItem: new Map<string, number>() };
  progress('ocr-lines')(1, 1);
  const written = (splits: Partial<Record<SplitName, unknown>>) =>
    presentSplits(splits).map(([split]) => split);
  const notes = [
    ...splitNotes('speech', written(speech.splits), speechSplits, request),
    ...splitNotes('unlabelled', written(unlabelled.splits), speechSplits, request).filter(
      (note) => !note.startsWith('unlabelled: '),
    ),
    ...splitNotes('text', written(text), itemSplits, request),
    ...splitNotes('parallel', written(parallel), itemSplits, request).filter(
      (note) => !note.startsWith('parallel: '),
    ),
    ...splitNotes('ocr-lines', written(ocr.splits), itemSplits, request).filter(
      (note) => !note.startsWith('ocr-lines: '),
    ),
  ];
  return { speech, unlabelled, text, parallel, ocr, splitNotes: notes };
}
