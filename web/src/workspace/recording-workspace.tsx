import type { Item } from '../api/types';

/** The workspace's part for the waveform and its tiers. */
export function RecordingWorkspace({ item }: { item: Item }) {
  return <section aria-label={item.title} />;
}
