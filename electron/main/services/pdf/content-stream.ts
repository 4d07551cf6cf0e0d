// Where a page content stream paints images, read from its operators without decoding a
// pixel: q/Q save and restore the transform, cm changes it, Do paints a named XObject and
// BI…ID…EI an inline image. Everything else (text, paths, colours) is skipped. Pure: the
// caller resolves XObject names, so this module knows nothing of the PDF file around it.
import { multiply, type Matrix } from './matrix';

export interface ContentVisitor {
  /** `Do`: paints XObject `name` under `ctm`. */
  xobject(name: string, ctm: Matrix): void;
  /** An inline image of `pixels` (width x height, when its dictionary says) under `ctm`. */
  inlineImage(pixels: number | null, ctm: Matrix): void;
}

/** How much work one stream may cost: a hostile stream of a million `q` ends here. */
export interface ScanBudget {
  operators: number;
}

/** Every byte's class (a table: this runs over every byte of a page's content). */
const REGULAR = 0;
const WHITE = 1;
const DELIMITER = 2;
const BYTE_CLASS = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) BYTE_CLASS[c] = WHITE;
for (const c of [0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]) BYTE_CLASS[c] = DELIMITER;
/** Deeper q nesting than this is not a real page (pdf.js stops far earlier). */
const MAX_SAVE_DEPTH = 1000;

const isWhite = (c: number) => BYTE_CLASS[c] === WHITE;
const isRegular = (c: number) => BYTE_CLASS[c] === REGULAR;

type Operand = number | string | null;

/** Kinds of operand the ring keeps: only where each sits, read when an operator needs it. */
const OTHER = 0;
const NUMBER = 1;
const NAME = 2;

/**
 * Walks one content stream from `start`, calling the visitor for every image it paints.
 * Stops when the budget runs out; malformed syntax is skipped, never thrown.
 */
export function scanContent(bytes: Uint8Array, start: Matrix, visitor: ContentVisitor, budget: ScanBudget): void {
  let ctm = start;
  // A stack by index: pdf.js (in the same thread) replaces Array.prototype.push with a slow polyfill.
  const saved: Matrix[] = [];
  let depth = 0;
  // Only the last six operands ever matter (cm): keep where those are, in a ring. Numbers and
  // names are parsed only for the cm and Do that use them, not for every Tf, Td and TJ.
  const kinds = new Uint8Array(6);
  const starts = new Int32Array(6);
  const ends = new Int32Array(6);
  let count = 0;
  const push = (kind: number, from: number, to: number) => {
    const slot = count++ % 6;
    kinds[slot] = kind;
    starts[slot] = from;
    ends[slot] = to;
  };
  const operand = (slot: number): Operand =>
    kinds[slot] === NUMBER ? numberAt(bytes, starts[slot]!, ends[slot]!) : kinds[slot] === NAME ? nameOf(bytes, starts[slot]!, ends[slot]!) : null;
  const last = (k: number): Operand[] => (count < k ? [] : Array.from({ length: k }, (_, j) => operand((count - k + j) % 6)));
  let i = 0;
  const n = bytes.length;
  while (i < n && budget.operators > 0) {
    const c = bytes[i]!;
    if (isWhite(c)) {
      i++;
    } else if (c === 0x25 /* % */) {
      while (i < n && bytes[i] !== 0x0a && bytes[i] !== 0x0d) i++;
    } else if (c === 0x2f /* / */) {
      const end = regularEnd(bytes, i + 1);
      push(NAME, i + 1, end);
      i = end;
    } else if (c === 0x28 /* ( */) {
      i = stringEnd(bytes, i);
      push(OTHER, 0, 0);
    } else if (c === 0x3c /* < */) {
      // << and >> bracket a dictionary operand (BDC properties); <hex> is a string.
      if (bytes[i + 1] === 0x3c) i += 2;
      else {
        while (i < n && bytes[i] !== 0x3e) i++;
        i++;
        push(OTHER, 0, 0);
      }
    } else if (c === 0x3e || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d) {
      i++;
    } else {
      const end = c === 0x29 ? i + 1 : regularEnd(bytes, i);
      const start = i;
      i = end;
      if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) {
        push(NUMBER, start, end);
        continue;
      }
      budget.operators--;
      const op = operatorAt(bytes, start, end);
      if (op === 'q') {
        // Empty pairs "q Q" (some pages hold tens of thousands) leave the transform as it was:
        // step over them here, each operator still counted. Not at the depth limit, where a
        // lone Q would pop an older transform.
        let open = true;
        if (depth < MAX_SAVE_DEPTH) {
          let operators = budget.operators;
          while (open && operators > 0) {
            const pairEnd = loneOperatorEnd(bytes, i, 0x51 /* Q */);
            if (pairEnd < 0) break;
            operators--;
            i = pairEnd;
            const nextEnd = loneOperatorEnd(bytes, i, 0x71 /* q */);
            open = nextEnd > 0 && operators > 0;
            if (open) {
              operators--;
              i = nextEnd;
            }
          }
          budget.operators = operators;
          if (open) saved[depth++] = ctm;
        }
      } else if (op === 'Q') {
        if (depth > 0) ctm = saved[--depth]!;
      } else if (op === 'cm') {
        const m = last(6);
        if (m.length === 6 && m.every((v) => typeof v === 'number' && Number.isFinite(v))) ctm = multiply(ctm, m as number[]);
      } else if (op === 'Do') {
        const name = count > 0 ? operand((count - 1) % 6) : null;
        if (typeof name === 'string') visitor.xobject(name, ctm);
      } else if (op === 'BI') {
        const image = inlineImage(bytes, i);
        visitor.inlineImage(image.pixels, ctm);
        i = image.end;
      }
      count = 0;
    }
  }
}

/** Past the next word when, after blanks only, it is the one-letter operator `letter`; else -1. */
function loneOperatorEnd(bytes: Uint8Array, from: number, letter: number): number {
  const n = bytes.length;
  let i = from;
  while (i < n && isWhite(bytes[i]!)) i++;
  return i < n && bytes[i] === letter && (i + 1 === n || !isRegular(bytes[i + 1]!)) ? i + 1 : -1;
}

/** The operators that matter here, told apart by their bytes without making a string of each word. */
function operatorAt(bytes: Uint8Array, start: number, end: number): 'q' | 'Q' | 'cm' | 'Do' | 'BI' | null {
  const a = bytes[start];
  if (end - start === 1) return a === 0x71 ? 'q' : a === 0x51 ? 'Q' : null;
  if (end - start !== 2) return null;
  const b = bytes[start + 1];
  if (a === 0x63 && b === 0x6d) return 'cm';
  if (a === 0x44 && b === 0x6f) return 'Do';
  if (a === 0x42 && b === 0x49) return 'BI';
  return null;
}

/** A PDF number (sign, digits, one point); null when the word is not one. */
function numberAt(bytes: Uint8Array, start: number, end: number): number | null {
  let i = start;
  let sign = 1;
  if (bytes[i] === 0x2b || bytes[i] === 0x2d) sign = bytes[i++] === 0x2d ? -1 : 1;
  let value = 0;
  let scale = 0;
  let digits = 0;
  for (; i < end; i++) {
    const d = bytes[i]!;
    if (d === 0x2e && scale === 0) scale = 1;
    else if (d >= 0x30 && d <= 0x39) {
      digits++;
      if (scale) scale /= 10;
      value = scale ? value + (d - 0x30) * scale : value * 10 + (d - 0x30);
    } else return null;
  }
  return digits > 0 ? sign * value : null;
}

function regularEnd(bytes: Uint8Array, from: number): number {
  let i = from;
  while (i < bytes.length && isRegular(bytes[i]!)) i++;
  return i;
}

/** Past a literal string: balanced parentheses, backslash escapes. */
function stringEnd(bytes: Uint8Array, from: number): number {
  let depth = 0;
  for (let i = from; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === 0x5c /* \ */) i++;
    else if (c === 0x28) depth++;
    else if (c === 0x29 && --depth === 0) return i + 1;
  }
  return bytes.length;
}

function nameOf(bytes: Uint8Array, from: number, end: number): string {
  return latin1(bytes, from, end).replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function latin1(bytes: Uint8Array, from: number, end: number): string {
  // Operators and names are short; a run of thousands of letters is garbage, not a word.
  return String.fromCharCode(...bytes.subarray(from, Math.min(end, from + 128)));
}

/**
 * The dictionary of an inline image (after BI) up to ID, then past its data to EI. The data
 * has no length, so the end is the first `EI` standing alone, as readers look for it.
 */
function inlineImage(bytes: Uint8Array, from: number): { pixels: number | null; end: number } {
  const entries = new Map<string, Operand>();
  let key: string | null = null;
  let i = from;
  const n = bytes.length;
  while (i < n) {
    const c = bytes[i]!;
    if (isWhite(c)) {
      i++;
      continue;
    }
    if (c === 0x2f) {
      const end = regularEnd(bytes, i + 1);
      const name = nameOf(bytes, i + 1, end);
      if (key === null) key = name;
      else {
        entries.set(key, name);
        key = null;
      }
      i = end;
      continue;
    }
    if (c === 0x28) {
      i = stringEnd(bytes, i);
      key = null;
      continue;
    }
    const end = Math.max(regularEnd(bytes, i), i + 1);
    const word = latin1(bytes, i, end);
    i = end;
    if (word === 'ID') {
      i++; // the single whitespace byte before the data
      break;
    }
    if (key !== null) {
      entries.set(key, Number(word));
      key = null;
    }
  }
  while (i < n) {
    if (bytes[i] === 0x45 && bytes[i + 1] === 0x49 && (i === 0 || isWhite(bytes[i - 1]!)) && (i + 2 >= n || !isRegular(bytes[i + 2]!))) {
      i += 2;
      break;
    }
    i++;
  }
  const width = entries.get('W') ?? entries.get('Width');
  const height = entries.get('H') ?? entries.get('Height');
  const pixels = typeof width === 'number' && typeof height === 'number' && width > 0 && height > 0 ? width * height : null;
  return { pixels, end: i };
}
