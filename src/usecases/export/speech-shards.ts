import type { SplitName } from './export-request.js';

/** The parquet shard of each clip of a split: a new shard when the next clip would pass the limit. */
export function planShards(
  utterances: readonly ClipFrames[],
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

/** Frames [startFrame, endFrame) of a training copy: all a shard plan needs of a clip. */
interface ClipFrames {
  startFrame: number;
  endFrame: number;
}

/** 16-bit mono, as the audio step writes training copies; only shard sizes depend on it. */
function estimatedClipBytes(utterance: ClipFrames): number {
  return 44 + (utterance.endFrame - utterance.startFrame) * 2;
}

/** `data/train-00000-of-00003.parquet`, as the Hugging Face hub names shards. */
export function shardPath(split: SplitName, index: number, count: number): string {
  const pad = (value: number) => String(value).padStart(5, '0');
  return `data/${split}-${pad(index)}-of-${pad(count)}.parquet`;
}
