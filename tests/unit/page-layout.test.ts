// layoutPage turns pdf.js text items into page text in reading order plus spans that map
// every character range back to a box. Items here are hand-made in PDF user space (y up).
import { describe, expect, it } from 'vitest';
import type { TextSpan } from '../../shared/domain';
import { layoutPage, type LayoutItem, type Matrix } from '../../electron/main/services/pdf/page-layout';

// pdf.js PageViewport.transform at scale 1 for a 612 x 792 (US Letter) media box.
const VIEWPORT: Record<0 | 90 | 180 | 270, Matrix> = {
  0: [1, 0, 0, -1, 0, 792],
  90: [0, 1, 1, 0, 0, 0],
  180: [-1, 0, 0, 1, 612, 0],
  270: [0, -1, -1, 0, 792, 612],
};
/** Displayed page size: a quarter turn swaps width and height. */
const DISPLAY = { 0: [612, 792], 90: [792, 612], 180: [612, 792], 270: [792, 612] } as const;

const SIZE = 12;
/** Helvetica-ish advance: half the font size per character. */
const widthOf = (str: string) => str.length * SIZE * 0.5;

function item(str: string, x: number, y: number, options: { hasEOL?: boolean; width?: number; size?: number } = {}): LayoutItem {
  const size = options.size ?? SIZE;
  return { str, transform: [size, 0, 0, size, x, y], width: options.width ?? widthOf(str), height: size, hasEOL: options.hasEOL ?? false };
}

/** Items laid left to right on one baseline, separated by `gap` points. */
function row(words: string[], x: number, y: number, gap: number): LayoutItem[] {
  const out: LayoutItem[] = [];
  for (const word of words) {
    out.push(item(word, x, y));
    x += widthOf(word) + gap;
  }
  return out;
}

function textOfSpans(text: string, spans: TextSpan[]): string[] {
  return spans.map(([start, end]) => text.slice(start, end));
}

function expectWellFormed(text: string, spans: TextSpan[]): void {
  let previousEnd = 0;
  for (const [start, end, , , w, h] of spans) {
    expect(start).toBeGreaterThanOrEqual(previousEnd);
    expect(end).toBeGreaterThan(start);
    expect(end).toBeLessThanOrEqual(text.length);
    expect(w).toBeGreaterThanOrEqual(0);
    expect(h).toBeGreaterThan(0);
    previousEnd = end;
  }
}

describe('layoutPage: separators', () => {
  it('joins items on one line with single spaces where there is a gap', () => {
    const { text } = layoutPage(row(['The', 'quick', 'brown', 'fox'], 72, 720, 3.5), VIEWPORT[0]);
    expect(text).toBe('The quick brown fox');
  });

  it('joins touching items without a space (one word split in two runs)', () => {
    const { text } = layoutPage(row(['Agree', 'ment'], 72, 720, 0), VIEWPORT[0]);
    expect(text).toBe('Agreement');
  });

  it('does not double a space that the items already carry', () => {
    const { text } = layoutPage([item('Hello ', 72, 720), item('world', 72 + widthOf('Hello ') + 3, 720)], VIEWPORT[0]);
    expect(text).toBe('Hello world');
  });

  it('breaks the line after an item with hasEOL', () => {
    const { text } = layoutPage([item('Line one', 72, 720, { hasEOL: true }), item('Line two', 200, 720)], VIEWPORT[0]);
    expect(text).toBe('Line one\nLine two');
  });

  it('breaks the line on an empty item with hasEOL', () => {
    const { text } = layoutPage([item('Line one', 72, 720), item('', 0, 0, { hasEOL: true }), item('Line two', 72, 706)], VIEWPORT[0]);
    expect(text).toBe('Line one\nLine two');
  });

  it('breaks the line when the baseline jumps down', () => {
    const { text } = layoutPage([item('First line', 72, 720), item('Second line', 72, 706), item('Third', 72, 692)], VIEWPORT[0]);
    expect(text).toBe('First line\nSecond line\nThird');
  });

  it('keeps a small baseline shift (a superscript) on the same line', () => {
    const { text } = layoutPage([item('x', 72, 720), item('2', 72 + widthOf('x'), 724, { size: 8 })], VIEWPORT[0]);
    expect(text).toBe('x2');
  });

  it('breaks the line when the next item starts far to the left (a new column or line)', () => {
    const { text } = layoutPage([item('end of column', 300, 100), item('top of next', 72, 100)], VIEWPORT[0]);
    expect(text).toBe('end of column\ntop of next');
  });

  it('keeps content order: a whole left column, then the right one', () => {
    const left = ['alpha one', 'alpha two', 'alpha three'].map((s, i) => item(s, 72, 720 - 14 * i, { hasEOL: true }));
    const right = ['beta one', 'beta two', 'beta three'].map((s, i) => item(s, 324, 720 - 14 * i, { hasEOL: true }));
    const { text } = layoutPage([...left, ...right], VIEWPORT[0]);
    expect(text.split('\n')).toEqual(['alpha one', 'alpha two', 'alpha three', 'beta one', 'beta two', 'beta three']);
  });

  it('drops blanks before a line break and at the end, never a blank line for an empty page', () => {
    expect(layoutPage([], VIEWPORT[0])).toEqual({ text: '', spans: [] });
    expect(layoutPage([item('', 0, 0, { hasEOL: true })], VIEWPORT[0])).toEqual({ text: '', spans: [] });
    const { text } = layoutPage([item('Hello   ', 72, 720, { hasEOL: true }), item('world \t', 72, 706, { hasEOL: true })], VIEWPORT[0]);
    expect(text).toBe('Hello\nworld');
  });
});

describe('layoutPage: spans', () => {
  it('maps [start, end) of each span to exactly the item text', () => {
    const items = [
      ...row(['Governing', 'Law.'], 72, 720, 3),
      item('This Agreement', 72, 706, { hasEOL: true }),
      item('shall be governed by', 72, 692),
      item('New York law.', 72 + widthOf('shall be governed by') + 3, 692),
    ];
    const { text, spans } = layoutPage(items, VIEWPORT[0]);
    expect(text).toBe('Governing Law.\nThis Agreement\nshall be governed by New York law.');
    expect(spans).toHaveLength(items.length);
    expect(textOfSpans(text, spans)).toEqual(items.map((i) => i.str));
    expectWellFormed(text, spans);
  });

  it('keeps spans aligned when items end in blanks before a line break', () => {
    // pdf.js often yields "word " + hasEOL, or a lone " " item at the end of a line.
    const items = [
      item('Initials: ', 72, 720, { hasEOL: true }),
      item(' ', 72, 706, { hasEOL: true }),
      item('Source: STEEL VAULT  ', 72, 692, { hasEOL: true }),
      item('Signed', 72, 678),
    ];
    const { text, spans } = layoutPage(items, VIEWPORT[0]);
    // The lone blank line stays a blank line (a paragraph break); its blank span goes.
    expect(text).toBe('Initials:\n\nSource: STEEL VAULT\nSigned');
    expect(textOfSpans(text, spans)).toEqual(['Initials:', 'Source: STEEL VAULT', 'Signed']);
    expectWellFormed(text, spans);
  });

  it('keeps the last span inside the text when the page ends in blanks', () => {
    const { text, spans } = layoutPage([item('Last words   ', 72, 720)], VIEWPORT[0]);
    expect(text).toBe('Last words');
    expect(spans).toHaveLength(1);
    expect(textOfSpans(text, spans)).toEqual(['Last words']);
  });

  it('gives each span its box in top-left page units at scale 1', () => {
    const { spans } = layoutPage([item('Hello', 72, 720), item('Big', 100, 600, { size: 24, width: 36 })], VIEWPORT[0]);
    // The baseline at y = 720 (PDF, y up) is 72 from the top; the box reaches one font size above it.
    expect(spans[0]).toEqual([0, 5, 72, 792 - 720 - SIZE, widthOf('Hello'), SIZE]);
    expect(spans[1]!.slice(2)).toEqual([100, 792 - 600 - 24, 36, 24]);
  });

  it.each([0, 90, 180, 270] as const)('keeps every box inside the displayed page at /Rotate %i', (rotation) => {
    const [pageW, pageH] = DISPLAY[rotation];
    // Text near all four corners of the unrotated page.
    const items = [
      item('top left', 36, 740, { hasEOL: true }),
      item('top right', 500, 740, { hasEOL: true }),
      item('bottom left', 36, 40, { hasEOL: true }),
      item('bottom right', 480, 40, { hasEOL: true }),
    ];
    const { text, spans } = layoutPage(items, VIEWPORT[rotation]);
    expect(text).toBe('top left\ntop right\nbottom left\nbottom right');
    expect(textOfSpans(text, spans)).toEqual(items.map((i) => i.str));
    for (const [, , x, y, w, h] of spans) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(x + w).toBeLessThanOrEqual(pageW);
      expect(y + h).toBeLessThanOrEqual(pageH);
    }
  });

  it('turns the box with a quarter-turned page: a horizontal run becomes a tall, narrow box', () => {
    const { spans } = layoutPage([item('Rotated page one', 72, 720)], VIEWPORT[90]);
    const w0 = widthOf('Rotated page one');
    // Page point (72, 720) shows at (720, 72); the run goes down the screen, its glyphs' tops face right.
    expect(spans[0]).toEqual([0, 16, 720, 72, SIZE, w0]);
  });

  it('keeps words of one rotated line together and breaks between rotated lines', () => {
    const items = [...row(['Rotated', 'line'], 72, 720, 3), ...row(['next', 'one'], 72, 706, 3)];
    const { text, spans } = layoutPage(items, VIEWPORT[90]);
    expect(text).toBe('Rotated line\nnext one');
    expect(textOfSpans(text, spans)).toEqual(['Rotated', 'line', 'next', 'one']);
  });

  it('handles text that is itself rotated on an upright page', () => {
    // A run drawn bottom-to-top (90° text matrix), as in a sideways table header.
    const up: LayoutItem = { str: 'Sideways', transform: [0, SIZE, -SIZE, 0, 300, 300], width: 48, height: SIZE, hasEOL: false };
    const { text, spans } = layoutPage([up], VIEWPORT[0]);
    expect(text).toBe('Sideways');
    const [, , x, y, w, h] = spans[0]!;
    expect([x, y, w, h]).toEqual([300 - SIZE, 792 - 300 - 48, SIZE, 48]);
  });
});
