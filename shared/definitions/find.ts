// Defined terms of a contract, found with patterns over the text layer. Shared: pure
// TypeScript, no Node, no DOM.
//
// Forms read (straight or curly quotes):
// - "Confidential Information" means / shall mean / has the meaning / is defined as … (to the
//   end of the sentence);
// - … (the "Effective Date"), ("Company"), (hereinafter "Licensee"), (each a "Party"),
//   (collectively, the "Parties"): the words before the bracket, back to the sentence start;
// - "Territory" as defined in Section 2.1: a pointer, kept as it is written;
// - an unquoted heading-style definition at a line start: "(f) Effective Date means May 3, 2006".
//
// Hostile text: every pattern is anchored or has bounded repetition (a term is at most
// MAX_TERM_CHARS, a definition at most MAX_DEFINITION_CHARS), and the scan moves forward from
// one quote character to the next, so time is linear in the page length.
import { expandToSentences, sentenceEnd } from '../clauses/expand';

export const MAX_TERM_CHARS = 80;
export const MAX_DEFINITION_CHARS = 600;

export type DefinitionKind = 'means' | 'parenthetical' | 'reference';

export interface FoundDefinition {
  readonly term: string;
  /** The defining words ("all non-public information …"), or the pointer ("as defined in Section 10"). */
  readonly definition: string;
  readonly kind: DefinitionKind;
  /** [start, end) of the whole definition on the page (the term included). */
  readonly start: number;
  readonly end: number;
}

const OPEN = /["“]/g;
const MEANS = /^[”"]?\s*(?:,\s*)?(?:shall\s+mean|means|shall\s+have\s+the\s+meaning|has\s+the\s+meaning|shall\s+refer\s+to|refers\s+to|is\s+defined\s+as|shall\s+be\s+defined\s+as)\b/i;
const AS_DEFINED = /^[”"]?\s*,?\s*\(?\s*(as\s+(?:such\s+term\s+is\s+)?defined\s+in\s+[^).;\n]{1,80})/i;
const BEFORE_PAREN = /\(\s*(?:(?:the|each|a|an|individually|collectively|together|jointly|hereinafter|herein|referred|to|as|and|or|each,|collectively,|together,|individually,|hereinafter,)\s+){0,5}$/i;
const UNQUOTED = /(?:^|\n)[ \t]*(?:\(?[a-z0-9]{1,4}[.)]\s+)?((?:[A-Z][\w'’-]{0,30}[ \t]+){0,5}[A-Z][\w'’-]{0,30})[ \t]+(?:shall\s+mean|means)\b/g;

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function cap(text: string): string {
  return text.length <= MAX_DEFINITION_CHARS ? text : `${text.slice(0, MAX_DEFINITION_CHARS - 1).replace(/\s+\S*$/, '')}…`;
}

/** A plausible term: starts with a capital or digit, not a whole sentence. */
function isTerm(term: string): boolean {
  return term.length >= 1 && term.length <= MAX_TERM_CHARS && /^[\p{Lu}\p{N}]/u.test(term) && !/[.;:!?]\s/.test(term) && term.split(/\s+/).length <= 8;
}

/** Every definition on one page's text, in page order (a term may appear more than once). */
export function findDefinitions(text: string): FoundDefinition[] {
  const out: FoundDefinition[] = [];
  OPEN.lastIndex = 0;
  for (let m = OPEN.exec(text); m !== null; m = OPEN.exec(text)) {
    const open = m.index;
    // The closing quote within MAX_TERM_CHARS, on the same line.
    let close = -1;
    for (let i = open + 1; i < text.length && i <= open + MAX_TERM_CHARS + 1; i++) {
      const ch = text[i];
      if (ch === '"' || ch === '”') {
        close = i;
        break;
      }
      if (ch === '\n' || ch === '“') break;
    }
    if (close < 0) continue;
    const term = clean(text.slice(open + 1, close));
    if (!isTerm(term)) continue;
    OPEN.lastIndex = close + 1;
    const after = text.slice(close + 1, close + 1 + 120);

    const means = MEANS.exec(after);
    if (means) {
      const from = close + 1 + means[0].length;
      const end = sentenceEnd(text, from, MAX_DEFINITION_CHARS);
      const definition = cap(clean(text.slice(from, end)).replace(/^[,:]\s*/, ''));
      if (definition !== '') out.push({ term, definition, kind: 'means', start: open, end });
      continue;
    }
    const pointer = AS_DEFINED.exec(after);
    if (pointer) {
      out.push({ term, definition: clean(pointer[1]!), kind: 'reference', start: open, end: close + 1 + pointer[0].length });
      continue;
    }
    // Parenthetical: "(the " right before the quote and ")" or "," right after it.
    const before = text.slice(Math.max(0, open - 60), open);
    const paren = BEFORE_PAREN.exec(before);
    if (paren && /^\s*(?:[),;]|and\s|or\s)/.test(text.slice(close + 1, close + 6))) {
      const parenAt = open - before.length + paren.index;
      // Back to the sentence start, or to the previous bracket's end: "between A, Inc. ("A") and B LLC ("B")".
      const [sentenceStart] = expandToSentences(text, parenAt, parenAt, MAX_DEFINITION_CHARS * 2);
      const from = Math.max(sentenceStart, text.lastIndexOf(')', parenAt - 1) + 1, parenAt - MAX_DEFINITION_CHARS);
      // A party: the name after "between" ("made between Acme Corp (the "Buyer")" defines Acme Corp).
      const words = clean(text.slice(from, parenAt));
      const party = /\bbetween\s+(?!.*\bbetween\s)(.+)$/i.exec(words);
      const definition = cap((party ? party[1]! : words).replace(/^[,;\s]*(?:(?:by\s+and\s+)?between|and|by)?\s+/i, '').replace(/[,\s]+$/, ''));
      if (definition !== '') out.push({ term, definition, kind: 'parenthetical', start: from, end: close + 1 });
    }
  }
  for (const m of text.matchAll(UNQUOTED)) {
    const term = clean(m[1]!).replace(/^(?:The|A|An)\s+/, '');
    if (!isTerm(term) || out.some((d) => d.term === term)) continue;
    const from = (m.index ?? 0) + m[0].length;
    const end = sentenceEnd(text, from, MAX_DEFINITION_CHARS);
    const definition = cap(clean(text.slice(from, end)));
    if (definition !== '') out.push({ term, definition, kind: 'means', start: m.index ?? 0, end });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** A document's definitions over its pages: the first definition of each term (case aside), in page order. */
export function documentDefinitions(pages: Iterable<{ number: number; text: string }>): Array<FoundDefinition & { page: number }> {
  const seen = new Set<string>();
  const out: Array<FoundDefinition & { page: number }> = [];
  for (const { number, text } of pages) {
    for (const d of findDefinitions(text)) {
      const key = d.term.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ ...d, page: number });
    }
  }
  return out;
}

/**
 * The definitions a passage uses: terms that occur in it as written (whole words, capitals as
 * defined), most used first, bounded to `maxChars` of "Term: definition" lines. Terms defined
 * inside the passage itself are left out (the passage already says what they mean).
 */
export function definitionsUsed<D extends { term: string; definition: string }>(passage: string, definitions: readonly D[], maxChars: number): D[] {
  const counted: Array<{ d: D; n: number }> = [];
  for (const d of definitions) {
    if (passage.includes(d.definition.slice(0, 60))) continue;
    const n = countTerm(passage, d.term);
    if (n > 0) counted.push({ d, n });
  }
  counted.sort((a, b) => b.n - a.n);
  const out: D[] = [];
  let used = 0;
  for (const { d } of counted) {
    const size = d.term.length + d.definition.length + 8;
    if (used + size > maxChars) continue;
    used += size;
    out.push(d);
  }
  return out;
}

/** How often `term` occurs in `text` as written, as whole words (at most 1000). */
export function countTerm(text: string, term: string): number {
  let n = 0;
  if (term === '') return 0;
  for (let at = text.indexOf(term); at >= 0 && n < 1000; at = text.indexOf(term, at + term.length)) {
    const before = text[at - 1];
    const after = text[at + term.length];
    if (!(before && /[\p{L}\p{N}]/u.test(before)) && !(after && /[\p{L}\p{N}]/u.test(after))) n++;
  }
  return n;
}

/** The definitions whose term occurs in `text` (a line of the reader's text layer), longest term first. */
export function termsIn<D extends { term: string }>(text: string, definitions: readonly D[]): D[] {
  return definitions.filter((d) => countTerm(text, d.term) > 0).sort((a, b) => b.term.length - a.term.length);
}
