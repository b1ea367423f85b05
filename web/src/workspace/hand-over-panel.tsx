import type { Item } from '../api/types';

/** The workspace's part for ELAN and Praat export and import. */
export function HandOverPanel({ item }: { item: Item }) {
  return <section aria-label={item.title} />;
}
