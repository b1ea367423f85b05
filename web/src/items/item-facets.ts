import type { ItemSummary } from '../api/types.js';

/**
 * The facets of the items list: each names the values an item has for it (a language
 * facet has several per item), so the list can be narrowed by any of them and each
 * value counted. Counted in the browser over the items the API already let this person
 * see: a count can only ever be of visible items.
 */
export const facetNames = [
  'collection',
  'language',
  'genre',
  'decade',
  'protocol',
  'status',
] as const;
export type FacetName = (typeof facetNames)[number];

/** Chosen values by facet, as the page's address holds them. */
export type FacetChoice = Partial<Record<FacetName, string>>;

export function facetValues(item: ItemSummary, facet: FacetName): string[] {
  switch (facet) {
    case 'collection':
      return [item.collection];
    case 'language':
      return item.languages;
    case 'genre':
      return item.genre ? [item.genre] : [];
    case 'decade': {
      const decade = decadeOf(item.date);
      return decade === undefined ? [] : [String(decade)];
    }
    case 'protocol':
      return [item.accessProtocol];
    case 'status':
      return [item.status];
  }
}

/**
 * The decade of a deposited date: its first year, in EDTF (`1998-05`, `199X`, `1998?`)
 * or in free text (`mùa xuân 1987`); undefined when it names no year.
 */
export function decadeOf(date: string | null | undefined): number | undefined {
  const year = date?.match(/(?<!\d)(\d{3})[\dXu](?!\d)/);
  return year ? Number(year[1]) * 10 : undefined;
}

function matches(item: ItemSummary, choice: FacetChoice, except?: FacetName): boolean {
  return facetNames.every((facet) => {
    const wanted = choice[facet];
    return facet === except || wanted === undefined || facetValues(item, facet).includes(wanted);
  });
}

export function filterItems(items: readonly ItemSummary[], choice: FacetChoice): ItemSummary[] {
  return items.filter((item) => matches(item, choice));
}

/**
 * Each value of `facet` with how many items have it, among the items the *other* chosen
 * facets leave: choosing a value shows what the others would still find. A chosen value
 * stays listed even when nothing has it any more, so the choice can be undone.
 */
export function facetCounts(
  items: readonly ItemSummary[],
  choice: FacetChoice,
  facet: FacetName,
): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const item of items) {
    if (!matches(item, choice, facet)) continue;
    for (const value of new Set(facetValues(item, facet)))
      counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  const chosen = choice[facet];
  if (chosen !== undefined && !counts.has(chosen)) counts.set(chosen, 0);
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => a.value.localeCompare(b.value));
}
