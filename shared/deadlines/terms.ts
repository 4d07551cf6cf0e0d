// Reading a contract's term language into rules: how long a term or a notice period is and
// how it is counted. Shared: pure TypeScript, no Node, no DOM. English wording only.
//
// - A period is months and/or days; years are 12 months, weeks 7 days (normalize.ts reads
//   the amounts: "sixty (60) days", "three months'", "one (1) year"). "Business" or
//   "working" days are counted Monday–Friday (dates.ts).
// - A notice is counted back from the end of the term ("prior to the end of the then-current
//   term", "before expiration"), or from the anniversary ("before the anniversary"), which
//   is the first day of the next term.
// - An option window is read from "no earlier than X ... no later than Y".
// - Evergreen: "until terminated", "unless terminated" with no length, "indefinitely",
//   "perpetual": the contract has no end date to count from.
// - A renewal is an option when a party "may" renew or renews "at its option"; otherwise a
//   renewal term ("successive one-year terms") renews automatically. A number before the
//   renewal ("two (2) additional terms", "one extension") limits how many there are.
import { parseDuration, parseNumberWords } from '../extraction/normalize';
import { fold } from '../extraction/text';
import { addBusinessDays, addDays, addMonths, type IsoDate } from './dates';

export interface Period {
  readonly months: number;
  readonly days: number;
  /** Days are Monday–Friday days. */
  readonly business: boolean;
}

export type NoticeAnchor = 'end_of_term' | 'anniversary';

export interface NoticeRule {
  /** The latest notice: given at least this long before the anchor. */
  readonly period: Period;
  readonly anchor: NoticeAnchor;
  /** "No earlier than" this long before the anchor: an option window opens then. */
  readonly earliest: Period | null;
}

export interface TermRule {
  /** The term's length; null when none is stated (evergreen, or unreadable). */
  readonly length: Period | null;
  readonly evergreen: boolean;
  /** How the term renews, when the text says it does. */
  readonly renewal: 'automatic' | 'option' | null;
  /** How many renewals the text allows ("two (2) additional terms", "one extension"); null: no limit stated. */
  readonly count: number | null;
}

const BUSINESS = /\b(business|working)\s+days?\b/;
const AMOUNT_UNIT = /\b(days?|weeks?|months?|years?|quarters?)\b/;

/** "sixty (60) days" -> { days: 60 }; "thirty business days" -> business; null when no period. */
export function parsePeriod(text: string): Period | null {
  const duration = parseDuration(text);
  if (duration === null) return null;
  const months = duration.months ?? 0;
  const days = duration.days ?? 0;
  if (months <= 0 && days <= 0) return null;
  if (!Number.isInteger(months) || !Number.isInteger(days)) return null;
  return { months, days, business: days > 0 && BUSINESS.test(fold(text)) };
}

/** Human form of a period, for explanations: "60 days", "3 months", "30 business days". */
export function describePeriod(period: Period): string {
  const out: string[] = [];
  if (period.months > 0) {
    out.push(period.months % 12 === 0 ? plural(period.months / 12, 'year') : plural(period.months, 'month'));
  }
  if (period.days > 0) out.push(plural(period.days, period.business ? 'business day' : 'day'));
  return out.join(' and ');
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** Moves a date by a period: months first (clamped to the month's end), then days. */
export function shiftByPeriod(date: IsoDate, period: Period, direction: 1 | -1): IsoDate {
  let out = period.months > 0 ? addMonths(date, direction * period.months) : date;
  if (period.days > 0) out = period.business ? addBusinessDays(out, direction * period.days) : addDays(out, direction * period.days);
  return out;
}

// The phrase after "no earlier/later than", up to and including its unit.
function clause(text: string, lead: RegExp): Period | null {
  const m = lead.exec(text);
  if (!m) return null;
  const rest = text.slice(m.index + m[0].length);
  const unit = AMOUNT_UNIT.exec(rest);
  if (!unit) return null;
  return parsePeriod(rest.slice(0, unit.index + unit[0].length));
}

/**
 * Reads a notice period. `text` is the value ("ninety (90) days"); `context` is more of the
 * contract's words (the cited quotes), where the anchor and a window are usually stated.
 */
export function parseNotice(text: string, context = ''): NoticeRule | null {
  const all = fold(`${text} ${context}`);
  const latest = clause(all, /\b(?:no|not)\s+(?:later|less|fewer)\s+than\b/) ?? clause(all, /\bat\s+least\b/);
  const period = parsePeriod(text) ?? latest;
  if (period === null) return null;
  const earliest = clause(all, /\b(?:no|not)\s+(?:earlier|sooner|more)\s+than\b/);
  const anchor: NoticeAnchor = /\banniversar(?:y|ies)\b/.test(all) ? 'anniversary' : 'end_of_term';
  const windowOk = earliest !== null && (latest === null || samePeriod(latest, period)) && !samePeriod(earliest, period);
  return { period, anchor, earliest: windowOk ? earliest : null };
}

function samePeriod(a: Period, b: Period): boolean {
  return a.months === b.months && a.days === b.days && a.business === b.business;
}

const EVERGREEN = /\buntil\s+(?:terminated|termination)\b|\bunless\s+(?:and\s+until\s+)?(?:sooner\s+|earlier\s+)?terminated\b|\bindefinite(?:ly)?\b|\bperpetu(?:al|ity)\b|\bevergreen\b/;
const OPTION = /\boption\b|\belect(?:s|ion)?\b|\bmay\s+(?:\w+\s+){0,3}(?:renew|extend)\b|\bright\s+to\s+(?:renew|extend)\b/;
const RENEWS = /\brenew|\bextend|\bextension\b|\bsuccessive\b|\badditional\b/;

// "two (2) additional", "one extension", "3 renewals": a number right before the renewal noun.
const COUNT = /\b([a-z]+|\d{1,3})\s+(?:\((\d{1,3})\)\s+)?(?:additional|further|renewals?|extensions?)\b/g;

/** How many renewals the words allow, or null when they name no number. */
export function renewalCount(folded: string): number | null {
  for (const m of folded.matchAll(COUNT)) {
    const n = m[2] !== undefined ? Number(m[2]) : /^\d+$/.test(m[1]!) ? Number(m[1]) : parseNumberWords(m[1]!);
    if (n !== null && Number.isInteger(n) && n > 0) return n;
  }
  return null;
}

/** Reads a term: "one (1) year", "successive one-year terms", "shall continue until terminated by either party". */
export function parseTerm(text: string): TermRule {
  const folded = fold(text);
  const length = parsePeriod(text);
  const days = length === null ? null : { ...length, business: false }; // a term is calendar time
  const evergreen = days === null && EVERGREEN.test(folded);
  const renewal = OPTION.test(folded) && RENEWS.test(folded) ? 'option' : RENEWS.test(folded) ? 'automatic' : null;
  return { length: days, evergreen, renewal, count: renewal === null ? null : renewalCount(folded) };
}

/**
 * The last day of a term of `period` that starts on `start`: the day before the same day of
 * the month `months` later, then `days` on. When that day does not exist (a term from
 * 2024-02-29 for a year, or from 01-31 for a month) the term ends on the target month's
 * last day, so a year from 2024-02-29 ends on 2025-02-28 and the next term starts 03-01.
 */
export function termEnd(start: IsoDate, period: Period): IsoDate {
  if (period.months === 0) return addDays(start, period.days - 1);
  const day = Number(start.slice(8, 10));
  const clamped = addMonths(start, period.months);
  const overflowed = Number(clamped.slice(8, 10)) < day;
  const monthEnd = overflowed ? clamped : addDays(clamped, -1);
  return period.days > 0 ? addDays(monthEnd, period.days) : monthEnd;
}
