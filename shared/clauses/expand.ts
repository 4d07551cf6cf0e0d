// From a cited quote to the clause it belongs to: the quote's range on the page grown to whole
// sentences, so clauses from different contracts compare as sentences, not as fragments a
// model or a person happened to select. Shared: pure TypeScript, no Node, no DOM.
//
// A sentence ends at ".", "!" or "?" (and a closing quote or bracket after it) followed by
// white space, unless the word before the dot is an abbreviation ("Inc.", "No.", "U.S.") or a
// section number ("14.1."); a blank line ends a paragraph, and so does a heading line
// ("24. GOVERNING LAW", "Governing Law and Attornment"), which is not part of the clause. The result is bounded: a page
// without punctuation does not become one huge "sentence".

/** The longest clause text kept, in characters; a longer one is cut around the quote. */
export const MAX_CLAUSE_CHARS = 2000;

const ABBREVIATIONS = new Set([
  'inc', 'ltd', 'co', 'corp', 'llc', 'no', 'nos', 'sec', 'art', 'para', 'e.g', 'i.e', 'u.s', 'u.k', 'mr', 'mrs', 'ms', 'dr', 'st', 'vs', 'cf', 'al', 'p', 'pp',
]);

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && /\s/.test(ch);
}

/** True when a sentence ends right after `text[i]` (a ".", "!" or "?"). */
function endsSentenceAt(text: string, i: number): boolean {
  const ch = text[i];
  if (ch !== '.' && ch !== '!' && ch !== '?') return false;
  let j = i + 1;
  while (j < text.length && /["'”’)\]]/.test(text[j]!)) j++;
  if (j < text.length && !isSpace(text[j])) return false;
  if (ch !== '.') return true;
  // The word before the dot: an abbreviation or a number ("14.1.", "(a).") does not end one.
  let k = i - 1;
  while (k >= 0 && i - k <= 12 && /[\p{L}\p{N}.]/u.test(text[k]!)) k--;
  const word = text.slice(k + 1, i).toLowerCase();
  if (ABBREVIATIONS.has(word)) return false;
  if (/^[\d.]+$/.test(word) || /^[a-z]$/.test(word) || /^[ivx]+$/.test(word)) return false;
  return true;
}

const SMALL_WORDS = new Set(['and', 'or', 'of', 'the', 'to', 'for', 'in', 'on', 'a', 'an', '&']);

/** A heading line: all capitals ("GOVERNING LAW"), or two or more capitalized words ("Governing Law and Attornment"), no end punctuation. */
function isHeading(line: string): boolean {
  const trimmed = line.trim().replace(/^[\d.()a-z]{0,6}\s+/i, (m) => (/\d/.test(m) ? '' : m));
  if (trimmed === '' || trimmed.length > 80 || /[.,;:]$/.test(trimmed)) return false;
  const letters = trimmed.replace(/[^\p{L}]/gu, '');
  if (letters.length >= 4 && letters === letters.toUpperCase()) return true;
  const words = trimmed.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  return words.length >= 2 && words.every((w) => SMALL_WORDS.has(w) || /^[^\p{Ll}]*\p{Lu}/u.test(w));
}

/** A break between paragraphs at `text[i]`: a blank line, or the end of a heading line. */
function isParagraphBreak(text: string, i: number): boolean {
  if (text[i] !== '\n') return false;
  let j = i + 1;
  while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\r')) j++;
  if (text[j] === '\n') return true;
  const lineStart = text.lastIndexOf('\n', i - 1) + 1;
  return i - lineStart <= 80 && isHeading(text.slice(lineStart, i));
}

const OPENER = /^(?:This|These|The|It|Each|Either|Neither|Any|All|Such|No|Nothing|If|Unless|Notwithstanding|Subject|Except|Upon|Without)\b/;

/**
 * A sentence starts at `i` after a heading on the same line ("3.1 Governing Law and
 * Jurisdiction This Agreement ..."): a usual sentence opener right after a capitalized word or
 * a number, with no punctuation between.
 */
function startsAfterHeading(text: string, i: number): boolean {
  if (i === 0 || !isSpace(text[i - 1]) || !OPENER.test(text.slice(i, i + 16))) return false;
  let k = i - 1;
  while (k >= 0 && isSpace(text[k])) k--;
  let w = k;
  while (w >= 0 && !isSpace(text[w])) w--;
  const word = text.slice(w + 1, k + 1);
  return /^(?:\p{Lu}[\p{L}'’-]*|[\d.]+)$/u.test(word);
}

/**
 * [start, end) grown to the sentences around it, within MAX_CLAUSE_CHARS (cut at spaces,
 * keeping the quote). Positions outside the text are clamped.
 */
export function expandToSentences(text: string, start: number, end: number, maxChars = MAX_CLAUSE_CHARS): [number, number] {
  const s0 = Math.max(0, Math.min(start, text.length));
  const e0 = Math.max(s0, Math.min(end, text.length));
  const limit = Math.max(maxChars, e0 - s0);
  const budget = Math.floor((limit - (e0 - s0)) / 2);

  // Back to the character after the previous sentence's end (or a paragraph break).
  let s = s0;
  while (s > 0 && s0 - s < budget) {
    const prev = s - 1;
    if (endsSentenceAt(text, prev) || isParagraphBreak(text, prev) || startsAfterHeading(text, s)) break;
    s--;
  }
  // Forward to the end of the sentence the range ends in.
  let e = e0;
  if (e > s0 && endsSentenceAt(text, e - 1)) {
    // Already ends a sentence.
  } else {
    while (e < text.length && e - e0 < budget) {
      if (isParagraphBreak(text, e)) break;
      if (endsSentenceAt(text, e)) {
        e++;
        while (e < text.length && /["'”’)\]]/.test(text[e]!)) e++;
        break;
      }
      e++;
    }
  }
  // Cut at white space when the budget ran out mid-sentence.
  while (s < s0 && !isSpace(text[s - 1]) && s > 0 && s0 - s >= budget) s++;
  while (s < s0 && isSpace(text[s])) s++;
  while (e > e0 && isSpace(text[e - 1])) e--;
  return [s, e];
}

/** The clause text of several cited ranges on one page: each grown, overlaps merged, in page order. */
export function clauseText(text: string, ranges: readonly (readonly [number, number])[], maxChars = MAX_CLAUSE_CHARS): string {
  const grown = ranges.map(([a, b]) => expandToSentences(text, a, b, maxChars)).sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const r of grown) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged
    .map(([a, b]) => text.slice(a, b).replace(/\s+/g, ' ').trim())
    .join(' … ')
    .slice(0, maxChars * 2);
}

/** Where the sentence that `from` is in ends (after its end mark), looking at most `maxChars` ahead. */
export function sentenceEnd(text: string, from: number, maxChars = MAX_CLAUSE_CHARS): number {
  const limit = Math.min(text.length, from + maxChars);
  const window = text.slice(from, limit);
  const candidates = /[.!?]|\n[ \t\r]*\n/g;
  for (let m = candidates.exec(window); m !== null; m = candidates.exec(window)) {
    const at = from + m.index;
    if (m[0].startsWith('\n')) return at;
    if (endsSentenceAt(text, at)) {
      let e = at + 1;
      while (e < text.length && /["'”’)\]]/.test(text[e]!)) e++;
      return e;
    }
  }
  return limit;
}
