import type { ExclusionTally } from './exclusion-tally.js';
import type { ExportPlan } from './plan-export.js';
import type { SelectedItem } from './select-items.js';
import type { WrittenDataset } from './write-dataset.js';

/** An item that gave the dataset at least one row, and how many of each kind. */
export interface IncludedItem {
  item: SelectedItem;
  utterances: number;
  unlabelledClips: number;
  texts: number;
  ocrLines: number;
}

/**
 * The items with at least one row in the dataset, in plan order; the others are
 * counted as left out, since the checks on their parts left nothing.
 */
export function includedItems(
  plan: ExportPlan,
  written: WrittenDataset,
  exclusions: ExclusionTally,
): IncludedItem[] {
  const textsOf = new Map<string, number>();
  for (const text of plan.corpus)
    textsOf.set(text.source_item, (textsOf.get(text.source_item) ?? 0) + 1);
  const pairItems = new Set(plan.pairs.map((pair) => pair.item_id));
  const { speech, unlabelled, ocr } = written;
  const included: IncludedItem[] = [];
  for (const item of plan.items) {
    const id = item.record.item.id;
    if (
      speech.perItem.has(id) ||
      unlabelled.perItem.has(id) ||
      ocr.perItem.has(id) ||
      textsOf.has(id) ||
      pairItems.has(id)
    )
      included.push({
        item,
        utterances: speech.perItem.get(id) ?? 0,
        unlabelledClips: unlabelled.perItem.get(id) ?? 0,
        texts: textsOf.get(id) ?? 0,
        ocrLines: ocr.perItem.get(id) ?? 0,
      });
  }
  const includedIds = new Set(included.map((entry) => entry.item.record.item.id));
  for (const item of plan.items)
    if (!includedIds.has(item.record.item.id))
      exclusions.add('item', 'nothing usable left after the checks on its parts', {
        item: item.record.item.id,
      });
  return included;
}
