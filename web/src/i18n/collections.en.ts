/** The collections page, in English. */
export const collectionsEn = {
  title: 'Collections',
  empty: 'No collection has an item you may see.',
  community: 'Community',
  languages: 'Languages',
  licence: 'Licence',
  items: 'Items you may see',
  count_one: '{{count, number}} item',
  count_other: '{{count, number}} items',
  byProtocol: '{{count, number}} {{name}}',
  browse: 'Browse the items of {{title}}',
};
