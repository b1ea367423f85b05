import { type ReactNode, useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

let firstPage = true;

/**
 * A page's one `h1`. After a move between pages (not on the first load) it takes the
 * focus, so a screen reader announces the new page and Tab starts from it. It also
 * names the browser tab.
 */
export function PageHeading({ children, title }: { children: ReactNode; title: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const { key } = useLocation();
  useEffect(() => {
    document.title = `${title} · heritage`;
  }, [title]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again on each move to a page (key)
  useEffect(() => {
    if (!firstPage) heading.current?.focus();
    firstPage = false;
  }, [key]);
  return (
    <h1 ref={heading} tabIndex={-1} id="page-heading">
      {children}
    </h1>
  );
}
