import type { ReactNode } from 'react';
import { matchSpans } from '../text/fold';

/** `text` with each place that holds `words` marked (accents and case ignored). */
export function Highlight({ text, words }: { text: string; words: string }) {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const [start, end] of matchSpans(text, words)) {
    if (start > at) parts.push(text.slice(at, start));
    parts.push(<mark key={start}>{text.slice(start, end)}</mark>);
    at = end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}
