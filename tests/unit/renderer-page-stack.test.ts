// The reader's continuous scroll stacks pages of their own sizes at one scale: where each page
// starts, which page is under an offset, and where to scroll to show a page from its top.
import { describe, expect, it } from 'vitest';
import { layoutStack, PAGE_GAP, pageAt, scrollTopOf, STACK_MARGIN } from '../../renderer/src/features/reader/page-stack-layout';

const LETTER = { width: 612, height: 792 };
const LANDSCAPE = { width: 792, height: 612 };

describe('layoutStack', () => {
  it('stacks pages of different sizes with a margin around and a gap between', () => {
    const layout = layoutStack(3, (n) => (n === 2 ? LANDSCAPE : LETTER), 0.5);
    expect(layout.heights).toEqual([396, 306, 396]);
    expect(layout.tops).toEqual([STACK_MARGIN, STACK_MARGIN + 396 + PAGE_GAP, STACK_MARGIN + 396 + PAGE_GAP + 306 + PAGE_GAP]);
    expect(layout.total).toBe(layout.tops[2]! + 396 + STACK_MARGIN);
    expect(layout.maxWidth).toBe(396);
  });

  it('rounds each page down to whole pixels, as the page element is sized', () => {
    const layout = layoutStack(2, () => ({ width: 100.9, height: 100.9 }), 1);
    expect(layout.heights).toEqual([100, 100]);
    expect(layout.tops[1]).toBe(STACK_MARGIN + 100 + PAGE_GAP);
  });
});

describe('pageAt and scrollTopOf', () => {
  const layout = layoutStack(300, () => LETTER, 1);

  it('finds the page under an offset, a gap belonging to the page above', () => {
    expect(pageAt(layout, 0)).toBe(1);
    expect(pageAt(layout, layout.tops[41]!)).toBe(42);
    expect(pageAt(layout, layout.tops[41]! - 1)).toBe(41);
    expect(pageAt(layout, layout.total + 1000)).toBe(300);
  });

  it('scrolls to a page with the stack margin above it, and the page found there is that page', () => {
    expect(scrollTopOf(layout, 1)).toBe(0);
    for (const n of [2, 100, 300]) {
      const top = scrollTopOf(layout, n);
      expect(top).toBe(layout.tops[n - 1]! - STACK_MARGIN);
      expect(pageAt(layout, top + STACK_MARGIN)).toBe(n);
    }
  });

  it('has one page for an empty document', () => {
    expect(pageAt(layoutStack(0, () => LETTER, 1), 50)).toBe(1);
  });
});
