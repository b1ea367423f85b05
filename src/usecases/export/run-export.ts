import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import pMap from 'p-map';
import type { Archive } from '../../archive/archive.js';
import type { ItemLocks } from '../../archive/item-lock.js';
import { heritageVersion } from '../../infra/package/heritage-version.js';
import { MetadataPath } from '../../model/item-record.js';
import { itemGroup } from './assign-split.js';
import { compareText } from './compare-text.js';
import { type DamagedPart, damagedPart } from './damaged-part.js';
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
import { exportIdOf, exportManifest, recordedParameters, sha256sums } from './export-manifest.js';
import { recordExport } from './export-record.js';
import { allowsOrigin, parseExportRequest, type SplitName, splitNames } from './export-request.js';
import { readItemAnnotations } from './item-annotations.js';
import { itemSpeaker } from './item-speaker.js';
import { countLanguage, type LanguageCounts } from './language-counts.js';
import { type ParallelPair, parallelPairs } from './parallel-pairs.js';
import { type PlannedUtterance, planUtterances } from './plan-utterances.js';
import { selectItems } from './select-items.js';
import { pseudonymSalt } from './speaker-pseudonym.js';
import { planSplits, type SplitPlan, splitNotes } from './split-plan.js';
import {
  cleanTexts,
  ocrDocuments,
  type TextDocument,
  transcriptDocuments,
} from './text-documents.js';
import { countOrigin, type OriginCounts, originNotAskedFor } from './text-origin.js';
import { trainingTracks } from './training-tracks.js';
import { writeOcrLines } from './write-ocr-lines.js';
import { writeParallel } from './write-parallel.js';
import { writeSpeech } from './write-speech.js';

export type ExportStage =
  | 'selecting'
  | 'planning'
  | 'speech'
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
 */
export async function runExport(
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

  const selected = await selectItems(archive, request, exclusions, progress('selecting'));
  // Read a few at a time, like the items themselves; `pMap` keeps item order. An item
  // whose annotations cannot be read is left out whole: its utterances and texts hang on them.
  const readable = (
    await pMap(
      selected,
      async (item) => ({
        item,
        annotations: await readItemAnnotations(item.snapshot).catch((error: unknown) => {
          exclusions.addDamaged(
            'item',
            damagedPart(item.record.item.id, MetadataPath.annotations, error),
          );
          return undefined;
        }),
      }),
      { concurrency: 8 },
    )
  ).filter((entry) => entry.annotations !== undefined);
  const items = readable.map((entry) => entry.item);
  const salt = await pseudonymSalt(archive.catalog);
  const sampleRate = archive.settings.audio.trainingSampleRate;
  const utterances: PlannedUtterance[] = [];
  const texts: TextDocument[] = [];
  const pairs: ParallelPair[] = [];
  const audioAgents = new Set<string>();
  const loudnessTargets = new Set<string>();
  let namedSpeakerItems = 0;
  for (const [index, { item, annotations = [] }] of readable.entries()) {
    const itemId = item.record.item.id;
    const { tracks, missing } = trainingTracks(item.record);
    for (const recording of missing)
      exclusions.add('recording', recording.reason, { item: itemId, part: recording.original });
    // Flagged recordings stay in the list: `planUtterances` counts their utterances as such.
    const usable = tracks.filter((track) => {
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
    const speaker = itemSpeaker(item.record, salt);
    if (speaker?.named) namedSpeakerItems += 1;
    const planned = planUtterances(item, annotations, usable, speaker, request, exclusions).filter(
      (utterance) => {
        const { origin } = utterance.textOrigin;
        if (allowsOrigin(request, origin)) return true;
        exclusions.add('utterance', originNotAskedFor(origin), {
          item: itemId,
          part: utterance.annotationId,
        });
        return false;
      },
    );
    for (const utterance of planned) {
      audioAgents.add(utterance.track.agent);
      const { integratedLufs, truePeakDbtp } = utterance.track.loudnessTarget;
      loudnessTargets.add(`${integratedLufs} LUFS / ${truePeakDbtp} dBTP`);
    }
    utterances.push(...planned);
    texts.push(...transcriptDocuments(item, annotations));
    for (const pair of parallelPairs(item, annotations, exclusions)) {
      if (allowsOrigin(request, pair.text_origin)) pairs.push(pair);
      else
        exclusions.add('translation', originNotAskedFor(pair.text_origin), {
          item: itemId,
          part: pair.id,
        });
    }
    progress('planning')(index + 1, items.length);
  }
  texts.push(
    ...(await ocrDocuments(archive.catalog, items, request.quality.minOcrConfidence, exclusions)),
  );
  // Speech goes by speaker; texts and OCR lines by item, on one plan so that the two agree.
  const speechSplits = planSplits(
    utterances.map((utterance) => utterance.groupKey),
    request,
  );
  for (const utterance of utterances) utterance.split = speechSplits.splitOf(utterance.groupKey);
  const corpus = cleanTexts(
    texts.filter((text) => {
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
    [...corpus.map((text) => text.source_item), ...pairs.map((pair) => pair.item_id)].map(
      itemGroup,
    ),
    request,
  );
  const snapshot = items.map((item) => ({
    id: item.record.item.id,
    collection: item.record.collection.id,
    version: item.version,
  }));
  const parameters = recordedParameters(request);

  const staging = await stagingFolder(target, archive.settings.dataDir);
  try {
    const files = new DatasetFiles(staging);
    const speech = await writeSpeech(
      files,
      utterances,
      { sampleRate, maxShardBytes: request.maxShardBytes },
      exclusions,
      progress('speech'),
    );
    const textSplits = await writeTexts(files, corpus, itemSplits);
    const parallel = await writeParallel(files, pairs, itemSplits);
    progress('text')(corpus.length, corpus.length);
    const ocr = await writeOcrLines(archive, files, items, request, itemSplits, exclusions);
    progress('ocr-lines')(1, 1);
    const exportId = exportIdOf(parameters, snapshot, exclusions.damaged());
    const written = (splits: Partial<Record<SplitName, unknown>>) =>
      splitNames.filter((split) => splits[split] !== undefined);
    const notes = [
      ...splitNotes('speech', written(speech.splits), speechSplits, request),
      ...splitNotes('text', written(textSplits), itemSplits, request),
      ...splitNotes('parallel', written(parallel), itemSplits, request).filter(
        (note) => !note.startsWith('parallel: '),
      ),
      ...splitNotes('ocr-lines', written(ocr.splits), itemSplits, request).filter(
        (note) => !note.startsWith('ocr-lines: '),
      ),
    ];

    const textsOf = new Map<string, number>();
    for (const text of corpus)
      textsOf.set(text.source_item, (textsOf.get(text.source_item) ?? 0) + 1);
    const pairItems = new Set(pairs.map((pair) => pair.item_id));
    const included = items.filter((item) => {
      const id = item.record.item.id;
      return speech.perItem.has(id) || ocr.perItem.has(id) || textsOf.has(id) || pairItems.has(id);
    });
    const includedIds = new Set(included.map((item) => item.record.item.id));
    for (const item of items)
      if (!includedIds.has(item.record.item.id))
        exclusions.add('item', 'nothing usable left after the checks on its parts', {
          item: item.record.item.id,
        });
    const facts: CardFacts = {
      exportId,
      toolVersion: heritageVersion,
      request,
      itemCount: included.length,
      collections: uniqueBy(
        included.map((item) => item.record.collection),
        (c) => c.id,
      ),
      // The items' languages, and those the rows were tagged with (tiers, OCR models, translations).
      languages: sortedUnique([
        ...included.flatMap((item) => item.record.item.languages),
        ...utterances.map((utterance) => utterance.language),
        ...corpus.map((text) => text.language),
        ...pairs.flatMap((pair) => [pair.source_lang, pair.target_lang]),
      ]),
      licences: sortedUnique(included.map((item) => item.licence)),
      tkLabels: counted(included.flatMap((item) => item.record.item.tkLabels)),
      protocols: counted(included.map((item) => item.record.item.accessProtocol)),
      namedSpeakerItems,
      speech,
      text: textSplits,
      parallel,
      ocr,
      exclusions: exclusions.entries(),
      audioAgents: sortedUnique([...audioAgents]),
      loudnessTargets: sortedUnique([...loudnessTargets]),
      ocrEngine: `tesseract.js ${tesseractJsVersion()}`,
      ocrLanguages: archive.settings.ocr.languages,
      splitNotes: notes,
    };
    const card = buildDatasetCard(facts);
    await files.write('README.md', card);
    const counts = {
      items: included.length,
      utterances: countOf(speech.splits, (split) => split.utterances),
      texts: corpus.length,
      ocrLines: countOf(ocr.splits, (split) => split.lines),
      parallelPairs: pairs.length,
    };
    const manifest = exportManifest({
      exportId,
      parameters,
      snapshot: snapshot.filter((entry) => includedIds.has(entry.id)),
      counts,
      exclusions: facts.exclusions,
      excluded: exclusions.named(),
    });
    await files.write('export_manifest.json', manifest);
    const sums = sha256sums(files.list());
    await files.write('SHA256SUMS', sums);
    const all = files.list();
    const location = describeTarget(target);
    await publish(staging, all, target, archive.settings, progress('publishing'));

    const perItem = included.map((item) => {
      const id = item.record.item.id;
      return {
        itemId: id,
        contents: `${speech.perItem.get(id) ?? 0} utterance(s), ${textsOf.get(id) ?? 0} text(s), ${ocr.perItem.get(id) ?? 0} OCR line(s)`,
      };
    });
    progress('events')(0, perItem.length);
    await recordExport(archive, locks, {
      exportId,
      location,
      items: perItem,
      files: [
        { path: 'README.md', body: card },
        { path: 'export_manifest.json', body: manifest },
        { path: 'SHA256SUMS', body: sums },
      ],
    });
    progress('events')(perItem.length, perItem.length);
    return {
      exportId,
      location,
      items: counts.items,
      utterances: counts.utterances,
      speechSeconds: countOf(speech.splits, (split) => split.seconds),
      texts: counts.texts,
      ocrLines: counts.ocrLines,
      parallelPairs: counts.parallelPairs,
      files: all.length,
      bytes: all.reduce((total, file) => total + file.size, 0),
      audioBytes: speech.audioBytesWritten,
      exclusions: facts.exclusions,
      excluded: exclusions.named(),
      damaged: exclusions.damaged(),
      splitNotes: notes,
    };
  } finally {
    // A folder publish renamed it into place; after an S3 upload, or a failure, it goes here.
    await rm(staging, { recursive: true, force: true });
  }
}

/** What the text part of a dataset holds, per split. */
export interface TextSplitSummary {
  documents: number;
  bytes: number;
  /** Documents and characters, by text origin. */
  origins: OriginCounts;
  /** Documents and characters, by language. */
  languages: LanguageCounts;
}

async function writeTexts(
  files: DatasetFiles,
  corpus: readonly TextDocument[],
  plan: SplitPlan,
): Promise<Partial<Record<SplitName, TextSplitSummary>>> {
  const lines = new Map<SplitName, string[]>();
  const origins = new Map<SplitName, OriginCounts>();
  const languages = new Map<SplitName, LanguageCounts>();
  for (const document of corpus) {
    const split = plan.splitOf(itemGroup(document.source_item));
    const splitLines = lines.get(split) ?? [];
    const { id, text, language, source_item, licence, text_origin, text_origin_tool } = document;
    const row = { id, text, language, source_item, licence, text_origin, text_origin_tool };
    splitLines.push(`${JSON.stringify(row)}\n`);
    lines.set(split, splitLines);
    const counts = origins.get(split) ?? {};
    countOrigin(
      counts,
      { origin: document.text_origin, tool: document.text_origin_tool },
      document.text,
    );
    origins.set(split, counts);
    const byLanguage = languages.get(split) ?? {};
    countLanguage(byLanguage, document.language, document.text);
    languages.set(split, byLanguage);
  }
  const summary: Partial<Record<SplitName, TextSplitSummary>> = {};
  for (const [split, splitLines] of [...lines].sort(([a], [b]) => compareText(a, b))) {
    const file = await files.write(`text/${split}.jsonl`, splitLines.join(''));
    summary[split] = {
      documents: splitLines.length,
      bytes: file.size,
      origins: origins.get(split) ?? {},
      languages: languages.get(split) ?? {},
    };
  }
  return summary;
}

function countOf<T>(splits: Partial<Record<SplitName, T>>, pick: (split: T) => number): number {
  return Object.values(splits).reduce((total: number, split) => total + pick(split as T), 0);
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareText);
}

function counted(values: readonly string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => compareText(a, b));
}

function uniqueBy<T>(values: readonly T[], key: (value: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const value of values) if (!seen.has(key(value))) seen.set(key(value), value);
  return [...seen.values()].sort((a, b) => compareText(key(a), key(b)));
}

function tesseractJsVersion(): string {
  return (createRequire(import.meta.url)('tesseract.js/package.json') as { version: string })
    .version;
}
