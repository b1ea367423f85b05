import type { Archive } from '../../archive/archive.js';
import type { QueueRuntime } from '../../jobs/queue-runtime.js';
import type { Person } from '../../model/person.js';
import { factsVisibleTo } from '../items/items-visible-to.js';
import { type RetryOutcome, type RetrySelection, retryItems } from './retry-items.js';

/** What a retry answers for an item named that the person may not see, as for an unknown one. */
const unknownItem = 'no such item in the catalog';

/**
 * Retries items as `who` asks: an item named that they may not see (another
 * community's secret/sacred one) is left alone, and answered as an unknown id; items
 * `failed` or `stuck` select are all retried, since a retry changes nothing but their
 * jobs, but only those `who` may see are named in the outcomes.
 */
export async function retryVisibleTo(
  services: { archive: Archive; queues: QueueRuntime },
  who: Person,
  selection: RetrySelection,
): Promise<RetryOutcome[]> {
  const { catalog } = services.archive;
  const named = selection.ids ?? [];
  const visibleNamed = await factsVisibleTo(catalog, who, named);
  const outcomes = await retryItems(services, {
    ...selection,
    ids: named.filter((id) => visibleNamed.has(id)),
  });
  // Named items were judged above; only those `failed` or `stuck` added are judged here.
  const selected = outcomes.map((outcome) => outcome.itemId).filter((id) => !visibleNamed.has(id));
  const visible = selected.length === 0 ? new Map() : await factsVisibleTo(catalog, who, selected);
  return [
    ...outcomes.filter(
      (outcome) => visibleNamed.has(outcome.itemId) || visible.has(outcome.itemId),
    ),
    ...named
      .filter((id) => !visibleNamed.has(id))
      .map((itemId) => ({ itemId, action: 'skipped' as const, steps: 0, detail: unknownItem })),
  ];
}
