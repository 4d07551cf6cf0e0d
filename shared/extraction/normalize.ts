// Normalizing extracted values by type: the raw text is kept for display and grounding; the
// normalized form is what is compared, sorted and exported. Never throws: a value that
// cannot be read comes back with `normalized: null, ok: false`. English wording only.
// Shared: pure TypeScript, no Node, no DOM.
//
// Decisions (documented because a reader would otherwise have to guess):
// - Dates: ISO "YYYY-MM-DD"; a month and year gives "YYYY-MM", a bare year "YYYY". Numeric
//   dates are month/day/year unless `dateOrder: 'dmy'`; when the preferred order is
//   impossible but the other is valid ("25/12/2021"), the other is used. Two-digit years
//   (numeric dates only) below `twoDigitYearPivot` (default 50) are 20xx, others 19xx.
// - Money: `{ amount, currency }`, currency an ISO 4217 code or null when not stated. "$"
//   and "dollars" mean USD. Separators: when both "." and "," appear, the last one is the
//   decimal mark ("€ 2.000,50" = 2000.5; "$1,000.50" = 1000.5). A lone "," followed by
//   exactly three digits groups thousands ("1,000"), otherwise it is a decimal comma
//   ("2,5"). A lone "." is a decimal point ("1.500" = 1.5) unless `decimalComma` is set.
//   Words in parentheses lose to the figure: "Ten Thousand Dollars ($10,000)" reads the
//   figure. Spelled-out amounts ("one million dollars") are read too.
// - Durations: `{ days?, months? }`: weeks become days (x7), years become months (x12),
//   quarters months (x3), whole multiples of 24 hours become days. "Business days" are
//   counted as days (the raw text keeps the difference). Parts add up ("1 year and 6
//   months" = 18 months).
// - Booleans: yes/true/present... are true, no/false/absent... false; "not applicable",
//   "n/a", "unknown", "not stated" are recognized as null (ok), anything else fails.
import { fold, tokenize } from './text';
import type { ScalarType } from './templates';

export type RawValue = string | number | boolean | null | undefined;

export interface Money {
  readonly amount: number;
  readonly currency: string | null;
}

export interface Duration {
  readonly days?: number;
  readonly months?: number;
}

export interface NormalizedByType {
  text: string;
  date: string;
  number: number;
  money: Money;
  duration: Duration;
  boolean: boolean;
  enum: string;
}

export interface NormalizeResult<T> {
  readonly raw: RawValue;
  readonly normalized: T | null;
  readonly ok: boolean;
}

export interface NormalizeOptions {
  /** Order of numeric dates such as 01/05/2021 (default 'mdy'). */
  readonly dateOrder?: 'mdy' | 'dmy';
  readonly twoDigitYearPivot?: number;
  /** Read a lone "." as a thousands separator ("1.500" = 1500). */
  readonly decimalComma?: boolean;
  /** Options of an enum; matched without regard to case, spacing or punctuation. */
  readonly options?: readonly string[];
}

// ---------------------------------------------------------------------------------------
// Numbers

const SMALL: Readonly<Record<string, number>> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16,
  seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50,
  sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const SCALE: Readonly<Record<string, number>> = { hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };
const MULTIPLIER: Readonly<Record<string, number>> = {
  k: 1e3, thousand: 1e3, m: 1e6, mm: 1e6, mn: 1e6, million: 1e6, b: 1e9, bn: 1e9, billion: 1e9, trillion: 1e12,
};

/** "one hundred twenty-five thousand" -> 125000; null unless every word is a number word. */
export function parseNumberWords(text: string): number | null {
  const words = text.toLowerCase().replace(/-/g, ' ').split(/\s+/).filter((w) => w !== '' && w !== 'and');
  if (words.length === 0) return null;
  let total = 0;
  let current = 0;
  let seen = false;
  for (const [i, word] of words.entries()) {
    if (word in SMALL) {
      current += SMALL[word] ?? 0;
      seen = true;
    } else if ((word === 'a' || word === 'an') && current === 0 && (words[i + 1] ?? '') in SCALE) {
      current = 1;
    } else if (word in SCALE) {
      const scale = SCALE[word] ?? 1;
      if (current === 0) return null; // "million" alone, or "thousand thousand"
      if (scale === 100) current *= 100;
      else {
        total += current * scale;
        current = 0;
      }
      seen = true;
    } else return null;
  }
  return seen ? total + current : null;
}

/** A figure with separators: "1,234.5", "2.000,50", "-3". Null if it is not one. */
export function parseNumeral(text: string, decimalComma = false): number | null {
  let s = text.replace(/[\s\u00A0\u202F']/g, '');
  const negative = /^[-\u2212]/.test(s);
  s = s.replace(/^[-+\u2212]/, '');
  if (!/^\d[\d.,]*$/.test(s) || /[.,]$/.test(s)) return null;
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  let normalized: string;
  if (lastDot >= 0 && lastComma >= 0) {
    const decimal = lastDot > lastComma ? '.' : ',';
    const group = decimal === '.' ? ',' : '.';
    const [int = '', frac = ''] = s.split(decimal);
    if (s.split(decimal).length > 2 || frac.includes(group)) return null;
    if (!/^\d{1,3}([.,]\d{3})*$/.test(int)) return null;
    normalized = `${int.split(group).join('')}.${frac}`;
  } else if (lastComma >= 0 || lastDot >= 0) {
    const sep = lastComma >= 0 ? ',' : '.';
    const parts = s.split(sep);
    const grouped = parts.length > 1 && /^\d{1,3}$/.test(parts[0] ?? '') && parts.slice(1).every((p) => /^\d{3}$/.test(p));
    const thousands = sep === ',' ? grouped : parts.length > 2 ? grouped : decimalComma && grouped;
    if (thousands) normalized = parts.join('');
    else if (parts.length === 2) normalized = `${parts[0]}.${parts[1]}`;
    else return null;
  } else normalized = s;
  const n = Number(normalized);
  if (!Number.isFinite(n)) return null;
  return negative ? -n : n;
}

/**
 * A number written any common way: "30", "1,234.5", "thirty", "thirty (30)", "1.5 million",
 * "12%". The figure in parentheses wins over the words before it.
 */
function parseNumberExpression(text: string, decimalComma = false): number | null {
  let s = text.trim().replace(/\s+/g, ' ');
  const paren = /^(.*?)\s*\(\s*([^()]*?)\s*\)$/.exec(s);
  if (paren) {
    const inner = parseNumberExpression(paren[2] ?? '', decimalComma);
    if (inner !== null) return inner;
    s = paren[1] ?? '';
  }
  s = s.replace(/\s*%$/, '').trim();
  const figure = /^([-+\u2212]?\d[\d.,\s]*?)\s*([a-z]+)?$/i.exec(s);
  if (figure) {
    const n = parseNumeral(figure[1] ?? '', decimalComma);
    if (n === null) return null;
    const suffix = figure[2]?.toLowerCase();
    if (suffix === undefined) return n;
    const multiplier = MULTIPLIER[suffix];
    return multiplier === undefined ? null : round(n * multiplier);
  }
  return parseNumberWords(s);
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

// ---------------------------------------------------------------------------------------
// Dates

const MONTHS: Readonly<Record<string, number>> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6,
  jun: 6, july: 7, jul: 7, august: 8, aug: 8, september: 9, sep: 9, sept: 9, october: 10,
  oct: 10, november: 11, nov: 11, december: 12, dec: 12,
};
const WEEKDAYS = /^(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(day|nesday|rsday|urday)?$/;
const ORDINAL_WORDS: Readonly<Record<string, number>> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9,
  tenth: 10, eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15,
  sixteenth: 16, seventeenth: 17, eighteenth: 18, nineteenth: 19, twentieth: 20, thirtieth: 30,
};
const FILLER = new Set(['the', 'this', 'on', 'of', 'dated', 'as', 'effective', 'day', 'in', 'a.d', 'ad', 'year', 'our', 'lord']);

function daysInMonth(year: number, month: number): number {
  return [31, (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][
    month - 1
  ] ?? 0;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function isoDate(year: number, month: number, day?: number): string | null {
  if (!Number.isInteger(year) || year < 1000 || year > 9999 || month < 1 || month > 12) return null;
  if (day === undefined) return `${pad(year, 4)}-${pad(month)}`;
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) return null;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

function expandYear(text: string, pivot: number): number {
  const y = Number(text);
  if (text.length !== 2) return y;
  return y < pivot ? 2000 + y : 1900 + y;
}

/** Parses a date; see the header for the rules. */
export function parseDate(raw: string, options: NormalizeOptions = {}): string | null {
  const pivot = options.twoDigitYearPivot ?? 50;
  let s = fold(raw)
    .replace(/\s*-\s*/g, '-')
    .replace(/^[\s"'([]+|[\s"')\].,;:]+$/g, '')
    .replace(/\b(\d{1,2})(st|nd|rd|th)\b/g, '$1');
  // "twenty-first" -> 21, "first" -> 1 (ordinal day words, as in "this first day of May")
  s = s.replace(/\b(twenty|thirty)[- ](first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)\b/g, (_, tens: string, unit: string) =>
    String((tens === 'twenty' ? 20 : 30) + (ORDINAL_WORDS[unit] ?? 0)),
  );
  s = s.replace(/\b([a-z]+)\b/g, (w) => (w in ORDINAL_WORDS ? String(ORDINAL_WORDS[w]) : w));

  // Numeric forms first: ISO, then m/d/y or d/m/y, then month/year.
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})$/.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const year = expandYear(m[3] ?? '', pivot);
    const [first, second] = options.dateOrder === 'dmy' ? [isoDate(year, b, a), isoDate(year, a, b)] : [isoDate(year, a, b), isoDate(year, b, a)];
    return first ?? second;
  }
  m = /^(\d{4})[-/.](\d{1,2})$/.exec(s);
  if (m) return isoDate(Number(m[1]), Number(m[2]));
  m = /^(\d{1,2})[-/.](\d{4})$/.exec(s);
  if (m) return isoDate(Number(m[2]), Number(m[1]));
  if (/^\d{4}$/.test(s)) {
    const year = Number(s);
    return year >= 1000 ? s : null;
  }

  // Words: "january 5, 2021", "5 january 2021", "the 5th day of january, 2021", "5-jan-21".
  const words = s
    .replace(/(\p{L})\.(?=\s|$|-|,)/gu, '$1') // "jan." -> "jan"
    .split(/[\s,\-/]+/)
    .filter((w) => w !== '' && !FILLER.has(w) && !WEEKDAYS.test(w));
  let month: number | undefined;
  let monthAt = -1;
  const numbers: { value: string; at: number }[] = [];
  for (const [i, w] of words.entries()) {
    if (w in MONTHS && month === undefined) {
      month = MONTHS[w];
      monthAt = i;
    } else if (/^\d{1,4}$/.test(w)) numbers.push({ value: w, at: i });
    else return null;
  }
  if (month === undefined || numbers.length === 0 || numbers.length > 2) return null;
  const years = numbers.filter((n) => n.value.length === 4);
  if (years.length !== 1) return null;
  const year = Number(years[0]?.value);
  const days = numbers.filter((n) => n.value.length <= 2);
  if (days.length === 0) return isoDate(year, month);
  const day = days[0];
  // The year comes last; the day sits right before or after the month.
  if (day === undefined || (years[0]?.at ?? 0) < Math.max(day.at, monthAt) || Math.abs(day.at - monthAt) !== 1) return null;
  return isoDate(year, month, Number(day.value));
}

// ---------------------------------------------------------------------------------------
// Money

const CURRENCY_CODES = new Set([
  'USD', 'EUR', 'GBP', 'JPY', 'CHF', 'CAD', 'AUD', 'NZD', 'CNY', 'RMB', 'INR', 'HKD', 'SGD',
  'SEK', 'NOK', 'DKK', 'ZAR', 'MXN', 'BRL', 'KRW', 'ILS', 'PLN', 'CZK', 'HUF', 'AED',
]);
const CURRENCY_SYMBOLS: readonly [RegExp, string][] = [
  [/\b(us|u\.s\.)\s?\$/i, 'USD'],
  [/\bc\s?\$|\bcad\s?\$/i, 'CAD'],
  [/\b(a|au)\s?\$/i, 'AUD'],
  [/\bnz\s?\$/i, 'NZD'],
  [/\bhk\s?\$/i, 'HKD'],
  [/\bs\s?\$/i, 'SGD'],
  [/\$/, 'USD'],
  [/€/, 'EUR'],
  [/£/, 'GBP'],
  [/¥/, 'JPY'],
  [/₹/, 'INR'],
  [/₩/, 'KRW'],
  [/₪/, 'ILS'],
];
const CURRENCY_WORDS: readonly [RegExp, string][] = [
  [/\bcanadian dollars?\b/i, 'CAD'],
  [/\baustralian dollars?\b/i, 'AUD'],
  [/\bnew zealand dollars?\b/i, 'NZD'],
  [/\bhong kong dollars?\b/i, 'HKD'],
  [/\bsingapore dollars?\b/i, 'SGD'],
  [/\bdollars?\b/i, 'USD'],
  [/\beuros?\b/i, 'EUR'],
  [/\b(pounds? sterling|pounds?|sterling)\b/i, 'GBP'],
  [/\byen\b/i, 'JPY'],
  [/\brupees?\b/i, 'INR'],
  [/\bswiss francs?\b/i, 'CHF'],
];

function findCurrency(text: string): string | null {
  // Case-insensitive because grounding compares folded (lower-cased) text; none of the
  // codes is an English word.
  for (const m of text.matchAll(/\b[A-Za-z]{3}\b/g)) {
    const code = m[0].toUpperCase();
    if (CURRENCY_CODES.has(code)) return code === 'RMB' ? 'CNY' : code;
  }
  for (const [re, code] of CURRENCY_SYMBOLS) if (re.test(text)) return code;
  for (const [re, code] of CURRENCY_WORDS) if (re.test(text)) return code;
  return null;
}

const MONEY_FIGURE = /[-\u2212]?\d[\d.,]*\d(?:\s*(?:thousand|million|billion|trillion|mm|mn|bn|k|m|b)\b)?|[-\u2212]?\d(?:\s*(?:thousand|million|billion|trillion|mm|mn|bn|k|m|b)\b)?/i;

const MONEY_FILLER = new Set([
  'us', 'u', 's', 'canadian', 'australian', 'new', 'zealand', 'hong', 'kong', 'singapore', 'swiss',
  'dollar', 'dollars', 'euro', 'euros', 'pound', 'pounds', 'sterling', 'yen', 'rupee', 'rupees',
  'franc', 'francs', 'the', 'sum', 'of', 'amount', 'only', 'lawful', 'money', 'states', 'united',
]);

const MONEY_CONTEXT = new Set([
  ...MONEY_FILLER, 'per', 'month', 'monthly', 'year', 'yearly', 'annum', 'annually', 'annual', 'up', 'to',
  'not', 'exceed', 'exceeding', 'in', 'aggregate', 'total', 'approximately', 'about', 'a', 'an', 'and', 'no', 'cents',
]);

/** True when what is left around a figure is only currency marks and money words. */
function isMoneyResidue(rest: string): boolean {
  const words = rest
    .toLowerCase()
    .replace(/(us|u\.s\.|c|a|au|nz|hk|s)?\s?[$€£¥₹₩₪]/g, ' ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
  return words.every((w) => MONEY_CONTEXT.has(w) || CURRENCY_CODES.has(w.toUpperCase()));
}

export function parseMoney(raw: string, options: NormalizeOptions = {}): Money | null {
  const text = raw.normalize('NFKC').trim();
  if (text === '') return null;
  const currency = findCurrency(text);
  // The figure in parentheses wins: "Ten Thousand Dollars ($10,000)".
  const parens = [...text.matchAll(/\(([^()]*\d[^()]*)\)/g)].map((m) => m[1] ?? '');
  // Outside parentheses, nothing but the figure, currency marks and a few filler words may
  // remain, so "1zWp" or "Section 1" is not read as an amount.
  const outside = text.replace(/\([^()]*\)/g, ' ').replace(/(\d)[\s\u00A0]+(?=\d{3}\b)/g, '$1');
  for (const candidate of [...parens, outside]) {
    const compact = candidate.replace(/(\d)[\s\u00A0]+(?=\d{3}\b)/g, '$1');
    const m = MONEY_FIGURE.exec(compact);
    if (m && isMoneyResidue(outside.replace(m[0], ' ')) && (candidate === outside || isMoneyResidue(compact.replace(m[0], ' ')))) {
      const amount = parseNumberExpression(m[0].trim(), options.decimalComma);
      if (amount !== null) return { amount: Math.round(amount * 100) / 100, currency };
    }
  }
  if (/\d/.test(outside)) return null;
  const words = text
    .toLowerCase()
    .replace(/[^\p{L}\s-]/gu, ' ')
    .split(/\s+/)
    .filter((w) => w !== '' && !CURRENCY_CODES.has(w.toUpperCase()) && !MONEY_FILLER.has(w))
    .join(' ');
  const amount = parseNumberWords(words);
  return amount === null ? null : { amount, currency };
}

// ---------------------------------------------------------------------------------------
// Durations

const UNIT: Readonly<Record<string, { kind: 'days' | 'months' | 'hours'; factor: number }>> = {
  day: { kind: 'days', factor: 1 }, days: { kind: 'days', factor: 1 },
  week: { kind: 'days', factor: 7 }, weeks: { kind: 'days', factor: 7 },
  month: { kind: 'months', factor: 1 }, months: { kind: 'months', factor: 1 }, mo: { kind: 'months', factor: 1 }, mos: { kind: 'months', factor: 1 },
  quarter: { kind: 'months', factor: 3 }, quarters: { kind: 'months', factor: 3 },
  year: { kind: 'months', factor: 12 }, years: { kind: 'months', factor: 12 }, yr: { kind: 'months', factor: 12 }, yrs: { kind: 'months', factor: 12 },
  hour: { kind: 'hours', factor: 1 }, hours: { kind: 'hours', factor: 1 }, hrs: { kind: 'hours', factor: 1 },
};
/** Words that end a duration ("days", "years"...). */
export const DURATION_UNITS: ReadonlySet<string> = new Set(Object.keys(UNIT));

/** A spelled-out number word ("thirty", "hundred"). */
export function isNumberWord(word: string | undefined): boolean {
  return word !== undefined && (word in SMALL || word === 'hundred' || word === 'and');
}

const BETWEEN_AMOUNT_AND_UNIT = new Set(['calendar', 'business', 'working', 'additional', 'further', 'consecutive', 'successive']);
const DURATION_TOKEN = /\(\s*\d[\d,.]*\s*\)|\d[\d,.]*|[a-z]+/g;

export function parseDuration(raw: string, options: NormalizeOptions = {}): Duration | null {
  const tokens = [...fold(raw).replace(/-/g, ' ').matchAll(DURATION_TOKEN)].map((m) => m[0]);
  let days = 0;
  let months = 0;
  let hours = 0;
  let sawDays = false;
  let sawMonths = false;
  let start = 0; // tokens before `start` belong to an earlier part
  for (const [i, token] of tokens.entries()) {
    const unit = UNIT[token];
    if (unit === undefined) continue;
    // The amount is right before the unit: "(30)", "30", or number words ("thirty", "a").
    let j = i - 1;
    // Words between the amount and the unit: "30 calendar days", "one (1) additional month".
    while (j >= start && BETWEEN_AMOUNT_AND_UNIT.has(tokens[j]!)) j--;
    let amount: number | null = null;
    const prev = tokens[j];
    if (prev !== undefined && j >= start && /^[(\d]/.test(prev)) {
      amount = parseNumeral(prev.replace(/[()\s]/g, ''), options.decimalComma);
    } else if (prev === 'a' || prev === 'an') {
      amount = 1;
    } else {
      let k = j;
      while (k >= start && isNumberWord(tokens[k])) k--;
      amount = k === j ? null : parseNumberWords(tokens.slice(k + 1, j + 1).join(' '));
    }
    if (amount === null) continue;
    if (unit.kind === 'days') {
      days += amount * unit.factor;
      sawDays = true;
    } else if (unit.kind === 'months') {
      months += amount * unit.factor;
      sawMonths = true;
    } else hours += amount;
    start = i + 1;
  }
  if (hours > 0) {
    if (hours % 24 !== 0) return null;
    days += hours / 24;
    sawDays = true;
  }
  if (!sawDays && !sawMonths) return null;
  const out: { days?: number; months?: number } = {};
  if (sawDays) out.days = round(days);
  if (sawMonths) out.months = round(months);
  return out;
}

// ---------------------------------------------------------------------------------------
// Booleans, enums, text

const TRUE_WORDS = new Set(['yes', 'y', 'true', 't', 'present', 'included', 'includes', 'exists', 'applies', 'applicable', 'checked', 'x', '1']);
const FALSE_WORDS = new Set(['no', 'n', 'false', 'f', 'absent', 'not present', 'not included', 'none', 'unchecked', '0']);
const NULL_WORDS = new Set(['not applicable', 'n/a', 'na', 'unknown', 'not stated', 'not specified', 'not found', 'null']);

function parseBoolean(raw: string): { value: boolean | null; ok: boolean } {
  const s = fold(raw).replace(/[.!]+$/, '').trim();
  if (TRUE_WORDS.has(s)) return { value: true, ok: true };
  if (FALSE_WORDS.has(s)) return { value: false, ok: true };
  if (NULL_WORDS.has(s)) return { value: null, ok: true };
  return { value: null, ok: false };
}

// Words without spaces or hyphens between them: "one way" = "One-Way" = "one-way".
function matchKey(text: string): string {
  return tokenize(fold(text))
    .map((t) => t.key)
    .join('');
}

function parseEnum(raw: string, options: readonly string[]): string | null {
  const key = matchKey(raw);
  if (key === '') return null;
  return options.find((option) => matchKey(option) === key) ?? null;
}

// ---------------------------------------------------------------------------------------

type AnyNormalized = NormalizedByType[ScalarType];

function result(raw: RawValue, normalized: AnyNormalized | null, ok = normalized !== null): NormalizeResult<AnyNormalized> {
  return { raw, normalized, ok };
}

/** Normalizes one raw value by type; the raw value is returned untouched. */
export function normalizeValue<T extends ScalarType>(
  type: T,
  raw: RawValue,
  options: NormalizeOptions = {},
): NormalizeResult<NormalizedByType[T]> {
  return normalizeAny(type, raw, options) as NormalizeResult<NormalizedByType[T]>;
}

function normalizeAny(type: ScalarType, raw: RawValue, options: NormalizeOptions): NormalizeResult<NormalizedByType[ScalarType]> {
  if (raw === null || raw === undefined) return result(raw, null, false);
  if (typeof raw === 'boolean') {
    return type === 'boolean' ? result(raw, raw) : result(raw, null, false);
  }
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return result(raw, null, false);
    if (type === 'number') return result(raw, raw);
    if (type === 'money') return result(raw, { amount: raw, currency: null });
    if (type === 'boolean' && (raw === 0 || raw === 1)) return result(raw, raw === 1);
    return { ...normalizeAny(type, String(raw), options), raw };
  }
  switch (type) {
    case 'text': {
      const text = raw.replace(/\u00AD/g, '').replace(/\s+/g, ' ').trim();
      return result(raw, text === '' ? null : text);
    }
    case 'date':
      return result(raw, parseDate(raw, options));
    case 'number':
      return result(raw, parseNumberExpression(fold(raw), options.decimalComma));
    case 'money':
      return result(raw, parseMoney(raw, options));
    case 'duration':
      return result(raw, parseDuration(raw, options));
    case 'boolean': {
      const { value, ok } = parseBoolean(raw);
      return result(raw, value, ok);
    }
    case 'enum':
      return result(raw, parseEnum(raw, options.options ?? []));
    default:
      return type satisfies never;
  }
}

/** Whether two normalized values of a type are the same value (an unstated currency only equals an unstated one). */
export function sameNormalized(type: ScalarType, a: unknown, b: unknown): boolean {
  if (a === null || b === null || a === undefined || b === undefined) return false;
  switch (type) {
    case 'money': {
      const x = a as Money;
      const y = b as Money;
      return x.amount === y.amount && x.currency === y.currency;
    }
    case 'duration': {
      const x = a as Duration;
      const y = b as Duration;
      return (x.days ?? 0) === (y.days ?? 0) && (x.months ?? 0) === (y.months ?? 0);
    }
    case 'text':
      return fold(String(a)) === fold(String(b));
    default:
      return a === b;
  }
}
