import { damagedPart } from './damaged-part.js';
import type { DatasetFiles } from './dataset-files.js';
import type { ExclusionTally } from './exclusion-tally.js';
import { type SplitName, splitNames } from './export-request.js';
import { countLanguage, type LanguageCounts } from './language-counts.js';
import { PendingWrites } from './pending-writes.js';
import type { PlannedUtterance } from './plan-utterances.js';
import { presentSplits } from './present-splits.js';
import { readAhead } from './read-ahead.js';
import { addLines, emptyLines, gzip, type ManifestLines } from './speech-manifests.js';
import { type SpeechRow, SpeechShardWriter } from './speech-parquet.js';
import { planShards, shardPath } from './speech-shards.js';
import { countOrigin, type OriginCounts } from './text-origin.js';
import { readWavLayout, type WavLayout, wavClip } from './wav-clip.js';

/** What the speech part of a dataset holds, per split. */
export interface SpeechSplitSummary {
  utterances: number;
  seconds: number;
  /** Bytes of the parquet shards (what `dataset_info` calls the download size). */
  parquetBytes: number;
  /** Bytes of the WAV clips, as they sit in the parquet rows and in `audio/`. */
  clipBytes: number;
  shards: number;
  /** Utterances and characters of their text, by text origin. */
  origins: OriginCounts;
  /** Utterances, characters and seconds, by language. */
  languages: LanguageCounts;
}

export interface SpeechSummary {
  sampleRate: number;
  splits: Partial<Record<SplitName, SpeechSplitSummary>>;
  /** Audio bytes written, parquet and audiofolder copies together (the throughput figure). */
  audioBytesWritten: number;
  /** Item id -> utterances included. */
  perItem: Map<string, number>;
}

/**
 * Cuts every utterance from its training copy (each copy read once, its digest checked
 * by the store) and writes the clip to the audiofolder tree and the parquet shards,
 * then the audiofolder `metadata.jsonl`, Lhotse and NeMo manifests of each split.
 * `utterances` come in dataset order: item, recording, time.
 */
export async function writeSpeech(
  files: DatasetFiles,
  utterances: readonly PlannedUtterance[],
  options: { sampleRate: number; maxShardBytes: number },
  exclusions: ExclusionTally,
  onUtterance?: (done: number, total: number) => void,
): Promise<SpeechSummary> {
  const output: SpeechOutput = {
    files,
    sampleRate: options.sampleRate,
    splits: splitStates(utterances, options.maxShardBytes),
    summary: {
      sampleRate: options.sampleRate,
      splits: {},
      audioBytesWritten: 0,
      perItem: new Map(),
    },
    writes: new PendingWrites(),
    exclusions,
  };
  let done = 0;
  for await (const { source: group, value: copy } of readTrainingCopies(utterances)) {
    const recording = openTrainingCopy(group, copy, exclusions);
    if (!recording) continue;
    for (const utterance of group)
      if (await writeUtterance(output, utterance, recording))
        onUtterance?.(++done, utterances.length);
  }
  await output.writes.drain();
  await finishSplits(output);
  return output.summary;
}

/** One split's shards, manifests and the shard being written. */
interface SplitState {
  shardOf: Map<PlannedUtterance, number>;
  shardCount: number;
  writer: SpeechShardWriter | undefined;
  shard: number;
  started: Set<number>;
  lines: ManifestLines;
}

/** Where clips go and what has been written so far. */
interface SpeechOutput {
  files: DatasetFiles;
  sampleRate: number;
  splits: Map<SplitName, SplitState>;
  summary: SpeechSummary;
  writes: PendingWrites;
  exclusions: ExclusionTally;
}

/** A training copy's bytes and WAV layout. */
interface TrainingCopy {
  bytes: Buffer;
  layout: WavLayout;
}

function splitStates(
  utterances: readonly PlannedUtterance[],
  maxShardBytes: number,
): Map<SplitName, SplitState> {
  return new Map(
    splitNames.map((split) => {
      const members = utterances.filter((utterance) => utterance.split === split);
      const plan = planShards(members, maxShardBytes);
      const shardOf = new Map(
        members.map((utterance, index) => [utterance, plan.shardOf[index] ?? 0]),
      );
      return [
        split,
        {
          shardOf,
          shardCount: plan.count,
          writer: undefined,
          shard: -1,
          started: new Set(),
          lines: emptyLines(),
        },
      ];
    }),
  );
}

/** The training copies of the utterances, one per group of consecutive utterances, read ahead. */
function readTrainingCopies(utterances: readonly PlannedUtterance[]) {
  return readAhead(
    [...byRecording(utterances)],
    (group) =>
      firstOf(group)
        .item.snapshot.read(firstOf(group).track.path)
        .then(
          (bytes) => ({ bytes }),
          (error: unknown) => ({ error }),
        ),
    (group) => trainingCopySize(firstOf(group)),
    READ_AHEAD_BYTES,
  );
}

function firstOf(group: PlannedUtterance[]): PlannedUtterance {
  return group[0] as PlannedUtterance;
}

/** The copy's WAV layout; a damaged copy (see `isDamage`) is counted and gives nothing, other errors stop the export. */
function openTrainingCopy(
  group: PlannedUtterance[],
  copy: { bytes: Buffer } | { error: unknown },
  exclusions: ExclusionTally,
): TrainingCopy | undefined {
  const first = firstOf(group);
  const source = `item ${first.item.record.item.id} ${first.item.version} ${first.track.path}`;
  try {
    if ('error' in copy) throw copy.error;
    return { bytes: copy.bytes, layout: readWavLayout(copy.bytes, source) };
  } catch (error) {
    exclusions.addDamaged(
      'recording',
      damagedPart(first.item.record.item.id, first.track.path, error),
    );
    return undefined;
  }
}

/** Cuts one utterance and writes it to its split's clip folder, shard and manifests; false when it is left out. */
async function writeUtterance(
  output: SpeechOutput,
  utterance: PlannedUtterance,
  { bytes, layout }: TrainingCopy,
): Promise<boolean> {
  const { files, summary, writes } = output;
  const endFrame = Math.min(utterance.endFrame, layout.frames);
  if (utterance.startFrame >= endFrame) {
    output.exclusions.add('utterance', 'segment starts after the recording ends', {
      item: utterance.item.record.item.id,
      part: utterance.annotationId,
    });
    return false;
  }
  const state = output.splits.get(utterance.split);
  if (!state) return false;
  const shard = state.shardOf.get(utterance) ?? 0;
  if (shard !== state.shard) {
    await state.writer?.finish();
    state.writer = new SpeechShardWriter(
      files,
      shardPath(utterance.split, shard, state.shardCount),
      output.sampleRate,
    );
    state.shard = shard;
    state.started.add(shard);
  }
  const clip = wavClip(bytes, layout, utterance.startFrame, endFrame);
  const row = speechRow(utterance, clip, endFrame, layout.sampleRate);
  // Clip files are written a few at a time, overlapping the cutting and encoding.
  writes.add(files.write(`audio/${utterance.split}/${row.audio.path}`, clip));
  if (writes.size >= PARALLEL_WRITES) await writes.drain();
  await state.writer?.add(row);
  addLines(state.lines, row, utterance.split, endFrame - utterance.startFrame, layout.sampleRate);
  const totals = summary.splits[utterance.split] ?? emptySummary(state.shardCount);
  summary.splits[utterance.split] = totals;
  totals.utterances += 1;
  totals.seconds += row.duration;
  totals.clipBytes += clip.byteLength;
  countOrigin(totals.origins, utterance.textOrigin, row.text);
  countLanguage(totals.languages, row.language, row.text, row.duration);
  summary.audioBytesWritten += 2 * clip.byteLength;
  const itemId = utterance.item.record.item.id;
  summary.perItem.set(itemId, (summary.perItem.get(itemId) ?? 0) + 1);
  return true;
}

/** Closes each split's shards and writes its manifests and parquet size. */
async function finishSplits({ files, splits, summary, sampleRate }: SpeechOutput): Promise<void> {
  for (const [split, state] of splits) {
    await state.writer?.finish();
    const totals = summary.splits[split];
    if (!totals) continue;
    // A shard whose every clip was left out (a damaged copy, segments past the end) is
    // written empty: the `-of-` numbering a reader expects stays whole.
    for (let shard = 0; shard < state.shardCount; shard += 1)
      if (!state.started.has(shard))
        await new SpeechShardWriter(
          files,
          shardPath(split, shard, state.shardCount),
          sampleRate,
        ).finish();
    await files.write(`audio/${split}/metadata.jsonl`, state.lines.audiofolder.join(''));
    await files.write(`nemo/${split}_manifest.json`, state.lines.nemo.join(''));
    await files.write(`lhotse/${split}/recordings.jsonl.gz`, gzip(state.lines.recordings));
    await files.write(`lhotse/${split}/supervisions.jsonl.gz`, gzip(state.lines.supervisions));
  }
  // Once, after every shard is written: the list holds every clip file of the export.
  const written = files.list();
  for (const [split, totals] of presentSplits(summary.splits))
    totals.parquetBytes = written
      .filter((file) => file.path.startsWith(`data/${split}-`))
      .reduce((sum, file) => sum + file.size, 0);
}

function speechRow(
  utterance: PlannedUtterance,
  clip: Buffer,
  endFrame: number,
  rate: number,
): SpeechRow {
  const { record, licence } = utterance.item;
  return {
    id: utterance.id,
    audio: { bytes: clip, path: `${utterance.id}.wav` },
    text: utterance.text,
    textOrigin: utterance.textOrigin.origin,
    textOriginTool: utterance.textOrigin.tool,
    language: utterance.language,
    speakerId: utterance.speaker?.label ?? null,
    itemId: record.item.id,
    collectionId: record.collection.id,
    licence,
    duration: (endFrame - utterance.startFrame) / rate,
    offset: utterance.startFrame / rate,
    ritualTerms: utterance.ritualTerms,
    symbolTerms: utterance.symbolTerms,
  };
}

function emptySummary(shards: number): SpeechSplitSummary {
  return {
    utterances: 0,
    seconds: 0,
    parquetBytes: 0,
    clipBytes: 0,
    shards,
    origins: {},
    languages: {},
  };
}

/** Consecutive utterances of the same training copy. */
function* byRecording(utterances: readonly PlannedUtterance[]): Generator<PlannedUtterance[]> {
  let group: PlannedUtterance[] = [];
  for (const utterance of utterances) {
    const previous = group[0];
    if (
      previous &&
      (previous.item !== utterance.item || previous.track.path !== utterance.track.path)
    ) {
      yield group;
      group = [];
    }
    group.push(utterance);
  }
  if (group.length > 0) yield group;
}

/** The size the item record gives the training copy (the store checks the bytes themselves); unknown reads alone. */
function trainingCopySize(utterance: PlannedUtterance): number {
  const { record } = utterance.item;
  return (
    record.assets.find((asset) => asset.path === utterance.track.path)?.size ?? READ_AHEAD_BYTES
  );
}

/** Training copies read ahead of the one being cut, by their sizes: a few minutes of audio each at 16 kHz. */
const READ_AHEAD_BYTES = 32 * 1024 * 1024;

/** Clip files in flight at once: enough to keep libuv's file threads busy. */
const PARALLEL_WRITES = 16;
