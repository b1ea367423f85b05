import { createHash } from 'node:crypto';
import { type SplitName, type SplitRatios, splitNames } from './export-request.js';

/**
 * The split of a group (a performer, a document): a point in [0, 1) from the salted
 * sha256 of its key, placed on the cumulative ratios. It depends on nothing but the
 * key, the seed and the ratios, so a group never lands in two splits and adding
 * items never moves the groups already placed.
 */
export function assignSplit(groupKey: string, seed: string, ratios: SplitRatios): SplitName {
  const digest = createHash('sha256').update(`${seed}\u0000${groupKey}`, 'utf8').digest();
  // 48 bits are exact in a double: the point is uniform on [0, 1).
  const point = digest.readUIntBE(0, 6) / 2 ** 48;
  let upTo = 0;
  for (const name of splitNames) {
    upTo += ratios[name];
    if (point < upTo) return name;
  }
  // Rounding left the point past the last bound: the last split with a share takes it.
  return [...splitNames].reverse().find((name) => ratios[name] > 0) ?? 'train';
}

/**
 * The group key of everything drawn from one item (its texts, its OCR line pairs):
 * grouped by the item, so no document straddles two splits.
 */
export function itemGroup(itemId: string): string {
  return `item:${itemId}`;
}
