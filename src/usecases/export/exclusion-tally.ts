import { compareText } from './compare-text.js';
import { DAMAGED_REASON, type DamagedPart } from './damaged-part.js';

/** What an exclusion is counted in: whole items, or parts of the items that were kept. */
export type ExclusionUnit =
  | 'item'
  | 'recording'
  | 'utterance'
  | 'text'
  | 'ocr-page'
  | 'translation';

export interface ExclusionCount {
  unit: ExclusionUnit;
  reason: string;
  count: number;
}

/** One thing left out, by name: an item, or a part of one (a recording, annotation, text, page). */
export interface NamedExclusion {
  unit: ExclusionUnit;
  item: string;
  /** The part of the item: its logical path, annotation id, text id or `<scan>/p<page>`. */
  part?: string;
  reason: string;
}

/** Where an exclusion may be named: the item, and the part when it is not the whole item. */
export interface ExclusionPlace {
  item: string;
  part?: string;
}

/**
 * What an export left out: counts by unit and reason, and the same exclusions by name
 * (`export_manifest.json`, `heritage export --explain`). An exclusion added without a
 * place is counted only: `selectItems` decides which items the export may name (see
 * `exclusion-disclosure.ts`). Damaged parts are also listed by item, for the report,
 * so that the archive can be repaired.
 */
export class ExclusionTally {
  readonly #counts = new Map<string, ExclusionCount>();
  readonly #named: NamedExclusion[] = [];
  readonly #damaged: DamagedPart[] = [];

  /**
   * Leaves out a part that could not be read: counted, listed for the report, and
   * named unless `named` is false (an item record that cannot be read cannot be
   * judged by the access policy). A part read twice (voice activity, then clips) counts once.
   */
  addDamaged(unit: ExclusionUnit, part: DamagedPart, named = true): void {
    if (this.#damaged.some((seen) => seen.itemId === part.itemId && seen.path === part.path))
      return;
    this.add(unit, DAMAGED_REASON, named ? { item: part.itemId, part: part.path } : undefined);
    this.#damaged.push(part);
  }

  /** Damaged parts, by item and path. */
  damaged(): DamagedPart[] {
    return [...this.#damaged].sort(
      (a, b) => compareText(a.itemId, b.itemId) || compareText(a.path, b.path),
    );
  }

  /** Counts one exclusion, and names it when `place` is given. */
  add(unit: ExclusionUnit, reason: string, place?: ExclusionPlace): void {
    const key = `${unit}\u0000${reason}`;
    const entry = this.#counts.get(key) ?? { unit, reason, count: 0 };
    entry.count += 1;
    this.#counts.set(key, entry);
    if (place)
      this.#named.push({
        unit,
        item: place.item,
        ...(place.part === undefined ? {} : { part: place.part }),
        reason,
      });
  }

  /** Every count, by unit then reason. */
  entries(): ExclusionCount[] {
    return [...this.#counts.values()].sort(
      (a, b) => compareText(a.unit, b.unit) || compareText(a.reason, b.reason),
    );
  }

  /** Every named exclusion, by item, unit, part and reason. */
  named(): NamedExclusion[] {
    return [...this.#named].sort(
      (a, b) =>
        compareText(a.item, b.item) ||
        compareText(a.unit, b.unit) ||
        compareText(a.part ?? '', b.part ?? '') ||
        compareText(a.reason, b.reason),
    );
  }
}
