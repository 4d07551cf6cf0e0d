// Text folding for grounding: the one place that decides which differences between a
// model's answer and the page text do not count (case, line breaks, soft hyphens,
// hyphenation at line ends, curly quotes, dash styles). Used by normalize.ts and verify.ts.
// Shared: pure TypeScript, no Node, no DOM.

/** A folded string with, for every folded char, the original [start, end) it came from. */
export interface FoldedText {
  readonly text: string;
  readonly starts: readonly number[];
  readonly ends: readonly number[];
}

const DROPPED = /[\u00AD\u200B-\u200D\u2060\uFEFF]/u; // soft hyphen, zero-width chars
const SPACE = /[\s\u00A0\u2000-\u200A\u202F\u205F\u3000]/u;
const HYPHEN = /[-\u2010\u2011]/u; // the ones a typesetter uses to break a word
const DASH = /[\u2012-\u2015\u2212\uFE58\uFE63\uFF0D]/u;
const SINGLE_QUOTE = /[\u2018\u2019\u201A\u201B\u2032\u00B4\u0060]/u;
const DOUBLE_QUOTE = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/u;
const LETTER = /\p{L}/u;
const COMBINING = /\p{M}/u;
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

export function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && ch !== '' && WORD_CHAR.test(ch);
}

function foldChar(ch: string): string {
  if (HYPHEN.test(ch)) return '-';
  if (SINGLE_QUOTE.test(ch)) return "'";
  if (DOUBLE_QUOTE.test(ch)) return '"';
  // NFKC turns ligatures and full-width forms into plain letters; lower-casing may grow a
  // char into two (İ), which is why the fold keeps a map rather than assuming 1:1.
  return ch.normalize('NFKC').toLowerCase();
}

/**
 * End-of-line hyphenation: a letter, a hyphen, optional spaces, a line break, optional
 * spaces, a letter ("termi-\nnation"). Returns the index after the whitespace (where the
 * word continues) or -1.
 */
function hyphenationEnd(text: string, hyphenAt: number): number {
  if (!LETTER.test(text.charAt(hyphenAt - 1))) return -1;
  let i = hyphenAt + 1;
  let sawBreak = false;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === '\n' || c === '\r') sawBreak = true;
    else if (!(SPACE.test(c) || DROPPED.test(c))) break;
    i++;
  }
  return sawBreak && LETTER.test(text.charAt(i)) ? i : -1;
}

/**
 * Folds text for matching: lower case, NFKC, whitespace runs to one space (trimmed), soft
 * hyphens and zero-width chars dropped, hyphenated line breaks joined, quotes folded to
 * ASCII, hyphens to "-" and dashes to a spaced " - ". Keeps the map back to the original for highlighting.
 */
export function foldWithMap(text: string): FoldedText {
  let out = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let pendingSpace = -1; // original index of a whitespace run not yet emitted
  const emitPendingSpace = (): void => {
    if (pendingSpace >= 0 && out.length > 0) {
      out += ' ';
      starts.push(pendingSpace);
      ends.push(pendingSpace + 1);
    }
    pendingSpace = -1;
  };
  let i = 0;
  while (i < text.length) {
    // A code point with the combining marks that follow it, so NFKC can compose them
    // ("u" + U+0308 -> "ü").
    let ch = String.fromCodePoint(text.codePointAt(i) ?? 0);
    while (i + ch.length < text.length) {
      const mark = String.fromCodePoint(text.codePointAt(i + ch.length) ?? 0);
      if (!COMBINING.test(mark) || DROPPED.test(mark)) break;
      ch += mark;
    }
    const next = i + ch.length;
    const code = ch.length === 1 ? ch.charCodeAt(0) : -1;
    // Fast path for printable ASCII other than "-": most page text.
    if (code > 0x20 && code < 0x7f && code !== 0x2d && code !== 0x60) {
      emitPendingSpace();
      out += code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 32) : ch;
      starts.push(i);
      ends.push(next);
      i = next;
      continue;
    }
    if (DROPPED.test(ch)) {
      i = next;
      continue;
    }
    if (SPACE.test(ch)) {
      if (pendingSpace < 0) pendingSpace = i;
      i = next;
      continue;
    }
    if (HYPHEN.test(ch)) {
      const resume = hyphenationEnd(text, i);
      if (resume >= 0) {
        i = resume;
        continue;
      }
    }
    if (DASH.test(ch)) {
      // A dash (en, em, minus...) separates words, spaced or not: "all—and" reads as
      // "all - and", so it never glues two words into one the way a hyphen does.
      if (pendingSpace < 0) pendingSpace = i;
      emitPendingSpace();
      out += '-';
      starts.push(i);
      ends.push(next);
      pendingSpace = i;
      i = next;
      continue;
    }
    emitPendingSpace();
    const folded = foldChar(ch);
    for (let k = 0; k < folded.length; k++) {
      starts.push(i);
      ends.push(next);
    }
    out += folded;
    i = next;
  }
  return { text: out, starts, ends };
}

export function fold(text: string): string {
  return foldWithMap(text).text;
}

/** A word of folded text: letters/digits joined by single inner punctuation ("1,000.50", "non-compete", "o'neil"). */
const TOKEN = /[\p{L}\p{N}\p{M}]+(?:['.,\-/:][\p{L}\p{N}\p{M}]+)*/gu;

export interface Token {
  /** Comparison key: the word with inner hyphens removed, so "non-compete" = "noncompete". */
  readonly key: string;
  /** [start, end) in the folded text. */
  readonly start: number;
  readonly end: number;
}

export function tokenize(folded: string): Token[] {
  const tokens: Token[] = [];
  for (const m of folded.matchAll(TOKEN)) {
    const start = m.index ?? 0;
    tokens.push({ key: m[0].replaceAll('-', ''), start, end: start + m[0].length });
  }
  return tokens;
}

/** Common English function words: a value made only of these says nothing. */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'of', 'and', 'or', 'nor', 'to', 'in', 'on', 'at', 'by', 'for', 'with',
  'as', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'it', 'its', 'this', 'that',
  'these', 'those', 'from', 'into', 'onto', 'upon', 'than', 'then', 'there', 'here', 'such',
  'any', 'all', 'each', 'no', 'not', 'none', 'yes', 'if', 'but', 'so', 'per', 'via', 'he',
  'she', 'they', 'them', 'his', 'her', 'their', 'we', 'us', 'our', 'you', 'your', 'i', 'me',
  'my', 'which', 'who', 'whom', 'whose', 'what', 'when', 'where', 'shall', 'will', 'would',
  'should', 'can', 'could', 'do', 'does', 'did', 'has', 'have', 'had', 'hereof', 'herein',
  'hereto', 'thereof', 'therein', 'said', 'same', 'other', 'n/a', 'na', 'null', 'none',
]);

/** A token that can carry meaning on its own: two chars or more and not a stop word. */
export function isContentToken(key: string): boolean {
  return [...key].length >= 2 && !STOP_WORDS.has(key);
}
