import { type ReactNode, useEffect, useRef, useState } from 'react';

interface VirtualListProps<T> {
  items: readonly T[];
  /** Every row's height in pixels; the rows' CSS must keep to it. */
  rowHeight: number;
  /** The accessible name of the list. */
  label: string;
  keyOf: (item: T) => string;
  renderRow: (item: T) => ReactNode;
  /** Rows drawn beyond each edge of the view, so Tab and fast scrolling find rows ready. */
  overscan?: number;
}

/**
 * A list that draws only the rows in view (and a few around them), so that ten thousand
 * items scroll as smoothly as ten. Written by hand: no windowing library is among the
 * project's dependencies, and with rows of one fixed height it is one division.
 * Each row says its place (`aria-posinset` of `aria-setsize`), so a screen reader still
 * hears "item 5 001 of 10 000"; the scrolling box itself takes the keyboard (arrows,
 * Page Up/Down, Home/End), and a focused link scrolls into view as Tab reaches it.
 */
export function VirtualList<T>({
  items,
  rowHeight,
  label,
  keyOf,
  renderRow,
  overscan = 6,
}: VirtualListProps<T>) {
  const box = useRef<HTMLElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewHeight, setViewHeight] = useState(800);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewHeight(element.clientHeight));
    observer.observe(element);
    setViewHeight(element.clientHeight);
    return () => observer.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(items.length, Math.ceil((scrollTop + viewHeight) / rowHeight) + overscan);
  const rows: ReactNode[] = [];
  for (let index = first; index < last; index += 1) {
    const item = items[index] as T;
    rows.push(
      <li
        key={keyOf(item)}
        className="virtual-row"
        aria-setsize={items.length}
        aria-posinset={index + 1}
        style={{ top: index * rowHeight, height: rowHeight }}
      >
        {renderRow(item)}
      </li>,
    );
  }

  return (
    <section
      ref={box}
      className="virtual-list"
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling box must take the keyboard to scroll
      tabIndex={0}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
    >
      <ul className="virtual-rows" style={{ height: items.length * rowHeight }}>
        {rows}
      </ul>
    </section>
  );
}
