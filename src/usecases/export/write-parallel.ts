import { itemGroup } from './assign-split.js';
import { compareText } from './compare-text.js';
import type { DatasetFiles } from './dataset-files.js';
import type { SplitName } from './export-request.js';
import type { ParallelPair } from './parallel-pairs.js';
import type { SplitPlan } from './split-plan.js';
import { countOrigin, type OriginCounts } from './text-origin.js';

/** What the parallel text of a dataset holds, per split. */
export interface ParallelSplitSummary {
  pairs: number;
  bytes: number;
  /** `tyz→vie` -> pairs. */
  languagePairs: Record<string, number>;
  /** Pairs and characters of source and target, by text origin. */
  origins: OriginCounts;
}

/** Writes `parallel/<split>.jsonl`, each item's pairs in the split of its texts. */
export async function writeParallel(
  files: DatasetFiles,
  pairs: readonly ParallelPair[],
  plan: SplitPlan,
): Promise<Partial<Record<SplitName, ParallelSplitSummary>>> {
  const lines = new Map<SplitName, string[]>();
  const summary: Partial<Record<SplitName, ParallelSplitSummary>> = {};
  for (const pair of pairs) {
    const split = plan.splitOf(itemGroup(pair.item_id));
    const splitLines = lines.get(split) ?? [];
    splitLines.push(`${JSON.stringify(pair)}\n`);
    lines.set(split, splitLines);
    const totals = summary[split] ?? { pairs: 0, bytes: 0, languagePairs: {}, origins: {} };
    summary[split] = totals;
    totals.pairs += 1;
    const languages = `${pair.source_lang}→${pair.target_lang}`;
    totals.languagePairs[languages] = (totals.languagePairs[languages] ?? 0) + 1;
    countOrigin(
      totals.origins,
      { origin: pair.text_origin, tool: pair.text_origin_tool },
      pair.source + pair.target,
    );
  }
  for (const [split, splitLines] of [...lines].sort(([a], [b]) => compareText(a, b))) {
    const file = await files.write(`parallel/${split}.jsonl`, splitLines.join(''));
    (summary[split] as ParallelSplitSummary).bytes = file.size;
  }
  return summary;
}
