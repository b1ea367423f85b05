import type { Item } from '../api/types';

/** The workspace's part for the scan pages, OCR correction and regions. */
export function PageWorkspace({ item }: { item: Item }) {
  return <section aria-label={item.title} />;
}
