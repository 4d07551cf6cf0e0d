// The detector: structured patterns, name and place context and lexicons, the identifiers
// the archive already knows for the patient, then every other occurrence of a found name
// word or place (propagation). Any one of them is enough: recall comes first. Overlapping
// spans merge into one, typed by the strongest evidence.
import { detectNamesAndPlaces } from './names';
import { PATTERNS } from './patterns';
import { MAX_DEID_CHARS, type KnownIdentifiers, type PhiSpan, type PhiType } from './types';
import { NOT_NAMES } from './lexicon';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function patternSpans(text: string): PhiSpan[] {
  const out: PhiSpan[] = [];
  for (const p of PATTERNS) {
    for (const m of text.matchAll(p.re)) {
      const value = p.labelled ? m[m.length - 1] : m[0];
      if (!value) continue;
      const start = m.index! + (p.labelled ? m[0].lastIndexOf(value) : 0);
      out.push({ start, end: start + value.length, type: p.type, text: value, source: 'pattern' });
    }
  }
  return out;
}

/** A known value as a pattern that tolerates spacing, punctuation and "Last, First" order. */
function knownPatterns(known: KnownIdentifiers): Array<{ type: PhiType; re: RegExp }> {
  const out: Array<{ type: PhiType; re: RegExp }> = [];
  const add = (type: PhiType, value: string, flexibleDigits: boolean): void => {
    const v = value.trim();
    if (v.length < 2) return;
    const body = flexibleDigits && /\d/.test(v)
      ? v.replace(/[^A-Za-z0-9]/g, '').split('').map(escape).join('[\\s./-]?')
      : v.split(/[\s,]+/).filter(Boolean).map(escape).join('[\\s,.-]{1,3}');
    if (body) out.push({ type, re: new RegExp(`(?<![A-Za-z0-9])${body}(?![A-Za-z0-9])`, 'gi') });
  };
  for (const name of known.names ?? []) {
    add('name', name, false);
    // Each part alone too ("Smith" in "Mr. Smith"), when it is not a common word.
    for (const part of name.split(/[\s,]+/)) if (part.replace(/\./g, '').length > 1 && !NOT_NAMES.has(part.toLowerCase())) add('name', part, false);
  }
  for (const d of known.dates ?? []) add('date', d, true);
  for (const mrn of known.mrns ?? []) add('mrn', mrn, true);
  for (const o of known.other ?? []) add('other_id', o, true);
  return out;
}

// When spans overlap, the kept type is the most specific evidence.
const RANK: Record<PhiSpan['source'], number> = { known: 5, pattern: 4, context: 3, lexicon: 2, propagated: 1 };

function merge(spans: PhiSpan[], text: string): PhiSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: PhiSpan[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) {
      const end = Math.max(last.end, s.end);
      const winner = RANK[s.source] > RANK[last.source] && s.end - s.start >= (last.end - last.start) / 2 ? s : last;
      out[out.length - 1] = { ...winner, start: last.start, end, text: text.slice(last.start, end) };
    } else out.push(s);
  }
  return out;
}

/**
 * Every other capitalised occurrence of a found name word or place, anywhere in the text. A
 * word the text also writes in lower case ("diabetes" beside "Diabetes Mellitus") is a common
 * word, not a name: it is not spread.
 */
function propagate(text: string, found: readonly PhiSpan[], wholeText = text): PhiSpan[] {
  // Prose words only: not the insides of e-mail addresses, URLs or file names.
  const lowerWords = new Set(wholeText.match(/(?<![\w.@/-])[a-z][a-z'-]{1,40}(?![\w@/]|\.\w)/g) ?? []);
  const words = new Map<string, PhiType>();
  for (const s of found) {
    if (s.type === 'name') {
      for (const w of s.text.split(/[\s,]+/)) {
        const k = w.replace(/['’]s$|[.]/g, '');
        if (k.length > 1 && /^[A-Z]/.test(k) && !NOT_NAMES.has(k.toLowerCase()) && !lowerWords.has(k.toLowerCase())) words.set(k.toLowerCase(), 'name');
      }
    } else if (s.type === 'location' && /^[A-Z]/.test(s.text) && !NOT_NAMES.has(s.text.toLowerCase()) && !lowerWords.has(s.text.toLowerCase())) words.set(s.text.toLowerCase(), 'location');
  }
  if (words.size === 0) return [];
  const out: PhiSpan[] = [];
  // One alternation per type, longest first so "New Haven" wins over "New".
  for (const type of ['name', 'location'] as const) {
    const list = [...words].filter(([, t]) => t === type).map(([w]) => w).sort((a, b) => b.length - a.length);
    if (!list.length) continue;
    const re = new RegExp(`(?<![A-Za-z])(?:${list.map((w) => escape(w).replace(/ /g, '\\s{1,3}')).join('|')})(?![A-Za-z])`, 'gi');
    for (const m of text.matchAll(re)) if (/^[A-Z]/.test(m[0])) out.push({ start: m.index!, end: m.index! + m[0].length, type, text: m[0], source: 'propagated' });
  }
  return out;
}

/** The identifiers in a text, sorted and without overlaps. */
export function detectPhi(text: string, known: KnownIdentifiers = {}): PhiSpan[] {
  if (text.length > MAX_DEID_CHARS) throw new RangeError(`text longer than ${MAX_DEID_CHARS} characters: split it first`);
  const spans = [...patternSpans(text), ...detectNamesAndPlaces(text)];
  for (const { type, re } of knownPatterns(known)) {
    for (const m of text.matchAll(re)) spans.push({ start: m.index!, end: m.index! + m[0].length, type, text: m[0], source: 'known' });
  }
  spans.push(...propagate(text, spans));
  return merge(spans, text);
}

/**
 * The identifiers of each page of one document. Each page is read on its own, then the name
 * words that are sure enough are spread to every other page (a patient named on some pages is
 * also in the other pages' footers): those the archive knows, and those found by their context
 * on two pages or more (not places: "VA" is a state on one page and the agency on the next). One page's context alone is not enough: a label's name
 * pattern can run on into the words after it ("Guardian: SMITH, J CONFIDENTIAL Page"), and
 * those would be blacked out on every page. The lower-case test that keeps common words from
 * spreading looks at the whole document.
 */
export function detectPhiInPages(pages: readonly string[], known: KnownIdentifiers = {}): PhiSpan[][] {
  const own = pages.map((text) => detectPhi(text, known));
  const pagesOf = new Map<string, Set<number>>();
  own.forEach((spans, i) => {
    for (const s of spans) if (s.source === 'context' && s.type === 'name') for (const w of s.text.toLowerCase().split(/[\s,]+/)) (pagesOf.get(w) ?? pagesOf.set(w, new Set()).get(w)!).add(i);
  });
  const sure = (w: string): boolean => (pagesOf.get(w.toLowerCase())?.size ?? 0) >= 2;
  const seeds = own.flat().flatMap((s): PhiSpan[] => {
    if (s.source === 'known') return [s];
    if (s.source !== 'context' || s.type !== 'name') return [];
    // Keep only the sure words of the span, each as a span of its own for propagate().
    return s.text.split(/[\s,]+/).filter(sure).map((w) => ({ ...s, text: w }));
  });
  const wholeText = pages.join('\n');
  return pages.map((text, i) => merge([...own[i]!, ...propagate(text, seeds, wholeText)], text));
}
