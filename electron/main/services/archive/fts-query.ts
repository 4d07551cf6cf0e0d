// Turns what a person types into a safe FTS5 MATCH expression: "quoted phrases" stay
// phrases, other words become terms that must all appear, and a word ending in * matches
// every word it begins (indemn* finds indemnify, indemnity). FTS5 operators typed by the
// user are treated as words, so no input can raise a syntax error.

const TOKEN = /"([^"]*)"|(\S+)/g;

export function toFtsQuery(input: string): string | null {
  const parts: string[] = [];
  for (const match of input.matchAll(TOKEN)) {
    const raw = match[1] ?? match[2] ?? '';
    const words = raw.split(/[^\p{L}\p{N}_]+/u).filter(Boolean);
    if (words.length === 0) continue;
    const prefix = match[2] !== undefined && raw.endsWith('*');
    parts.push(`"${words.join(' ')}"${prefix ? ' *' : ''}`);
  }
  return parts.length ? parts.join(' ') : null;
}

const OPEN = '\u0001';
const CLOSE = '\u0002';
export const SNIPPET_MARKERS = { open: OPEN, close: CLOSE } as const;

/**
 * Strips the snippet markers, collapses whitespace for display, and returns the
 * [start, end) ranges of the display text that the markers enclosed.
 */
export function parseSnippet(marked: string): { snippet: string; highlights: Array<[number, number]> } {
  let snippet = '';
  const highlights: Array<[number, number]> = [];
  let start = -1;
  for (const ch of marked) {
    if (ch === OPEN) start = snippet.length;
    else if (ch === CLOSE) {
      if (start >= 0) highlights.push([start, snippet.length]);
      start = -1;
    } else if (/\s/.test(ch)) {
      if (!snippet.endsWith(' ')) snippet += ' ';
    } else snippet += ch;
  }
  return { snippet, highlights };
}

/** The parts of a query toFtsQuery made: each "phrase" (or "prefix" *), which must all match. */
export function ftsPhrases(match: string): string[] {
  return match.match(/"[^"]*"(?: \*)?/g) ?? [];
}
