import { createHash } from 'node:crypto';
import { assignSplit } from './assign-split.js';
import { compareText } from './compare-text.js';
import { type ExportRequest, type SplitName, splitNames } from './export-request.js';

/** The split of every group of one config, and whether it ended with no train split. */
export interface SplitPlan {
  splitOf(groupKey: string): SplitName;
  /** Groups in each split after any move. */
  groups: Record<SplitName, number>;
  /** Groups moved by `minSplit`, with where they went. */
  moved: { from: SplitName; to: SplitName; count: number }[];
}

/**
 * Places the groups of a config (speakers, items) by their hash (`assignSplit`); then,
 * when `request.minSplit` is set, fills each split with a share that holds fewer groups
 * than that from the split with the most groups, as long as that one keeps more than
 * the minimum itself. The groups moved are the donor's with the lowest salted sha256
 * of their key, so the same groups and request always give the same plan. A move puts
 * the group in one split only: no group straddles two.
 */
export function planSplits(groupKeys: Iterable<string>, request: ExportRequest): SplitPlan {
  const placed = new Map<string, SplitName>();
  for (const key of [...new Set(groupKeys)].sort(compareText))
    placed.set(key, assignSplit(key, request.splitSeed, request.splits));
  const members = (split: SplitName) =>
    [...placed].filter(([, placedIn]) => placedIn === split).map(([key]) => key);
  const moved: SplitPlan['moved'] = [];
  const { minSplit } = request;
  for (const target of splitNames) {
    if (minSplit === 0 || request.splits[target] === 0) continue;
    while (members(target).length < minSplit) {
      const donor = [...splitNames]
        .filter((split) => split !== target)
        .sort((a, b) => members(b).length - members(a).length)[0] as SplitName;
      const donors = members(donor);
      if (donors.length <= minSplit) break;
      const [first] = donors.sort((a, b) =>
        compareText(digest(request.splitSeed, a), digest(request.splitSeed, b)),
      );
      placed.set(first as string, target);
      const last = moved.at(-1);
      if (last?.from === donor && last.to === target) last.count += 1;
      else moved.push({ from: donor, to: target, count: 1 });
    }
  }
  const groups = Object.fromEntries(
    splitNames.map((split) => [split, members(split).length]),
  ) as Record<SplitName, number>;
  return {
    splitOf: (key) => placed.get(key) ?? assignSplit(key, request.splitSeed, request.splits),
    groups,
    moved,
  };
}

function digest(seed: string, key: string): string {
  return createHash('sha256').update(`${seed}\u0000${key}`, 'utf8').digest('hex');
}

/**
 * What the card and the report say about the splits of a config: groups `minSplit`
 * moved, and a warning when rows were written but none in train (a small export whose
 * few groups all hashed elsewhere).
 */
export function splitNotes(
  config: string,
  written: readonly SplitName[],
  plan: SplitPlan,
  request: ExportRequest,
): string[] {
  const notes = plan.moved.map(
    ({ from, to, count }) =>
      `${config}: ${count} group(s) moved from ${from} to ${to} (--min-split ${request.minSplit})`,
  );
  if (written.length > 0 && !written.includes('train') && request.splits.train > 0)
    notes.push(
      `${config} has no train split: its ${sumOf(plan.groups)} group(s) all went to ${written.join(' and ')}; ${request.minSplit > 0 ? 'there are too few groups to move any' : '--min-split 1 moves groups into train'}`,
    );
  return notes;
}

function sumOf(groups: Record<SplitName, number>): number {
  return splitNames.reduce((total, split) => total + groups[split], 0);
}
