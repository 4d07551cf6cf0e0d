// Grounding checks: is an extracted value supported by the text the model cited? The
// statuses the UI shows for every value, and `findQuote`, which maps a quote back to a
// char range of the page (for highlighting). Shared: pure TypeScript, no Node, no DOM.
//
// - not_found:   nothing was cited (or the value is empty). A value without evidence is
//                never shown as found, whatever the model wrote.
// - cited:       a judgement (boolean, enum, or a field marked non-extractive) with
//                evidence; the words cannot be checked, the evidence can be read.
// - verified:    the value's words appear, whole and in order, in the cited text; or, for
//                dates, money, durations and numbers, the cited text contains a span that
//                normalizes to the same value ("2021-01-05" in "January 5, 2021").
//                Money spans count only when they state a currency, and a value naming a
//                currency needs that currency. A value with no content word (a bare "5")
//                verifies only against a span that has one ("five (5)").
// - unsupported: cited, but the value is not found in what was cited.
//
// "Content word": at least 2 characters and not a stop word (text.ts), so "a", "I", "the"
// or "of the" can never be verified.
import { DURATION_UNITS, isNumberWord, normalizeValue, sameNormalized, type Money, type NormalizeOptions } from './normalize';
import type { FieldType, ScalarType, TemplateField } from './templates';
import { fold, foldWithMap, isContentToken, isWordChar, tokenize, type Token } from './text';

export const VERIFY_STATUSES = ['verified', 'unsupported', 'cited', 'not_found'] as const;
export type VerifyStatus = (typeof VERIFY_STATUSES)[number];

/**
 * Extractive types must be found in the text: text, date, number, money, duration, and
 * the items of lists and the cells of tables. Boolean and enum values are judgements.
 */
export function isExtractiveType(type: FieldType): boolean {
  switch (type) {
    case 'text':
    case 'date':
    case 'number':
    case 'money':
    case 'duration':
    case 'list':
    case 'table':
      return true;
    case 'boolean':
    case 'enum':
      return false;
    default:
      return type satisfies never;
  }
}

/** The type's rule unless the template overrides it with `extractive`. */
export function isExtractiveField(field: Pick<TemplateField, 'type' | 'extractive'>): boolean {
  return field.extractive ?? isExtractiveType(field.type);
}

export interface VerifyInput {
  /** The field's type; for a list item pass 'list' (or 'text'), for a cell the column's type. */
  readonly type: FieldType;
  readonly value: string | number | boolean | null | undefined;
  /** The texts of the evidence the model cited, in document order. */
  readonly citedTexts: readonly string[];
  /** Overrides the type's rule (a template field's `extractive`). */
  readonly extractive?: boolean;
  readonly normalize?: NormalizeOptions;
}

// Longest span (in words) tried when matching a normalized value: "the 5th day of
// January, 2021" is 6 words; "one (1) year and six (6) months" 7.
const MAX_SPAN_WORDS = 8;
// Bounds the work per value on unusually long evidence.
const MAX_CITED_WORDS = 4000;

function isEmpty(value: VerifyInput['value']): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

function containsSequence(haystack: readonly Token[], needle: readonly Token[]): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) {
      if (haystack[i + j]?.key !== needle[j]?.key) continue outer;
    }
    return true;
  }
  return false;
}

// Many values cite the same lines; remember the last few folds.
const citationCache = new Map<string, { text: string; tokens: Token[] }>();
function foldedCitation(cited: string): { text: string; tokens: Token[] } {
  const hit = citationCache.get(cited);
  if (hit) return hit;
  const text = fold(cited);
  const entry = { text, tokens: tokenize(text).slice(0, MAX_CITED_WORDS) };
  if (citationCache.size >= 32) citationCache.delete(citationCache.keys().next().value ?? '');
  citationCache.set(cited, entry);
  return entry;
}

const TYPED: ReadonlySet<FieldType> = new Set(['date', 'number', 'money', 'duration']);

export function verifyValue(input: VerifyInput): VerifyStatus {
  const cited = input.citedTexts.filter((t) => t.trim() !== '');
  if (cited.length === 0 || isEmpty(input.value)) return 'not_found';
  const extractive = input.extractive ?? isExtractiveType(input.type);
  if (!extractive) return 'cited';

  // One text, with line breaks between the cited pieces so a word hyphenated across two
  // cited lines is joined again.
  const { text, tokens: textTokens } = foldedCitation(cited.join('\n'));
  const valueTokens = tokenize(fold(String(input.value)));
  const valueHasContent = valueTokens.some((t) => isContentToken(t.key));

  // Whole words, in order; and at least one word that means something on its own. Money
  // that names its currency must match by value: "€1,000,000" is not "$1,000,000".
  const namesCurrency = input.type === 'money' && normalizeValue('money', input.value, input.normalize).normalized?.currency != null;
  if (!namesCurrency && valueHasContent && containsSequence(textTokens, valueTokens)) return 'verified';

  // A span of the text with the same normalized value. When the value itself has no
  // content word (a bare "5"), the span must have one ("five (5)"), so a lone digit does not
  // verify against any digit that happens to be in the text.
  if (TYPED.has(input.type)) {
    const type = input.type as ScalarType;
    const target = normalizeValue(type, input.value, input.normalize);
    if (target.ok && target.normalized !== null && hasSpanEqualTo(type, target.normalized, text, textTokens, valueHasContent, input.normalize)) {
      return 'verified';
    }
  }
  return 'unsupported';
}

function hasSpanEqualTo(
  type: ScalarType,
  target: unknown,
  text: string,
  tokens: readonly Token[],
  valueHasContent: boolean,
  options: NormalizeOptions | undefined,
): boolean {
  const matches = (candidate: unknown): boolean => {
    if (type !== 'money') return sameNormalized(type, candidate, target);
    // A span is money only if it states a currency ("one (1) year" holds no money); a value
    // without a currency then matches the amount in any currency, one with a currency only that one.
    const c = candidate as Money;
    const t = target as Money;
    return c.currency !== null && c.amount === t.amount && (t.currency === null || c.currency === t.currency);
  };
  if (type === 'money' && !CURRENCY_HINT.test(text)) return false;
  for (let i = 0; i < tokens.length; i++) {
    const first = tokens[i];
    if (first === undefined) continue;
    for (let n = 1; n <= MAX_SPAN_WORDS && i + n <= tokens.length; n++) {
      const last = tokens[i + n - 1];
      if (last === undefined) break;
      if (!canEndSpan(type, last.key)) continue; // cheap: most windows cannot be a value
      // Widen to a currency sign or an opening parenthesis just before the first word.
      let start = first.start;
      while (start > 0 && /[$€£¥₹(]/u.test(text.charAt(start - 1))) start--;
      const span = text.slice(start, last.end);
      const candidate = normalizeValue(type, span, options);
      if (!candidate.ok || !matches(candidate.normalized)) continue;
      if (valueHasContent || tokens.slice(i, i + n).some((t) => isContentToken(t.key))) return true;
    }
  }
  return false;
}

const CURRENCY_HINT = /[$€£¥₹₩₪]|dollar|euro|pound|sterling|yen|rupee|franc|\b[a-z]{3}\b/u;
const MONEY_END = new Set(['thousand', 'million', 'billion', 'trillion', 'k', 'm', 'mm', 'mn', 'b', 'bn', 'dollar', 'dollars',
  'euro', 'euros', 'pound', 'pounds', 'sterling', 'yen', 'rupee', 'rupees', 'franc', 'francs']);

/** Whether a window of words ending with this word could normalize to a value of the type. */
function canEndSpan(type: ScalarType, key: string): boolean {
  const digit = /\d/.test(key);
  switch (type) {
    case 'duration':
      return DURATION_UNITS.has(key);
    case 'date':
      return digit;
    case 'number':
      return digit || isNumberWord(key);
    case 'money':
      return digit || isNumberWord(key) || MONEY_END.has(key) || key.length === 3;
    default:
      return true;
  }
}

/**
 * Finds a quote in a page's text and returns its [start, end) char range in the ORIGINAL
 * text, or null. Tolerates case, whitespace and line breaks, soft hyphens, hyphenation at
 * line ends, curly quotes and dash styles; as a last resort also spaces and hyphens
 * anywhere ("termi- nation"). The match must start and end on word boundaries.
 */
export function findQuote(pageText: string, quote: string): [number, number] | null {
  const q = fold(quote);
  if (q === '') return null;
  const page = foldWithMap(pageText);

  const boundaryOk = (start: number, end: number): boolean =>
    !(isWordChar(q.charAt(0)) && isWordChar(charBefore(pageText, start))) &&
    !(isWordChar(q.charAt(q.length - 1)) && isWordChar(charAt(pageText, end)));

  const search = (hay: string, needle: string, starts: readonly number[], ends: readonly number[]): [number, number] | null => {
    if (needle === '') return null;
    for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) {
      const start = starts[at];
      const end = ends[at + needle.length - 1];
      if (start !== undefined && end !== undefined && boundaryOk(start, end)) return [start, end];
    }
    return null;
  };

  const exact = search(page.text, q, page.starts, page.ends);
  if (exact) return exact;

  // Compact form: no spaces, no hyphens.
  const compactStarts: number[] = [];
  const compactEnds: number[] = [];
  let compact = '';
  for (let i = 0; i < page.text.length; i++) {
    const c = page.text.charAt(i);
    if (c === ' ' || c === '-') continue;
    compact += c;
    compactStarts.push(page.starts[i] ?? 0);
    compactEnds.push(page.ends[i] ?? 0);
  }
  return search(compact, q.replace(/[ -]/g, ''), compactStarts, compactEnds);
}

function charBefore(text: string, index: number): string | undefined {
  if (index <= 0) return undefined;
  const low = text.charCodeAt(index - 1);
  // Step back over a surrogate pair so the whole code point is tested.
  if (low >= 0xdc00 && low <= 0xdfff && index >= 2) return text.slice(index - 2, index);
  return text.charAt(index - 1);
}

function charAt(text: string, index: number): string | undefined {
  if (index >= text.length) return undefined;
  return String.fromCodePoint(text.codePointAt(index) ?? 0);
}
