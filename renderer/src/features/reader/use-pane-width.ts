// The width of the reader's page pane, for fit width. Measured before the first paint, so the
// first page is drawn at fit width and not at 100%; later changes (a window resize, the side
// panel dragged narrower) settle for a moment first, so the pages are not redrawn at every
// pixel of a drag.
import { useLayoutEffect, useState, type RefObject } from 'react';

const SETTLE_MS = 120;

export function usePaneWidth(pane: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = pane.current;
    if (!element) return;
    setWidth(element.clientWidth);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const observer = new ResizeObserver(() => {
      clearTimeout(timer);
      timer = setTimeout(() => setWidth(element.clientWidth), SETTLE_MS);
    });
    observer.observe(element);
    return () => {
      clearTimeout(timer);
      observer.disconnect();
    };
  }, [pane]);
  return width;
}
