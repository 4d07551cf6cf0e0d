// Maps a character range of a page's text to boxes on the page, from the text spans the
// backend stored at import. Pure and shared: the reader draws search hits and evidence with
// it, the de-identified PDF export draws its black boxes with it.
import type { TextSpan } from './domain';

/** A box in page units at scale 1, origin at the top left of the displayed page. */
export interface PageRect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/**
 * A span whose box is much taller than wide and holds several characters runs vertically
 * (rotated text). Its direction is unknown, so a partial range covers the whole span.
 */
function isVertical(w: number, h: number, chars: number): boolean {
  return chars >= 3 && h > w * 1.4;
}

/** The width of a text in em (at a font size of 1) in one typeface. */
export type EmMeasure = (text: string) => number;

/**
 * Optional: the page text and width measures for a few typical typefaces (e.g. serif, sans,
 * monospace). Each run is cut with the face whose width best fits the run's box, so a
 * partial span is cut where its glyphs really are, not at an equal-width guess.
 */
export interface SpanMeasure {
  readonly text: string;
  readonly fonts: readonly EmMeasure[];
}

const countSpaces = (text: string) => text.split(' ').length - 1;

function bestFont(run: string, w: number, size: number, fonts: readonly EmMeasure[]): { measure: EmMeasure; natural: number } | null {
  let best: { measure: EmMeasure; natural: number; misfit: number } | null = null;
  for (const measure of fonts) {
    const natural = measure(run) * size;
    if (!(natural > 0)) continue;
    const misfit = Math.abs(Math.log(w / natural));
    if (!best || misfit < best.misfit) best = { measure, natural, misfit };
  }
  return best;
}

/**
 * Where character `at` starts within the span [s, e), as a fraction of the span's width
 * `w`. `size` (the box height) approximates the font size. With metrics, a run wider than
 * its natural width (justified text) gets the extra width spread over its spaces.
 */
function fractionAt(s: number, e: number, at: number, w: number, size: number, metrics: SpanMeasure | undefined): number {
  if (at <= s) return 0;
  if (at >= e) return 1;
  if (metrics && e <= metrics.text.length) {
    const run = metrics.text.slice(s, e);
    const prefix = run.slice(0, at - s);
    const font = bestFont(run, w, size, metrics.fonts);
    if (font) {
      const spaces = countSpaces(run);
      if (w > font.natural * 1.01 && spaces > 0) {
        const extra = (w - font.natural) / spaces;
        return clamp01((font.measure(prefix) * size + countSpaces(prefix) * extra) / w);
      }
      return clamp01(font.measure(prefix) / font.measure(run));
    }
  }
  return (at - s) / (e - s);
}

const clamp01 = (n: number) => Math.min(1, Math.max(0, n));

/**
 * The boxes covering characters [start, end). A span only partly inside the range is cut
 * by character fraction along x: by measured glyph widths when `metrics` is given, else
 * assuming equally wide characters. Boxes that continue each other on one line are
 * merged, so a phrase reads as one highlight.
 */
export function rectsForRange(spans: readonly TextSpan[], start: number, end: number, metrics?: SpanMeasure): PageRect[] {
  if (!(end > start)) return [];
  const rects: PageRect[] = [];
  for (const [s, e, x, y, w, h] of spans) {
    const from = Math.max(s, start);
    const to = Math.min(e, end);
    if (to <= from) continue;
    const chars = e - s;
    if (from === s && to === e) {
      rects.push({ x, y, w, h });
    } else if (isVertical(w, h, chars)) {
      rects.push({ x, y, w, h });
    } else {
      const x0 = x + w * fractionAt(s, e, from, w, h, metrics);
      const x1 = x + w * fractionAt(s, e, to, w, h, metrics);
      rects.push({ x: x0, y, w: x1 - x0, h });
    }
  }
  return mergeRects(rects.filter((r) => r.w > 0 && r.h > 0));
}

/** Same line: vertical extents overlap by most of the smaller height. */
function sameLine(a: PageRect, b: PageRect): boolean {
  const overlap = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return overlap >= 0.6 * Math.min(a.h, b.h);
}

export function mergeRects(rects: readonly PageRect[]): PageRect[] {
  const out: PageRect[] = [];
  for (const rect of rects) {
    const last = out[out.length - 1];
    // Joins a box that starts where the previous one ends (a gap of up to half a line
    // height, i.e. a space), in reading order.
    if (last && sameLine(last, rect) && rect.x >= last.x && rect.x - (last.x + last.w) <= last.h * 0.5) {
      const x = last.x;
      const y = Math.min(last.y, rect.y);
      const right = Math.max(last.x + last.w, rect.x + rect.w);
      const bottom = Math.max(last.y + last.h, rect.y + rect.h);
      out[out.length - 1] = { x, y, w: right - x, h: bottom - y };
    } else {
      out.push(rect);
    }
  }
  return out;
}
