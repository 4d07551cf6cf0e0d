// rectsForRange: character ranges of a page's text to boxes on the page (search hits now,
// extraction evidence later).
import { describe, expect, it } from 'vitest';
import type { TextSpan } from '../../shared/domain';
import { mergeRects, rectsForRange } from '../../shared/page-rects';

// "Hello world" as one run 110 units wide (10 per character), then "Next line" below.
const spans: TextSpan[] = [
  [0, 11, 100, 50, 110, 12],
  [12, 21, 100, 70, 90, 12],
];

describe('rectsForRange', () => {
  it('returns a whole span when the range covers it', () => {
    expect(rectsForRange(spans, 0, 11)).toEqual([{ x: 100, y: 50, w: 110, h: 12 }]);
  });

  it('cuts a partial span by character fraction along x', () => {
    // "world" = characters 6..11
    expect(rectsForRange(spans, 6, 11)).toEqual([{ x: 160, y: 50, w: 50, h: 12 }]);
    // "lo w" = 3..7
    expect(rectsForRange(spans, 3, 7)).toEqual([{ x: 130, y: 50, w: 40, h: 12 }]);
  });

  it('returns one box per line for a range across lines', () => {
    const rects = rectsForRange(spans, 6, 16);
    expect(rects).toEqual([
      { x: 160, y: 50, w: 50, h: 12 },
      { x: 100, y: 70, w: 40, h: 12 },
    ]);
  });

  it('ignores characters between spans (the line break) and empty or inverted ranges', () => {
    expect(rectsForRange(spans, 11, 12)).toEqual([]);
    expect(rectsForRange(spans, 5, 5)).toEqual([]);
    expect(rectsForRange(spans, 8, 3)).toEqual([]);
    expect(rectsForRange([], 0, 10)).toEqual([]);
  });

  it('clamps a range running past the text', () => {
    expect(rectsForRange(spans, 18, 500)).toEqual([{ x: 160, y: 70, w: 30, h: 12 }]);
  });

  it('merges runs that continue each other on one line', () => {
    const words: TextSpan[] = [
      [0, 5, 10, 10, 50, 12],
      [6, 11, 64, 10, 50, 12],
    ];
    expect(rectsForRange(words, 0, 11)).toEqual([{ x: 10, y: 10, w: 104, h: 12 }]);
  });

  it('keeps separate boxes for columns on the same line', () => {
    const columns: TextSpan[] = [
      [0, 4, 10, 10, 40, 12],
      [5, 9, 300, 10, 40, 12],
    ];
    expect(rectsForRange(columns, 0, 9)).toHaveLength(2);
  });

  it('covers a whole vertical run when only part of it is in the range', () => {
    const vertical: TextSpan[] = [[0, 10, 20, 100, 12, 80]];
    expect(rectsForRange(vertical, 2, 4)).toEqual([{ x: 20, y: 100, w: 12, h: 80 }]);
  });

  it('cuts by measured widths when given a measure', () => {
    const text = 'iiiiWWWW';
    const run: TextSpan[] = [[0, 8, 0, 0, 100, 10]];
    // 'i' is 1 unit, 'W' is 4 units wide: the W's start 4/20 of the way in.
    const measure = (s: string) => [...s].reduce((n, c) => n + (c === 'W' ? 0.4 : 0.1), 0);
    const [rect] = rectsForRange(run, 4, 8, { text, fonts: [measure] });
    expect(rect!.x).toBeCloseTo(20);
    expect(rect!.w).toBeCloseTo(80);
  });

  it('spreads the extra width of a justified run over its spaces', () => {
    const text = 'ab cd';
    // Natural width 5 characters of 0.5 em at size 10 = 25; the run is stretched to 45.
    const run: TextSpan[] = [[0, 5, 0, 0, 45, 10]];
    const measure = (s: string) => s.length * 0.5;
    const [rect] = rectsForRange(run, 3, 5, { text, fonts: [measure] });
    // "ab " = 15 natural + 20 extra for its one space = 35.
    expect(rect!.x).toBeCloseTo(35);
    expect(rect!.w).toBeCloseTo(10);
  });

  it('picks the typeface whose width fits the run best', () => {
    const text = 'iiiiWWWW';
    const run: TextSpan[] = [[0, 8, 0, 0, 48, 10]];
    const proportional = (s: string) => [...s].reduce((n, c) => n + (c === 'W' ? 0.9 : 0.2), 0);
    const monospace = (s: string) => s.length * 0.6;
    // 8 characters x 0.6 em x 10 = 48: the run is monospace, so characters are equally wide.
    const [rect] = rectsForRange(run, 4, 8, { text, fonts: [proportional, monospace] });
    expect(rect!.x).toBeCloseTo(24);
    expect(rect!.w).toBeCloseTo(24);
  });
});

describe('mergeRects', () => {
  it('does not merge boxes on different lines', () => {
    expect(
      mergeRects([
        { x: 0, y: 0, w: 10, h: 10 },
        { x: 10, y: 20, w: 10, h: 10 },
      ]),
    ).toHaveLength(2);
  });
});
