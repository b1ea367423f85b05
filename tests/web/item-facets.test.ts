import { describe, expect, it } from 'vitest';
import type { ItemSummary } from '../../web/src/api/types.js';
import { decadeOf, facetCounts, filterItems } from '../../web/src/items/item-facets.js';

function item(id: string, fields: Partial<ItemSummary>): ItemSummary {
  return {
    id,
    collection: 'cao-bang',
    title: id,
    accessProtocol: 'open',
    languages: ['tyz'],
    tkLabels: [],
    status: 'ready',
    objectVersion: 'v1',
    genre: null,
    date: null,
    durationSeconds: null,
    scanPages: 0,
    hasThumbnail: false,
    ...fields,
  };
}

const items = [
  item('a', { genre: 'then', date: 'c. 1998', languages: ['tyz', 'vie'] }),
  item('b', { genre: 'lượn', date: '2001-05', accessProtocol: 'community' }),
  item('c', { genre: 'then', date: '199X', collection: 'lang-son', status: 'failed' }),
  item('d', { date: 'mùa xuân năm ấy' }),
];

describe('facets of the items list', () => {
  it('reads the decade of EDTF and free-text dates, and none where no year is named', () => {
    expect(
      ['c. 1998', '2001-05', '199X', '1960s', '1998?', 'mùa xuân 1987', 'năm ấy', '12345'].map(
        decadeOf,
      ),
    ).toEqual([1990, 2000, 1990, 1960, 1990, 1980, undefined, undefined]);
  });

  it('narrows by every chosen facet at once, an item with several languages under each', () => {
    expect(filterItems(items, { genre: 'then' }).map((i) => i.id)).toEqual(['a', 'c']);
    expect(filterItems(items, { genre: 'then', collection: 'lang-son' }).map((i) => i.id)).toEqual([
      'c',
    ]);
    expect(filterItems(items, { language: 'vie' }).map((i) => i.id)).toEqual(['a']);
    expect(filterItems(items, { language: 'tyz' }).map((i) => i.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(filterItems(items, {}).map((i) => i.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it("counts a facet's values among what the other choices leave, keeping a chosen value with none", () => {
    expect(facetCounts(items, {}, 'decade')).toEqual([
      { value: '1990', count: 2 },
      { value: '2000', count: 1 },
    ]);
    // Choosing a genre narrows the other facets' counts, not the genre's own.
    expect(facetCounts(items, { genre: 'lượn' }, 'genre')).toEqual([
      { value: 'lượn', count: 1 },
      { value: 'then', count: 2 },
    ]);
    expect(facetCounts(items, { genre: 'lượn' }, 'protocol')).toEqual([
      { value: 'community', count: 1 },
    ]);
    expect(facetCounts(items, { genre: 'lượn', status: 'failed' }, 'status')).toEqual([
      { value: 'failed', count: 0 },
      { value: 'ready', count: 1 },
    ]);
  });
});
