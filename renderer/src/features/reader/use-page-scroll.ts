// Ties the reader's page number to its continuous scroll, both ways. Scrolling moves the page
// number (the page under a reading line a third down the pane); a page number set from
// elsewhere (page box, PageUp/PageDown, a search hit, evidence, Back) scrolls to that page,
// and then to its first highlight once it is known, unless the person has started to scroll
// by then. A zoom or a refined page size keeps the same spot of the same page in view.
import { useCallback, useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import { PAGE_GAP, pageAt, scrollTopOf, type StackLayout } from './page-stack-layout';

export interface Reveal {
  readonly page: number;
  /** From the page's top edge, in CSS pixels at the current scale. */
  readonly y: number;
}

export interface PageScrollOptions {
  readonly scroller: RefObject<HTMLElement | null>;
  readonly layout: StackLayout | null;
  readonly page: number;
  readonly onScrollPage: (page: number) => void;
  readonly reveal: Reveal | null;
}

export interface PageScroll {
  /** Scroll to this page's first highlight when it arrives (evidence on the page already shown). */
  arm(page: number): void;
}

// Scroll events within this many pixels of where the reader scrolled itself are its own.
const SAME_SPOT = 2;

export function usePageScroll({ scroller, layout, page, onScrollPage, reveal }: PageScrollOptions): PageScroll {
  const layoutRef = useRef<StackLayout | null>(null);
  // The page the scroll position shows, as last reported or scrolled to.
  const shown = useRef<number | null>(null);
  // Where the reader last scrolled itself: its own scroll events do not move the page number.
  const pinned = useRef<{ page: number; top: number } | null>(null);
  // The page whose first highlight is still to be scrolled to.
  const armed = useRef<number | null>(null);
  const report = useRef(onScrollPage);
  useEffect(() => {
    report.current = onScrollPage;
  });

  const scrollTo = useCallback(
    (target: number, top: number) => {
      const element = scroller.current;
      if (!element) return;
      element.scrollTop = Math.max(0, top);
      pinned.current = { page: target, top: element.scrollTop };
      shown.current = target;
    },
    [scroller],
  );

  // A new layout (zoom, a page's real size, a resized pane) keeps the same spot in view.
  useLayoutEffect(() => {
    const previous = layoutRef.current;
    layoutRef.current = layout;
    const element = scroller.current;
    if (!previous || !layout || !element || shown.current === null) return;
    const index = shown.current - 1;
    const oldTop = previous.tops[index];
    const newTop = layout.tops[index];
    if (oldTop === undefined || newTop === undefined) return;
    const fraction = (element.scrollTop - oldTop) / Math.max(1, (previous.heights[index] ?? 0) + PAGE_GAP);
    element.scrollTop = Math.max(0, newTop + fraction * ((layout.heights[index] ?? 0) + PAGE_GAP));
    if (pinned.current) pinned.current = { page: pinned.current.page, top: element.scrollTop };
  }, [layout, scroller]);

  // A page number set from elsewhere scrolls there.
  const ready = layout !== null;
  useLayoutEffect(() => {
    const current = layoutRef.current;
    if (!current || page === shown.current) return;
    scrollTo(page, scrollTopOf(current, page));
    armed.current = page;
  }, [page, ready, scrollTo]);

  // Then to its first highlight, once that is known.
  const revealPage = reveal?.page ?? null;
  const revealY = reveal?.y ?? null;
  useLayoutEffect(() => {
    const current = layoutRef.current;
    const element = scroller.current;
    if (!current || !element || revealPage === null || revealY === null || armed.current !== revealPage) return;
    const top = current.tops[revealPage - 1];
    if (top === undefined) return;
    scrollTo(revealPage, top + revealY - element.clientHeight / 3);
  }, [revealPage, revealY, scroller, scrollTo]);

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const onScroll = () => {
      const current = layoutRef.current;
      if (!current) return;
      if (pinned.current && Math.abs(element.scrollTop - pinned.current.top) < SAME_SPOT) return;
      pinned.current = null;
      const atEnd = element.scrollTop + element.clientHeight >= element.scrollHeight - SAME_SPOT;
      const next = atEnd && element.scrollTop > 0 ? current.tops.length : pageAt(current, element.scrollTop + element.clientHeight / 3);
      if (next === shown.current) return;
      shown.current = next;
      report.current(next);
    };
    // The person took over: a highlight arriving later does not pull the page away.
    const disarm = () => {
      armed.current = null;
    };
    element.addEventListener('scroll', onScroll, { passive: true });
    element.addEventListener('wheel', disarm, { passive: true });
    element.addEventListener('pointerdown', disarm);
    element.addEventListener('keydown', disarm);
    return () => {
      element.removeEventListener('scroll', onScroll);
      element.removeEventListener('wheel', disarm);
      element.removeEventListener('pointerdown', disarm);
      element.removeEventListener('keydown', disarm);
    };
  }, [scroller]);

  const arm = useCallback((target: number) => {
    armed.current = target;
  }, []);
  return { arm };
}
