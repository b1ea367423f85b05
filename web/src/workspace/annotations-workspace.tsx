import type { Item } from '../api/types';

/** The workspace's part for every annotation, the chosen one's inspector and history. */
export function AnnotationsWorkspace({ item }: { item: Item }) {
  return <section aria-label={item.title} />;
}
