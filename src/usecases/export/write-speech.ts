import { gzipSync } from 'node:zlib';
import { damagedPart } from './damaged-part.js';
import type { DatasetFiles } from './dataset-files.js';
import type { ExclusionTally } from './exclusion-tally.js';
import { type SplitName, splitNames } from './export-request.js';
import { countLanguage, type LanguageCounts } from './language-counts.js';
import type { PlannedUtterance } from './plan-utterances.js';
import { readAhead } from './read-ahead.js';
import { type SpeechRow, SpeechShardWriter } from './speech-parquet.js';
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

/** The parquet shard of each utterance of a split: a new shard when the next clip would pass the limit. */
function planShards(
  utterances: readonly PlannedUtterance[],
  maxShardBytes: number,
): { shardOf: number[]; count: number } {
  const shardOf: number[] = [];
  let shard = 0;
  let bytes = 0;
  for (const utterance of utterances) {
    const clipBytes = estimatedClipBytes(utterance);
    if (bytes > 0 && bytes + clipBytes > maxShardBytes) {
      shard += 1;
      bytes = 0;
    }
    bytes += clipBytes;
    shardOf.push(shard);
  }
  return { shardOf, count: utterances.length === 0 ? 0 : shard + 1 };
}

/** 16-bit mono, as the audio step writes training copies; only shard sizes depend on it. */
function estimatedClipBytes(utterance: PlannedUtterance): number {
  return 44 + (utterance.endFrame - utterance.startFrame) * 2;
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
  const { sampleRate } = options;
  const summary: SpeechSummary = {
    sampleRate,
    splits: {},
    audioBytesWritten: 0,
    perItem: new Map(),
  };
  const splits = new Map(
    splitNames.map((split) => {
      const members = utterances.filter((utterance) => utterance.split === split);
      const plan = planShards(members, options.maxShardBytes);
      const shardOf = new Map(
        members.map((utterance, index) => [utterance, plan.shardOf[index] ?? 0]),
      );
      return [
        split,
        {
          shardOf,
          shardCount: plan.count,
          writer: undefined as SpeechShardWriter | undefined,
          shard: -1,
          started: new Set<number>(),
          lines: emptyLines(),
        },
      ];
    }),
  );

  let done = 0;
  const writes = new PendingWrites();
  const firstOf = (group: PlannedUtterance[]) => group[0] as PlannedUtterance;
  const copies = readAhead(
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
  for await (const { source: group, value: copy } of copies) {
    const first = firstOf(group);
    const source = `item ${first.item.record.item.id} ${first.item.version} ${first.track.path}`;
    // A damaged copy (see `isDamage`) is left out and the rest goes on; other errors stop the export.
    let bytes: Buffer;
    let layout: WavLayout;
    try {
      if ('error' in copy) throw copy.error;
      bytes = copy.bytes;
      layout = readWavLayout(bytes, source);
    } catch (error) {
      exclusions.addDamaged(
        'recording',
        damagedPart(first.item.record.item.id, first.track.path, error),
      );
      continue;
    }
    for (const utterance of group) {
      const endFrame = Math.min(utterance.endFrame, layout.frames);
      if (utterance.startFrame >= endFrame) {
        exclusions.add('utterance', 'segment starts after the recording ends', {
          item: utterance.item.record.item.id,
          part: utterance.annotationId,
        });
        continue;
      }
      const state = splits.get(utterance.split);
      if (!state) continue;
      const shard = state.shardOf.get(utterance) ?? 0;
      if (shard !== state.shard) {
        await state.writer?.finish();
        state.writer = new SpeechShardWriter(
          files,
          shardPath(utterance.split, shard, state.shardCount),
          sampleRate,
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
      addLines(
        state.lines,
        row,
        utterance.split,
        endFrame - utterance.startFrame,
        layout.sampleRate,
      );
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
      onUtterance?.(++done, utterances.length);
    }
  }

  await writes.drain();
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
    totals.parquetBytes = files
      .list()
      .filter((file) => file.path.startsWith(`data/${split}-`))
      .reduce((sum, file) => sum + file.size, 0);
    await files.write(`audio/${split}/metadata.jsonl`, state.lines.audiofolder.join(''));
    await files.write(`nemo/${split}_manifest.json`, state.lines.nemo.join(''));
    await files.write(`lhotse/${split}/recordings.jsonl.gz`, gzip(state.lines.recordings));
    await files.write(`lhotse/${split}/supervisions.jsonl.gz`, gzip(state.lines.supervisions));
  }
  return summary;
}

/** `data/train-00000-of-00003.parquet`, as the Hugging Face hub names shards. */
function shardPath(split: SplitName, index: number, count: number): string {
  const pad = (value: number) => String(value).padStart(5, '0');
  return `data/${split}-${pad(index)}-of-${pad(count)}.parquet`;
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

interface ManifestLines {
  audiofolder: string[];
  nemo: string[];
  recordings: string[];
  supervisions: string[];
}

function emptyLines(): ManifestLines {
  return { audiofolder: [], nemo: [], recordings: [], supervisions: [] };
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

/** One line per format; paths are relative to where each tool resolves them. */
function addLines(
  lines: ManifestLines,
  row: SpeechRow,
  split: SplitName,
  frames: number,
  rate: number,
): void {
  const json = (value: unknown) => `${JSON.stringify(value)}\n`;
  const { speakerId } = row;
  // The parquet columns, by the same names, for `datasets`' audiofolder loader.
  lines.audiofolder.push(
    json({
      file_name: row.audio.path,
      id: row.id,
      text: row.text,
      text_origin: row.textOrigin,
      text_origin_tool: row.textOriginTool,
      language: row.language,
      speaker_id: speakerId,
      item_id: row.itemId,
      collection_id: row.collectionId,
      licence: row.licence,
      duration: row.duration,
      offset: row.offset,
      ritual_terms: row.ritualTerms,
      symbol_terms: row.symbolTerms,
    }),
  );
  // NeMo resolves relative audio paths against the manifest's folder.
  lines.nemo.push(
    json({
      audio_filepath: `../audio/${split}/${row.audio.path}`,
      duration: row.duration,
      text: row.text,
      lang: row.language,
      ...(speakerId === null ? {} : { speaker: speakerId }),
      item_id: row.itemId,
      text_origin: row.textOrigin,
    }),
  );
  // Lhotse: each clip is a recording, with one supervision covering it; paths from the dataset root.
  lines.recordings.push(
    json({
      id: row.id,
      sources: [{ type: 'file', channels: [0], source: `audio/${split}/${row.audio.path}` }],
      sampling_rate: rate,
      num_samples: frames,
      duration: row.duration,
      channel_ids: [0],
    }),
  );
  lines.supervisions.push(
    json({
      id: row.id,
      recording_id: row.id,
      start: 0,
      duration: row.duration,
      channel: 0,
      text: row.text,
      language: row.language,
      ...(speakerId === null ? {} : { speaker: speakerId }),
      custom: {
        item_id: row.itemId,
        collection_id: row.collectionId,
        text_origin: row.textOrigin,
        text_origin_tool: row.textOriginTool,
        offset: row.offset,
        ritual_terms: row.ritualTerms,
        symbol_terms: row.symbolTerms,
      },
    }),
  );
}

/** gzip with no name and a zero time in its header (Node writes neither), so equal lines give equal bytes. */
function gzip(lines: readonly string[]): Buffer {
  return gzipSync(lines.join(''), { level: 6 });
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

/** Writes started and not yet awaited; `drain` waits for all and rethrows the first failure. */
class PendingWrites {
  readonly #pending = new Set<Promise<unknown>>();

  get size(): number {
    return this.#pending.size;
  }

  add(write: Promise<unknown>): void {
    const tracked = write.finally(() => this.#pending.delete(tracked));
    // A failure is reported by `drain`; until then it must not count as unhandled.
    tracked.catch(() => undefined);
    this.#pending.add(tracked);
  }

  async drain(): Promise<void> {
    await Promise.all([...this.#pending]);
  }
}
