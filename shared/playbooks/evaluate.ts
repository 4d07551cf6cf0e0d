// One contract's values checked against a playbook's rules. Shared: pure TypeScript, no
// Node, no DOM. Each rule gets an outcome, a one-line explanation and the evidence (page and
// quote) of the value it read:
//
// - meets / deviates: the value was compared with the standard, and the value is a fact: a
//   person edited or confirmed it, or its words were verified in the cited text (the same
//   trust rule as the deadlines, shared/deadlines/compute.ts).
// - missing: there is no value (never extracted, or no clause found where one is required).
// - needs_review: the value is only cited (or unsupported) and not confirmed — the
//   explanation says what it would be; or it cannot be read or compared (a period in months
//   against one in days that the months decide, an amount in another currency, a fixed cap
//   against a cap in months of fees).
//
// Values are read by the extraction's normalizers (dates, money, numbers) and the deadline
// rules' periods (days, business days, months, years).
import type { FieldValueData, ReviewState } from '../extraction/api';
import type { VerifyStatus } from '../extraction/verify';
import { fold } from '../extraction/text';
import { describePeriod, parsePeriod, type Period } from '../deadlines/terms';
import { readStandard, type CompareKind, type Playbook, type PlaybookCheck, type PlaybookRule, type Standard } from './schema';

export const OUTCOMES = ['meets', 'deviates', 'missing', 'needs_review'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface EvidenceQuote {
  readonly page: number;
  readonly quote: string;
}

/** One stored field value as the rules read it. */
export interface RuleFieldInput {
  readonly key: string;
  readonly label: string;
  readonly value: FieldValueData;
  readonly status: VerifyStatus;
  readonly review: ReviewState;
  readonly evidence: readonly EvidenceQuote[];
  /** Whether any value was ever stored (by a model run or a person). */
  readonly extracted: boolean;
}

export interface RuleResult {
  readonly rule: string;
  readonly title: string;
  readonly field: string;
  readonly outcome: Outcome;
  readonly explanation: string;
  /** The value as read, for a reader; null when there is none. */
  readonly value: string | null;
  readonly evidence: readonly EvidenceQuote[];
}

const MAX_EVIDENCE = 10;
const MAX_QUOTE = 1000;

/** Every rule of `playbook` over one contract's fields (by key); results in the playbook's order. */
export function evaluatePlaybook(playbook: Playbook, fields: ReadonlyMap<string, RuleFieldInput>): RuleResult[] {
  return playbook.rules.map((rule) => evaluateRule(rule, fields.get(rule.field)));
}

type Verdict = { readonly outcome: Outcome; readonly explanation: string; readonly compared: boolean };

const verdict = (outcome: Outcome, explanation: string, compared = outcome === 'meets' || outcome === 'deviates'): Verdict => ({ outcome, explanation, compared });

export function evaluateRule(rule: PlaybookRule, input: RuleFieldInput | undefined): RuleResult {
  const base = { rule: rule.id, title: rule.title, field: rule.field };
  if (input === undefined) {
    return { ...base, outcome: 'needs_review', explanation: `The template has no field "${rule.field}"; fix the rule or the template.`, value: null, evidence: [] };
  }
  const evidence = quotesOf(input);
  const value = textOf(input);
  const judged = judge(rule.check, input, value, evidence);
  const trusted = isTrusted(input);
  // A comparison with a value nobody confirmed is not a result yet: say what it would be.
  const final =
    judged.compared && !trusted
      ? verdict('needs_review', `Would ${judged.outcome === 'meets' ? 'meet' : 'deviate'}, but ${input.label} is ${input.status.replace('_', ' ')}, not verified or confirmed by a reviewer: ${judged.explanation}`, false)
      : judged;
  return { ...base, outcome: final.outcome, explanation: final.explanation, value, evidence };
}

/** A person edited, confirmed or cleared it, or its words were verified in the cited text. */
export function isTrusted(input: Pick<RuleFieldInput, 'review' | 'status'>): boolean {
  return input.review !== 'none' || input.status === 'verified';
}

function quotesOf(input: RuleFieldInput): EvidenceQuote[] {
  const out: EvidenceQuote[] = [];
  const seen = new Set<string>();
  for (const e of input.evidence) {
    const quote = e.quote.replace(/\s+/g, ' ').trim().slice(0, MAX_QUOTE);
    const key = `${e.page}:${quote}`;
    if (quote === '' || seen.has(key)) continue;
    seen.add(key);
    out.push({ page: e.page, quote });
    if (out.length === MAX_EVIDENCE) break;
  }
  return out;
}

/** The value as text ("yes"/"no" for a boolean, items joined by "; "); null when empty or cleared. */
function textOf(input: RuleFieldInput): string | null {
  if (input.review === 'cleared') return null;
  const v = input.value;
  if (v === null) return null;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (v.length === 0) return null;
  return v.map((item) => (typeof item === 'string' ? item : Object.values(item).filter((c) => c !== null).join(', '))).join('; ');
}

function judge(check: PlaybookCheck, input: RuleFieldInput, value: string | null, evidence: readonly EvidenceQuote[]): Verdict {
  const label = input.label;
  const byPerson = input.review !== 'none';
  const says = value === null ? '' : ` "${clip(value)}"`;
  switch (check.type) {
    case 'absent': {
      if (value === null || input.value === false) {
        if (!input.extracted) return verdict('missing', `${label} has not been extracted or reviewed yet.`);
        return byPerson
          ? verdict('meets', `No ${lower(label)} clause, as a reviewer recorded.`)
          : verdict('needs_review', `The model found no ${lower(label)} clause; a reviewer has not confirmed that there is none.`);
      }
      return verdict('deviates', `The contract has a ${lower(label)} clause${input.value === true ? '' : `:${says}`}.`);
    }
    case 'present': {
      if (value === null || input.value === false) {
        if (byPerson && input.extracted) return verdict('deviates', `No ${lower(label)} clause, as a reviewer recorded.`);
        return verdict('missing', `No ${lower(label)} clause was found.`);
      }
      if (check.mentions === undefined) return verdict('meets', `The contract has a ${lower(label)} clause.`);
      const text = [value, ...evidence.map((e) => e.quote)].join(' ');
      const found = check.mentions.find((m) => containsPhrase(text, m));
      if (evidence.length === 0 && found === undefined) return verdict('needs_review', `The ${lower(label)} clause has no quote to check for: ${list(check.mentions)}.`, false);
      return found === undefined
        ? verdict('deviates', `The ${lower(label)} clause does not say any of: ${list(check.mentions)}.`)
        : verdict('meets', `The ${lower(label)} clause says "${found}".`);
    }
    case 'one_of':
    case 'none_of': {
      if (value === null) return verdict('missing', `No value for ${label}.`);
      const named = check.values.find((option) => containsPhrase(value, option));
      const ok = check.type === 'one_of' ? named !== undefined : named === undefined;
      const set = list(check.values);
      if (check.type === 'one_of') {
        return ok ? verdict('meets', `${label}${says} is ${named}, one of ${set}.`) : verdict('deviates', `${label}${says} is none of ${set}.`);
      }
      return ok ? verdict('meets', `${label}${says} is none of ${set}.`) : verdict('deviates', `${label}${says} is ${named}, one of ${set}.`);
    }
    case 'at_least':
    case 'at_most':
      return compareCheck(check, input, value, evidence);
    default:
      return check satisfies never;
  }
}

// ---------------------------------------------------------------------------------------
// Comparisons

type Compare = Extract<PlaybookCheck, { type: 'at_least' | 'at_most' }>;

function compareCheck(check: Compare, input: RuleFieldInput, value: string | null, evidence: readonly EvidenceQuote[]): Verdict {
  const label = input.label;
  const standard = readStandard(check.kind, check.value);
  if (standard === null) return verdict('needs_review', `The rule's standard "${check.value}" cannot be read.`, false);
  const word = check.type === 'at_least' ? 'at least' : 'at most';

  let read: Read;
  if (check.from === 'quote') {
    if (value === null || input.value === false) return verdict('missing', `No ${lower(label)} clause was found.`);
    read = periodFromQuotes(evidence, check.near);
    if (read.ok === false) return verdict('needs_review', `${label}: ${read.why}`, false);
  } else {
    if (value === null) return verdict('missing', `No value for ${label}.`);
    read = readValue(check.kind, value, standard);
    if (read.ok === false) return verdict('needs_review', `${label} "${clip(value)}" ${read.why}`, false);
  }
  const order = compare(read.value, standard);
  const shown = `${label} ${read.shown}`;
  const target = `${word} ${showStandard(standard)}`;
  const [good, bad] = check.type === 'at_least' ? [['greater', 'greater_or_equal', 'equal'], ['less']] : [['less', 'less_or_equal', 'equal'], ['greater']];
  if (good.includes(order)) return verdict('meets', `${shown} is ${target}.`);
  if (bad.includes(order)) return verdict('deviates', `${shown} is not ${target}.`);
  const why = read.value.kind === 'money' ? 'the currencies differ' : 'it depends on the calendar (months and business days vary in length)';
  return verdict('needs_review', `Cannot tell whether ${shown} is ${target}: ${why}.`, false);
}

type Read = { readonly ok: true; readonly value: Standard; readonly shown: string } | { readonly ok: false; readonly why: string };

const FEES = /\b(?:fees?|charges?|amounts?\s+(?:paid|payable)|sums?\s+paid|payments?|compensation)\b/;

function readValue(kind: CompareKind, text: string, standard: Standard): Read {
  if (kind === 'months_of_fees') {
    const folded = fold(text);
    const period = parsePeriod(text);
    if (FEES.test(folded) && period !== null) return { ok: true, value: { kind, period }, shown: `(fees over ${describePeriod(period)})` };
    const asMoney = readStandard('money', text);
    if (asMoney !== null && asMoney.kind === 'money') {
      return { ok: false, why: `is a fixed amount (${showStandard(asMoney)}); compare it with ${showStandard(standard)} of fees by hand` };
    }
    return { ok: false, why: FEES.test(folded) ? 'names fees but no period they are counted over' : 'cannot be read as fees over a period' };
  }
  const value = readStandard(kind, text);
  if (value === null) return { ok: false, why: `cannot be read as ${kind === 'duration' ? 'a period' : kind === 'money' ? 'an amount' : `a ${kind}`}` };
  return { ok: true, value, shown: `"${clip(text)}"${showRead(value, text)}` };
}

// The normalized reading in parentheses, when it differs from the words.
function showRead(value: Standard, text: string): string {
  const shown = showStandard(value);
  return fold(shown) === fold(text) ? '' : ` (${shown})`;
}

function showStandard(s: Standard): string {
  switch (s.kind) {
    case 'duration':
    case 'months_of_fees':
      return describePeriod(s.period);
    case 'money':
      return `${s.currency ?? ''}${s.currency ? ' ' : ''}${s.amount.toLocaleString('en-US')}`;
    case 'date':
      return s.date;
    case 'number':
      return String(s.value);
    default:
      return s satisfies never;
  }
}

/** How a value compares with a standard; the *_or_equal ones only when ranges touch. */
type Order = 'less' | 'less_or_equal' | 'equal' | 'greater_or_equal' | 'greater' | 'unknown';

function compare(value: Standard, standard: Standard): Order {
  if ((value.kind === 'duration' || value.kind === 'months_of_fees') && (standard.kind === 'duration' || standard.kind === 'months_of_fees')) {
    return comparePeriods(value.period, standard.period);
  }
  if (value.kind === 'money' && standard.kind === 'money') {
    if (value.currency !== null && standard.currency !== null && value.currency !== standard.currency) return 'unknown';
    return order(value.amount, standard.amount);
  }
  if (value.kind === 'date' && standard.kind === 'date') return value.date < standard.date ? 'less' : value.date > standard.date ? 'greater' : 'equal';
  if (value.kind === 'number' && standard.kind === 'number') return order(value.value, standard.value);
  return 'unknown';
}

function order(a: number, b: number): Order {
  return a < b ? 'less' : a > b ? 'greater' : 'equal';
}

/**
 * Periods in the same units compare part by part ("1 year" = "12 months"). Otherwise each
 * is a range of calendar days (a month is 28 to 31 days, n business days span up to two
 * weekend days more) and only ranges that do not overlap decide: "3 months" against
 * "90 days" depends on the months, so it is unknown.
 */
export function comparePeriods(a: Period, b: Period): Order {
  const mixed = a.days > 0 && b.days > 0 && a.business !== b.business;
  if (!mixed) {
    if (a.months === b.months && a.days === b.days) return 'equal';
    if (a.months >= b.months && a.days >= b.days) return 'greater';
    if (a.months <= b.months && a.days <= b.days) return 'less';
  }
  const [aLo, aHi] = dayRange(a);
  const [bLo, bHi] = dayRange(b);
  if (aLo >= bHi) return aHi === bLo ? 'equal' : aLo > bHi ? 'greater' : 'greater_or_equal';
  if (aHi <= bLo) return aHi < bLo ? 'less' : 'less_or_equal';
  return 'unknown';
}

// Days in n consecutive months starting in each month of a 4-year (1,461-day) cycle.
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function monthRange(n: number): [number, number] {
  const cycles = Math.floor(n / 48);
  const rest = n % 48;
  let lo = Infinity;
  let hi = -Infinity;
  for (let start = 0; start < 48; start++) {
    let days = 0;
    for (let k = 0; k < rest; k++) {
      const m = (start + k) % 48;
      const year = Math.floor(m / 12);
      days += MONTH_DAYS[m % 12]! + (m % 12 === 1 && year === 3 ? 1 : 0);
    }
    lo = Math.min(lo, days);
    hi = Math.max(hi, days);
  }
  return [cycles * 1461 + lo, cycles * 1461 + hi];
}

function dayRange(p: Period): [number, number] {
  const [mLo, mHi] = monthRange(p.months);
  if (!p.business) return [mLo + p.days, mHi + p.days];
  // n business days from any start: whole weeks, plus the rest with or without a weekend.
  const weeks = Math.floor(p.days / 5);
  const rest = p.days % 5;
  const [dLo, dHi] = rest === 0 ? [7 * weeks - 2, 7 * weeks] : [7 * weeks + rest, 7 * weeks + rest + 2];
  return [mLo + Math.max(0, dLo), mHi + dHi];
}

// ---------------------------------------------------------------------------------------
// Periods stated in a clause's quotes

const UNIT_WORD = /\b(?:days?|weeks?|months?|years?|quarters?)\b/g;

/** The one period the quotes state (in sentences with a `near` word, when given). */
function periodFromQuotes(evidence: readonly EvidenceQuote[], near: readonly string[] | undefined): Read {
  if (evidence.length === 0) return { ok: false, why: 'the clause has no quote to read a period from.' };
  const found = new Map<string, Period>();
  for (const e of evidence) {
    for (const sentence of fold(e.quote).split(/(?<=[.;:])\s+/)) {
      if (near !== undefined && !near.some((w) => sentence.includes(fold(w)))) continue;
      for (const period of periodsIn(sentence)) found.set(describePeriod(period), period);
    }
  }
  const where = near === undefined ? 'its quotes' : `its quotes near ${list(near)}`;
  if (found.size === 0) return { ok: false, why: `no period is stated in ${where}.` };
  if (found.size > 1) return { ok: false, why: `${where} state several periods (${[...found.keys()].join(', ')}); which one applies needs a reader.` };
  const [shown, period] = [...found.entries()][0]!;
  return { ok: true, value: { kind: 'duration', period }, shown: `(${shown}, from its quote)` };
}

/** Each "amount unit" phrase of a folded sentence, read separately (parsePeriod sums a whole text). */
function periodsIn(sentence: string): Period[] {
  const out: Period[] = [];
  let from = 0;
  for (const m of sentence.matchAll(UNIT_WORD)) {
    const end = m.index + m[0].length;
    const words = sentence.slice(from, end).split(/\s+/);
    const phrase = words.slice(-8).join(' '); // "thirty-six (36) calendar months" at most
    const period = parsePeriod(phrase);
    if (period !== null) out.push(period);
    from = end;
  }
  return out;
}

// ---------------------------------------------------------------------------------------

/** Whether `text` holds `phrase` as whole words, case, quotes and spacing aside. */
export function containsPhrase(text: string, phrase: string): boolean {
  const p = fold(phrase).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  if (p === '') return false;
  const t = ` ${fold(text).replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
  return t.includes(` ${p} `);
}

function list(items: readonly string[]): string {
  return items.join(', ');
}

function lower(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

function clip(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 120 ? `${one.slice(0, 117)}…` : one;
}
