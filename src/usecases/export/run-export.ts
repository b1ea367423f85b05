import { rm } from 'node:fs/promises';
import type { Archive } from '../../archive/archive.js';
import type { ItemLocks } from '../../archive/item-lock.js';
import { gatherCardFacts } from './card-facts.js';
import type { DamagedPart } from './damaged-part.js';
import { buildDatasetCard, type CardFacts } from './dataset-card.js';
import { DatasetFiles } from './dataset-files.js';
import {
  checkTargetFree,
  describeTarget,
  parseTarget,
  publish,
  stagingFolder,
} from './dataset-target.js';
import { type ExclusionCount, ExclusionTally, type NamedExclusion } from './exclusion-tally.js';
import {
  exportIdOf,
  exportManifest,
  type RecordedParameters,
  recordedParameters,
  type SnapshotEntry,
  sha256sums,
} from './export-manifest.js';
import { recordExport } from './export-record.js';
import { parseExportRequest, type SplitName } from './export-request.js';
import { type IncludedItem, includedItems } from './included-items.js';
import { planExport } from './plan-export.js';
import { selectReadableItems } from './select-readable-items.js';
import { writeDataset } from './write-dataset.js';

export type ExportStage =
  | 'selecting'
  | 'planning'
  | 'voice-activity'
  | 'speech'
  | 'unlabelled'
  | 'text'
  | 'ocr-lines'
  | 'publishing'
  | 'events';

/** Where an export is, for progress bars: `done` of `total` in the current stage. */
export interface ExportProgress {
  stage: ExportStage;
  done: number;
  total: number;
}

/** What an export made. */
export interface ExportReport {
  exportId: string;
  location: string;
  items: number;
  utterances: number;
  speechSeconds: number;
  /** Clips of untranscribed speech (the `unlabelled` config), and their length. */
  unlabelledClips: number;
  unlabelledSeconds: number;
  texts: number;
  ocrLines: number;
  parallelPairs: number;
  files: number;
  bytes: number;
  /** Audio bytes written (parquet and audiofolder copies): the throughput figure. */
  audioBytes: number;
  exclusions: ExclusionCount[];
  /** The same exclusions by item and part, as far as the export may name them. */
  excluded: NamedExclusion[];
  /** Parts that could not be read (damaged or missing in the archive), by item: for repair. */
  damaged: DamagedPart[];
  /** What the splits say about the data: a config with no train split, groups moved by `minSplit`. */
  splitNotes: string[];
}

/**
 * Builds a dataset from the archive as it is now and publishes it to `request.out`:
 * selection (filters, access policy, consent, licence), speech clips, text corpus and
 * OCR line pairs in deterministic splits, the dataset card, `export_manifest.json` and
 * `SHA256SUMS`; then keeps a record of the export in the archive, with an `export`
 * event for every included item (see `export-record.ts`).
 */ export async function runExport(
  archive: Archive,
  locks: ItemLocks,
  input: unknown,
  onProgress: (progress: ExportProgress) => void = () => {},
): Promise<ExportReport> {
  const request = parseExportRequest(input);
  const target = parseTarget(request.out);
  await checkTargetFree(target, archive.settings, request.overwrite);
  const exclusions = new ExclusionTally();
  const progress = (stage: ExportStage) => (done: number, total: number) =>
    onProgress({ stage, done, total });

  const readable = await selectReadableItems(archive, request, exclusions, progress('selecting'));
  const plan = await planExport(
    archive,
    readable,
    request,
    exclusions,
    progress('planning'),
    progress('voice-activity'),
  );
  const snapshot = plan.items.map((item) => ({
    id: item.record.item.id,
    collection: item.record.collection.id,
    version: item.version,
  }));
  const parameters = recordedParameters(request);

  const staging = await stagingFolder(target, archive.settings.dataDir);
  try {
    const files = new DatasetFiles(staging);
    const written = await writeDataset(archive, files, plan, request, exclusions, progress);
    const exportId = exportIdOf(parameters, snapshot, exclusions.damaged());
    const included = includedItems(plan, written, exclusions);
    const facts = gatherCardFacts({
      exportId,
      request,
      plan,
      written,
      included,
      exclusions,
      ocrLanguages: archive.settings.ocr.languages,
    });
    const counts = {
      items: included.length,
      utterances: countOf(written.speech.splits, (split) => split.utterances),
      unlabelledClips: countOf(written.unlabelled.splits, (split) => split.clips),
      texts: plan.corpus.length,
      ocrLines: countOf(written.ocr.splits, (split) => split.lines),
      parallelPairs: plan.pairs.length,
    };
    const includedIds = new Set(included.map((entry) => entry.item.record.item.id));
    const records = await writeRecordFiles(files, facts, {
      exportId,
      parameters,
      snapshot: snapshot.filter((entry) => includedIds.has(entry.id)),
      counts,
      exclusions,
    });
    const all = files.list();
    const location = describeTarget(target);
    await publish(staging, all, target, archive.settings, progress('publishing'));
    await recordIncludedItems(archive, locks, { exportId, location, included, records }, progress);
    return {
      exportId,
      location,
      items: counts.items,
      utterances: counts.utterances,
      speechSeconds: countOf(written.speech.splits, (split) => split.seconds),
      unlabelledClips: counts.unlabelledClips,
      unlabelledSeconds: countOf(written.unlabelled.splits, (split) => split.seconds),
      texts: counts.texts,
      ocrLines: counts.ocrLines,
      parallelPairs: counts.parallelPairs,
      files: all.length,
      bytes: all.reduce((total, file) => total + file.size, 0),
      audioBytes: written.speech.audioBytesWritten + written.unlabelled.audioBytesWritten,
      exclusions: facts.exclusions,
      excluded: exclusions.named(),
      damaged: exclusions.damaged(),
      splitNotes: written.splitNotes,
    };
  } finally {
    // A folder publish renamed it into place; after an S3 upload, or a failure, it goes here.
    await rm(staging, { recursive: true, force: true });
  }
}

/** The export's own files, kept in the archive record too. */
interface RecordFile {
  path: string;
  body: string;
}

/** Writes the dataset card, `export_manifest.json` and `SHA256SUMS` (of everything before it). */
async function writeRecordFiles(
  files: DatasetFiles,
  facts: CardFacts,
  manifest: {
    exportId: string;
    parameters: RecordedParameters;
    snapshot: SnapshotEntry[];
    counts: ExportCounts;
    exclusions: ExclusionTally;
  },
): Promise<RecordFile[]> {
  const card = buildDatasetCard(facts);
  await files.write('README.md', card);
  const manifestBody = exportManifest({
    exportId: manifest.exportId,
    parameters: manifest.parameters,
    snapshot: manifest.snapshot,
    counts: manifest.counts,
    exclusions: facts.exclusions,
    excluded: manifest.exclusions.named(),
  });
  await files.write('export_manifest.json', manifestBody);
  const sums = sha256sums(files.list());
  await files.write('SHA256SUMS', sums);
  return [
    { path: 'README.md', body: card },
    { path: 'export_manifest.json', body: manifestBody },
    { path: 'SHA256SUMS', body: sums },
  ];
}

/** Keeps the record of the export in the archive, with an `export` event for every included item. */
async function recordIncludedItems(
  archive: Archive,
  locks: ItemLocks,
  published: {
    exportId: string;
    location: string;
    included: readonly IncludedItem[];
    records: RecordFile[];
  },
  progress: (stage: ExportStage) => (done: number, total: number) => void,
): Promise<void> {
  const perItem = published.included.map((entry) => ({
    itemId: entry.item.record.item.id,
    contents: `${entry.utterances} utterance(s), ${entry.unlabelledClips} unlabelled clip(s), ${entry.texts} text(s), ${entry.ocrLines} OCR line(s)`,
  }));
  progress('events')(0, perItem.length);
  await recordExport(archive, locks, {
    exportId: published.exportId,
    location: published.location,
    items: perItem,
    files: published.records,
  });
  progress('events')(perItem.length, perItem.length);
}

/** The rows of each kind in the dataset. */
interface ExportCounts {
  items: number;
  utterances: number;
  unlabelledClips: number;
  texts: number;
  ocrLines: number;
  parallelPairs: number;
}

function countOf<T>(splits: Partial<Record<SplitName, T>>, pick: (split: T) => number): number {
  return Object.values(splits).reduce((total: number, split) => total + pick(split as T), 0);
}
