// Builds a page's text in reading order from pdf.js text items, together with the
// spans that map every character range back to a box on the page. Pure: no pdf.js import.
import type { TextSpan } from '../../../../shared/domain';
import { multiply, type Matrix } from './matrix';

/** The subset of a pdf.js TextItem this module reads. */
export interface LayoutItem {
  readonly str: string;
  readonly transform: readonly number[];
  readonly width: number;
  readonly height: number;
  readonly hasEOL: boolean;
}

export type { Matrix } from './matrix';

export interface PageLayout {
  readonly text: string;
  readonly spans: TextSpan[];
}

const round = (n: number) => Math.round(n * 100) / 100;

interface Placed {
  /** Start of the baseline, the unit vector along it, and the font size, in viewport space. */
  x: number;
  y: number;
  ux: number;
  uy: number;
  size: number;
  advance: number;
}

function place(item: LayoutItem, viewport: Matrix): Placed {
  const tx = multiply(viewport, item.transform);
  const size = Math.hypot(tx[2], tx[3]) || Math.hypot(tx[0], tx[1]) || 1;
  const angle = Math.atan2(tx[1], tx[0]);
  // Scale of the viewport along the baseline direction (1 at scale 1, any rotation).
  const scale = Math.hypot(viewport[0], viewport[1]) || 1;
  return { x: tx[4], y: tx[5], ux: Math.cos(angle), uy: Math.sin(angle), size, advance: item.width * scale };
}

/** Axis-aligned box of the run: its baseline swept up by the font size. */
function box(p: Placed): [number, number, number, number] {
  // "Up" from the baseline, in y-down viewport space.
  const vx = p.uy * p.size;
  const vy = -p.ux * p.size;
  // The four corners: baseline start and end, and both swept up. No arrays: this runs for every item.
  const endX = p.x + p.ux * p.advance;
  const endY = p.y + p.uy * p.advance;
  const x0 = Math.min(p.x, endX, p.x + vx, endX + vx);
  const y0 = Math.min(p.y, endY, p.y + vy, endY + vy);
  const x1 = Math.max(p.x, endX, p.x + vx, endX + vx);
  const y1 = Math.max(p.y, endY, p.y + vy, endY + vy);
  return [round(x0), round(y0), round(x1 - x0), round(y1 - y0)];
}

/**
 * Keeps the content-stream order (which follows columns in most real PDFs) and decides
 * between items whether a line break, a space or nothing separates them.
 */
export function layoutPage(items: readonly LayoutItem[], viewport: Matrix): PageLayout {
  let text = '';
  const spans: TextSpan[] = [];
  let prev: Placed | null = null;
  let prevEol = false;

  // Blanks are trimmed as text is built, never afterwards, so span offsets stay true:
  // spans that end in the cut are shortened, spans wholly inside it are dropped.
  const cutTo = (length: number) => {
    text = text.slice(0, length);
    for (let last = spans.at(-1); last && last[1] > length; last = spans.at(-1)) {
      if (last[0] >= length) spans.pop();
      else {
        last[1] = length;
        break;
      }
    }
  };
  const newline = () => {
    // Blanks before the break go; found from the end (a /[ \t]+$/ scans the whole page each line).
    let end = text.length;
    while (end > 0 && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0x09)) end--;
    cutTo(end);
    text += '\n';
  };

  for (const item of items) {
    if (item.str.length === 0) {
      if (item.hasEOL && text.length > 0 && !text.endsWith('\n')) newline();
      prevEol = prevEol || item.hasEOL;
      continue;
    }
    const here = place(item, viewport);
    if (prev && text.length > 0 && !text.endsWith('\n')) {
      const sep = separator(prev, here, prevEol, text, item.str);
      if (sep === '\n') newline();
      else text += sep;
    }
    const start = text.length;
    text += item.str;
    spans.push([start, text.length, ...box(here)]);
    if (item.hasEOL) newline();
    prev = here;
    prevEol = item.hasEOL;
  }
  cutTo(text.trimEnd().length);
  return { text, spans };
}

function separator(prev: Placed, here: Placed, prevEol: boolean, text: string, next: string): string {
  if (prevEol) return '\n';
  // Offset of this run from where the previous one ended, in the previous run's frame.
  const endX = prev.x + prev.ux * prev.advance;
  const endY = prev.y + prev.uy * prev.advance;
  const dx = (here.x - endX) * prev.ux + (here.y - endY) * prev.uy;
  const dy = -(here.x - endX) * prev.uy + (here.y - endY) * prev.ux;
  const size = Math.max(prev.size, here.size);
  if (Math.abs(dy) > size * 0.6 || dx < -size) return '\n';
  // The last character alone: /\s$/ would scan the whole page text for every item.
  const spaced = /\s/.test(text.charAt(text.length - 1)) || /^\s/.test(next);
  return !spaced && dx > size * 0.15 ? ' ' : '';
}
