// Where each page sits in the reader's continuous scroll: pages stacked top to bottom at one
// scale, each at its own size (pdf.js viewports; pages can differ), with a margin around the
// stack and a gap between pages. Pure: no React, no DOM.

export interface PageSize {
  readonly width: number;
  readonly height: number;
}

/** Room above the first page and below the last one, and left and right of the widest. */
export const STACK_MARGIN = 24;
/** Room between two pages. */
export const PAGE_GAP = 16;

export interface StackLayout {
  /** Offset of each page's top edge from the top of the scroll content (index 0 is page 1). */
  readonly tops: readonly number[];
  /** Each page's drawn height in CSS pixels. */
  readonly heights: readonly number[];
  /** Height of the whole scroll content. */
  readonly total: number;
  /** Width of the widest page, in CSS pixels. */
  readonly maxWidth: number;
}

/** Whole pixels, as the page element is sized (so the stack and the pages agree). */
export function drawnSize(size: PageSize, scale: number): PageSize {
  return { width: Math.floor(size.width * scale), height: Math.floor(size.height * scale) };
}

export function layoutStack(count: number, sizeOf: (pageNumber: number) => PageSize, scale: number): StackLayout {
  const tops: number[] = [];
  const heights: number[] = [];
  let y = STACK_MARGIN;
  let maxWidth = 0;
  for (let n = 1; n <= count; n++) {
    const { width, height } = drawnSize(sizeOf(n), scale);
    tops.push(y);
    heights.push(height);
    maxWidth = Math.max(maxWidth, width);
    y += height + (n < count ? PAGE_GAP : 0);
  }
  return { tops, heights, total: y + STACK_MARGIN, maxWidth };
}

/** The page (1-based) under offset `y` of the scroll content; a gap belongs to the page above. */
export function pageAt(layout: StackLayout, y: number): number {
  const { tops } = layout;
  if (tops.length === 0) return 1;
  let lo = 0;
  let hi = tops.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (tops[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** The scroll offset that shows page `pageNumber` from its top (with the stack's margin above it). */
export function scrollTopOf(layout: StackLayout, pageNumber: number): number {
  const top = layout.tops[pageNumber - 1] ?? 0;
  return Math.max(0, top - STACK_MARGIN);
}
