import { compareText } from './compare-text.js';
import { DAMAGED_REASON, type DamagedPart } from './damaged-part.js';

/** What an exclusion is counted in: whole items, or parts of the items that were kept. */
export type ExclusionUnit = 'item' | 'recording' | 'utterance' | 'text' | 'ocr-page';

export interface ExclusionCount {
  unit: ExclusionUnit;
  reason: string;
  count: number;
}

/**
 * Counts what an export left out, by unit and reason, for the dataset card and the
 * job result. Only counts: the card must not name what was withheld. Damaged parts
 * are also listed by item, for the report, so that the archive can be repaired.
 */
export class ExclusionTally {
  readonly #counts = new Map<string, ExclusionCount>();
  readonly #damaged: DamagedPart[] = [];

  /** Leaves out a part that could not be read: counted, and listed for the report. */
  addDamaged(unit: ExclusionUnit, part: DamagedPart): void {
    this.add(unit, DAMAGED_REASON);
    this.#damaged.push(part);
  }

  /** Damaged parts, by item and path. */
  damaged(): DamagedPart[] {
    return [...this.#damaged].sort(
      (a, b) => compareText(a.itemId, b.itemId) || compareText(a.path, b.path),
    );
  }

  add(unit: ExclusionUnit, reason: string, count = 1): void {
    if (count <= 0) return;
    const key = `${unit}\u0000${reason}`;
    const entry = this.#counts.get(key) ?? { unit, reason, count: 0 };
    entry.count += count;
    this.#counts.set(key, entry);
  }

  /** Every count, by unit then reason. */
  entries(): ExclusionCount[] {
    return [...this.#counts.values()].sort(
      (a, b) => compareText(a.unit, b.unit) || compareText(a.reason, b.reason),
    );
  }
}
