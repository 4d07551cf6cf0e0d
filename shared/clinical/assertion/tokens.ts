// Word tokens and sentences for the ConText matcher. Shared: no Node, no DOM.

export interface Token {
  /** Lower-cased text. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

// A word (letters/digits, with an inner apostrophe: "mother's") or one punctuation mark.
const TOKEN = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?|[^\s\p{L}\p{N}]/gu;

export function tokenize(text: string, offset = 0): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    tokens.push({ text: m[0].toLowerCase().replace('’', "'"), start: offset + m.index, end: offset + m.index + m[0].length });
  }
  return tokens;
}

// Abbreviations whose period does not end a sentence.
const ABBREVIATIONS = new Set(['dr', 'mr', 'mrs', 'ms', 'prof', 'st', 'vs', 'approx', 'e.g', 'i.e', 'etc', 'no', 'fig', 'jr', 'sr']);
const LIST_START = /^[ \t]*(?:[-•*▪‣◦]|\d{1,2}[.)])\s/;

/**
 * Sentence boundaries of a text: [start, end) ranges. A sentence ends at . ! ? before a
 * capital, digit or the end; at a blank line; and at a line break before a list item, a
 * capitalized line or after a line ending in ":" (record lines are often sentences without
 * a period: "No asthma" above "Hypertension" must not negate the latter). `cuts` are extra
 * boundaries (section headings).
 */
export function sentences(text: string, cuts: readonly number[] = []): Array<[number, number]> {
  const ends = new Set<number>(cuts);
  // PDF text often loses the space after a period ("vomiting.PAST MEDICAL HISTORY:"): a
  // capital letter right after one still starts a sentence.
  const punct = /[.!?]+(?=\s+["'(]?[\p{Lu}\p{N}]|[\p{Lu}][\p{L}]|\s*$)/gu;
  for (const m of text.matchAll(punct)) {
    const before = /([\p{L}.]+)$/u.exec(text.slice(Math.max(0, m.index - 12), m.index))?.[1]?.toLowerCase() ?? '';
    if (m[0] === '.' && ABBREVIATIONS.has(before)) continue;
    ends.add(m.index + m[0].length);
  }
  for (const m of text.matchAll(/\n/g)) {
    const lineStart = text.lastIndexOf('\n', m.index - 1) + 1;
    const line = text.slice(lineStart, m.index).trimEnd();
    const next = text.slice(m.index + 1, m.index + 200);
    if (/^\s*\n/.test(next) || line.endsWith(':') || LIST_START.test(next) || /^[ \t]*[\p{Lu}\p{N}]/u.test(next)) ends.add(m.index);
  }
  const sorted = [...ends].filter((e) => e > 0 && e < text.length).sort((a, b) => a - b);
  const ranges: Array<[number, number]> = [];
  let start = 0;
  for (const end of [...sorted, text.length]) {
    if (end > start && text.slice(start, end).trim() !== '') ranges.push([start, end]);
    start = end;
  }
  return ranges;
}
