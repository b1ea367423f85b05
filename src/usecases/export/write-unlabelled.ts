import { damagedPart } from './damaged-part.js';
import type { DatasetFiles } from './dataset-files.js';
import type { ExclusionTally } from './exclusion-tally.js';
import { type SplitName, splitNames } from './export-request.js';
import { countLanguage, type LanguageCounts } from './language-counts.js';
import { PendingWrites } from './pending-writes.js';
import type { PlannedClip } from './plan-unlabelled.js';
import { presentSplits } from './present-splits.js';
import { readAhead } from './read-ahead.js';
import { planShards, shardPath } from './speech-shards.js';
import { type UnlabelledRow, UnlabelledShardWriter } from './unlabelled-parquet.js';
import { readWavLayout, wavClip } from './wav-clip.js';

/** What the `unlabelled` config holds in one split. */
export interface UnlabelledSplitSummary {
  clips: number;
  seconds: number;
  parquetBytes: number;
  clipBytes: number;
  shards: number;
  /** Clips and seconds by language (no characters: there is no text). */
  languages: LanguageCounts;
}

export interface UnlabelledSummary {
  splits: Partial<Record<SplitName, UnlabelledSplitSummary>>;
  /** Audio bytes written, parquet and audiofolder copies together. */
  audioBytesWritten: number;
  /** Item id -> clips included. */
  perItem: Map<string, number>;
}

/** Where the config's files go: beside the speech config's, under their own folder. */
export const UNLABELLED_ROOT = 'unlabelled';

/**
 * Cuts every planned clip from its training copy (each copy read once more, its digest
 * checked by the store) into the parquet shards `unlabelled/data/<split>-NNNNN-of-NNNNN.parquet`
 * and the audiofolder `unlabelled/audio/<split>/` with its `metadata.jsonl`.
 */
export async function writeUnlabelled(
  files: DatasetFiles,
  clips: readonly PlannedClip[],
  options: { sampleRate: number; maxShardBytes: number },
  exclusions: ExclusionTally,
  onClip?: (done: number, total: number) => void,
): Promise<UnlabelledSummary> {
  const summary: UnlabelledSummary = { splits: {}, audioBytesWritten: 0, perItem: new Map() };
  const states = new Map(
    splitNames.map((split) => {
      const members = clips.filter((clip) => clip.split === split);
      const plan = planShards(members, options.maxShardBytes);
      const state: SplitState = {
        shardOf: new Map(members.map((clip, index) => [clip, plan.shardOf[index] ?? 0])),
        shardCount: plan.count,
        writer: undefined,
        shard: -1,
        started: new Set(),
        lines: [],
      };
      return [split, state];
    }),
  );
  const writes = new PendingWrites();
  let done = 0;
  onClip?.(0, clips.length);
  const copies = readAhead(
    [...byRecording(clips)],
    (group) =>
      first(group)
        .recording.item.snapshot.read(first(group).recording.track.path)
        .then(
          (bytes) => ({ bytes }),
          (error: unknown) => ({ error }),
        ),
    (group) =>
      first(group).recording.item.record.assets.find(
        (asset) => asset.path === first(group).recording.track.path,
      )?.size ?? READ_AHEAD_BYTES,
    READ_AHEAD_BYTES,
  );
  for await (const { source: group, value: copy } of copies) {
    const { item, track } = first(group).recording;
    const itemId = item.record.item.id;
    let bytes: Buffer;
    let layout: ReturnType<typeof readWavLayout>;
    try {
      if ('error' in copy) throw copy.error;
      bytes = copy.bytes;
      layout = readWavLayout(bytes, `item ${itemId} ${item.version} ${track.path}`);
    } catch (error) {
      exclusions.addDamaged('recording', damagedPart(itemId, track.path, error));
      continue;
    }
    for (const clip of group) {
      const state = states.get(clip.split);
      if (!state) continue;
      const shard = state.shardOf.get(clip) ?? 0;
      if (shard !== state.shard) {
        await state.writer?.finish();
        state.writer = new UnlabelledShardWriter(
          files,
          unlabelledShardPath(clip.split, shard, state.shardCount),
          options.sampleRate,
        );
        state.shard = shard;
        state.started.add(shard);
      }
      const wav = wavClip(bytes, layout, clip.startFrame, clip.endFrame);
      const row = unlabelledRow(clip, wav, layout.sampleRate);
      writes.add(files.write(`${UNLABELLED_ROOT}/audio/${clip.split}/${row.audio.path}`, wav));
      if (writes.size >= PARALLEL_WRITES) await writes.drain();
      await state.writer?.add(row);
      state.lines.push(`${JSON.stringify(audiofolderEntry(row))}\n`);
      const totals = summary.splits[clip.split] ?? emptySummary(state.shardCount);
      summary.splits[clip.split] = totals;
      totals.clips += 1;
      totals.seconds += row.duration;
      totals.clipBytes += wav.byteLength;
      countLanguage(totals.languages, row.language, '', row.duration);
      summary.audioBytesWritten += 2 * wav.byteLength;
      summary.perItem.set(itemId, (summary.perItem.get(itemId) ?? 0) + 1);
      onClip?.(++done, clips.length);
    }
  }
  await writes.drain();
  for (const [split, state] of states) {
    await state.writer?.finish();
    if (!summary.splits[split]) continue;
    // Shards whose every clip was left out are written empty: the `-of-` numbering stays whole.
    for (let shard = 0; shard < state.shardCount; shard += 1)
      if (!state.started.has(shard))
        await new UnlabelledShardWriter(
          files,
          unlabelledShardPath(split, shard, state.shardCount),
          options.sampleRate,
        ).finish();
    await files.write(`${UNLABELLED_ROOT}/audio/${split}/metadata.jsonl`, state.lines.join(''));
  }
  const written = files.list();
  for (const [split, totals] of presentSplits(summary.splits))
    totals.parquetBytes = written
      .filter((file) => file.path.startsWith(`${UNLABELLED_ROOT}/data/${split}-`))
      .reduce((sum, file) => sum + file.size, 0);
  return summary;
}

/** `unlabelled/data/train-00000-of-00001.parquet`. */
export function unlabelledShardPath(split: SplitName, index: number, count: number): string {
  return `${UNLABELLED_ROOT}/${shardPath(split, index, count)}`;
}

interface SplitState {
  shardOf: Map<PlannedClip, number>;
  shardCount: number;
  writer: UnlabelledShardWriter | undefined;
  shard: number;
  started: Set<number>;
  lines: string[];
}

function unlabelledRow(clip: PlannedClip, wav: Buffer, rate: number): UnlabelledRow {
  const { item, speaker } = clip.recording;
  return {
    id: clip.id,
    audio: { bytes: wav, path: `${clip.id}.wav` },
    language: clip.language,
    speakerId: speaker?.label ?? null,
    itemId: item.record.item.id,
    collectionId: item.record.collection.id,
    licence: item.licence,
    duration: (clip.endFrame - clip.startFrame) / rate,
    offset: clip.startFrame / rate,
  };
}

/** The parquet columns, by the same names, for `datasets`' audiofolder loader. */
function audiofolderEntry(row: UnlabelledRow): Record<string, unknown> {
  return {
    file_name: row.audio.path,
    id: row.id,
    language: row.language,
    speaker_id: row.speakerId,
    item_id: row.itemId,
    collection_id: row.collectionId,
    licence: row.licence,
    duration: row.duration,
    offset: row.offset,
  };
}

function emptySummary(shards: number): UnlabelledSplitSummary {
  return { clips: 0, seconds: 0, parquetBytes: 0, clipBytes: 0, shards, languages: {} };
}

function first(group: PlannedClip[]): PlannedClip {
  return group[0] as PlannedClip;
}

/** Consecutive clips of the same training copy. */
function* byRecording(clips: readonly PlannedClip[]): Generator<PlannedClip[]> {
  let group: PlannedClip[] = [];
  for (const clip of clips) {
    const previous = group[0];
    if (previous && previous.recording !== clip.recording) {
      yield group;
      group = [];
    }
    group.push(clip);
  }
  if (group.length > 0) yield group;
}

/** Training copies read ahead of the one being cut, by their sizes. */
const READ_AHEAD_BYTES = 32 * 1024 * 1024;

/** Clip files in flight at once. */
const PARALLEL_WRITES = 16;
