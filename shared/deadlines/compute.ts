// From one contract's field values to the dates a paralegal acts on: effective and
// expiration dates, every future renewal (up to a horizon), the last day to give notice of
// non-renewal, option windows and the termination-for-convenience notice. Shared: pure
// TypeScript, no Node, no DOM.
//
// Trust: a value counts as a fact when a person edited or confirmed it, or when its
// grounding status is "verified". A date computed from a missing, cleared, unreadable or
// only cited/unsupported value keeps its date (when one can be computed) but is marked
// "needs_review" with the reasons, never as a fact.
//
// Counting (see terms.ts and dates.ts): a term starts on the effective date and ends the day
// before the same date `length` later; renewal terms are counted from the first renewal
// start so clamped months never drift (2024-02-29 + 4 years = 2028-02-29). The last day for
// notice is the end of the term (or the anniversary, the next term's first day) minus the
// notice period. Past terms are left out; the current term's notice deadline is kept even
// when it has passed (it is overdue).
import { parseDate } from '../extraction/normalize';
import type { ReviewState } from '../extraction/api';
import type { VerifyStatus } from '../extraction/verify';
import { addDays, addMonths, isFullIsoDate, type IsoDate } from './dates';
import { describePeriod, parseNotice, parsePeriod, parseTerm, shiftByPeriod, termEnd, type NoticeRule, type Period, type TermRule } from './terms';

export const DEADLINE_FIELDS = [
  'effective_date',
  'expiration_date',
  'renewal_term',
  'notice_period_to_terminate_renewal',
  'termination_for_convenience',
] as const;
export type DeadlineField = (typeof DEADLINE_FIELDS)[number];

export interface EvidenceRef {
  readonly page: number;
  readonly quote: string;
}

/** One stored field value as the deadline rules read it. */
export interface FieldInput {
  readonly key: string;
  readonly label: string;
  readonly value: string | null;
  readonly status: VerifyStatus;
  readonly review: ReviewState;
  readonly evidence: readonly EvidenceRef[];
}

export type ContractInputs = Partial<Record<DeadlineField, FieldInput>>;

export const DEADLINE_KINDS = [
  'effective',
  'expiration',
  'renewal',
  'notice_deadline',
  'option_window_opens',
  'option_deadline',
  'termination_for_convenience',
  'evergreen',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export interface ComputedDate {
  /** Stable within a contract: the kind and the term it belongs to ("notice_deadline:2"). */
  readonly id: string;
  readonly kind: DeadlineKind;
  readonly label: string;
  /** Null when it cannot be computed (an input is missing) or there is no date (evergreen). */
  readonly date: IsoDate | null;
  readonly status: 'fact' | 'needs_review';
  /** Why it needs review; empty for a fact. */
  readonly reasons: readonly string[];
  /** How the date was counted, in words. */
  readonly explanation: string;
  /** The values it came from, with their evidence. */
  readonly inputs: readonly FieldInput[];
}

export interface ComputeOptions {
  /** Today, as an ISO date: terms that ended before it are left out. */
  readonly asOf: IsoDate;
  /** Renewals are listed up to this many years after `asOf` (default 5). */
  readonly horizonYears?: number;
}

const MAX_TERMS = 500;

/** A value is trusted when a person edited or confirmed it, or its words were verified. */
export function isTrusted(input: FieldInput): boolean {
  return input.review === 'edited' || input.review === 'confirmed' || input.status === 'verified';
}

function present(input: FieldInput | undefined): input is FieldInput {
  return input !== undefined && input.review !== 'cleared' && input.value !== null && input.value.trim() !== '';
}

// Collects the inputs a date depends on and the reasons it is not a fact.
class Basis {
  readonly inputs: FieldInput[] = [];
  readonly reasons: string[] = [];
  constructor(private readonly contract: ContractInputs) {}

  use(key: DeadlineField, label: string): FieldInput | null {
    const input = this.contract[key];
    if (!present(input)) {
      this.reasons.push(`${label} is missing`);
      return null;
    }
    if (!this.inputs.includes(input)) this.inputs.push(input);
    if (!isTrusted(input)) this.reasons.push(`${input.label} is ${input.status.replace('_', ' ')}, not verified or confirmed by a reviewer`);
    return input;
  }

  unreadable(input: FieldInput, as: string): void {
    this.reasons.push(`${input.label} "${input.value ?? ''}" could not be read as ${as}`);
  }

  date(id: string, kind: DeadlineKind, label: string, date: IsoDate | null, explanation: string, extra: readonly string[] = []): ComputedDate {
    const reasons = [...new Set([...this.reasons, ...extra])];
    return { id, kind, label, date, status: reasons.length === 0 ? 'fact' : 'needs_review', reasons, explanation, inputs: [...this.inputs] };
  }

  fork(): Basis {
    const copy = new Basis(this.contract);
    copy.inputs.push(...this.inputs);
    copy.reasons.push(...this.reasons);
    return copy;
  }
}

function quotes(input: FieldInput | null): string {
  return input === null ? '' : input.evidence.map((e) => e.quote).join(' ');
}

interface Schedule {
  readonly effective: IsoDate | null;
  /** The initial term's last day. */
  readonly end: IsoDate | null;
  readonly evergreen: boolean;
  readonly basis: Basis;
}

// Effective date, then the initial term's end: a date, or a period counted from the effective date.
function schedule(contract: ContractInputs): Schedule {
  const basis = new Basis(contract);
  const effectiveInput = basis.use('effective_date', 'Effective date');
  const effectiveText = effectiveInput?.value ?? '';
  const parsedEffective = effectiveInput === null ? null : parseDate(effectiveText);
  const effective = parsedEffective !== null && isFullIsoDate(parsedEffective) ? parsedEffective : null;
  if (effectiveInput !== null && effective === null) basis.unreadable(effectiveInput, 'a full date');

  const expirationInput = contract.expiration_date;
  const expirationBasis = basis.fork();
  if (!present(expirationInput)) {
    // No expiration: evergreen when the renewal text says so, else unknown.
    const renewal = contract.renewal_term;
    if (present(renewal) && parseTerm(`${renewal.value ?? ''}`).evergreen) {
      expirationBasis.use('renewal_term', 'Renewal term');
      return { effective, end: null, evergreen: true, basis: expirationBasis };
    }
    expirationBasis.use('expiration_date', 'Expiration date');
    return { effective, end: null, evergreen: false, basis: expirationBasis };
  }
  expirationBasis.use('expiration_date', 'Expiration date');
  const text = expirationInput.value ?? '';
  const asDate = parseDate(text);
  if (asDate !== null && isFullIsoDate(asDate)) return { effective, end: asDate, evergreen: false, basis: expirationBasis };
  const term = parseTerm(text);
  if (term.evergreen) return { effective, end: null, evergreen: true, basis: expirationBasis };
  if (term.length !== null) {
    return { effective, end: effective === null ? null : termEnd(effective, term.length), evergreen: false, basis: expirationBasis };
  }
  expirationBasis.unreadable(expirationInput, 'a date or a term');
  return { effective, end: null, evergreen: false, basis: expirationBasis };
}

/** Every key date of one contract, in date order (undated last). */
export function computeDeadlines(contract: ContractInputs, options: ComputeOptions): ComputedDate[] {
  const out: ComputedDate[] = [];
  const s = schedule(contract);

  const effectiveBasis = new Basis(contract);
  effectiveBasis.use('effective_date', 'Effective date');
  if (present(contract.effective_date) || s.effective !== null) {
    const basis = s.effective === null && present(contract.effective_date) ? withUnreadable(effectiveBasis, contract.effective_date, 'a full date') : effectiveBasis;
    out.push(basis.date('effective', 'effective', 'Effective date', s.effective, 'The date the contract takes effect.'));
  }

  if (s.evergreen) {
    out.push(...evergreen(contract, s));
    out.push(...terminationForConvenience(contract, options));
    return sortDates(out);
  }

  out.push(s.basis.date('expiration', 'expiration', 'Expiration of the initial term', s.end, expirationExplanation(contract)));
  out.push(...renewals(contract, s, options));
  out.push(...terminationForConvenience(contract, options));
  return sortDates(out);
}

function withUnreadable(basis: Basis, input: FieldInput, as: string): Basis {
  basis.unreadable(input, as);
  return basis;
}

function expirationExplanation(contract: ContractInputs): string {
  const text = contract.expiration_date?.value ?? '';
  const asDate = parseDate(text);
  if (asDate !== null && isFullIsoDate(asDate)) return 'The last day of the initial term, as stated.';
  const term = parseTerm(text);
  return term.length === null
    ? 'The last day of the initial term.'
    : `The effective date + ${describePeriod(term.length)}, less one day (the term's last day).`;
}

function sortDates(dates: ComputedDate[]): ComputedDate[] {
  return dates.sort((a, b) => (a.date ?? '9999') .localeCompare(b.date ?? '9999'));
}

interface Renewal {
  readonly term: TermRule | null;
  readonly notice: NoticeRule | null;
}

function readRenewal(contract: ContractInputs): Renewal {
  const renewal = contract.renewal_term;
  const notice = contract.notice_period_to_terminate_renewal;
  const term = present(renewal) ? parseTerm(`${renewal.value ?? ''} ${quotes(renewal)}`) : null;
  const termLength = present(renewal) ? parsePeriod(renewal.value ?? '') : null;
  return {
    term: term === null ? null : { ...term, length: termLength === null ? null : { ...termLength, business: false } },
    notice: present(notice) ? parseNotice(notice.value ?? '', quotes(notice)) : null,
  };
}

function renewals(contract: ContractInputs, s: Schedule, options: ComputeOptions): ComputedDate[] {
  const out: ComputedDate[] = [];
  const { term, notice } = readRenewal(contract);
  const option = term?.renewal === 'option';
  const horizon = addMonths(options.asOf, 12 * (options.horizonYears ?? 5));

  // Term ends: the initial one, then each renewal counted from the first renewal's start.
  const ends: { end: IsoDate | null; index: number }[] = [{ end: s.end, index: 0 }];
  if (s.end !== null && term !== null && term.length !== null) {
    const firstRenewal = addDays(s.end, 1);
    const allowed = Math.min(MAX_TERMS, term.count ?? MAX_TERMS);
    for (let k = 1; k <= allowed; k++) {
      const start = k === 1 ? firstRenewal : addDays(termEnd(firstRenewal, scale(term.length, k - 1)), 1);
      if (start > horizon) break;
      ends.push({ end: termEnd(firstRenewal, scale(term.length, k)), index: k });
    }
  }

  for (const { end, index } of ends) {
    if (end !== null && end < options.asOf) continue; // a past term: nothing left to do
    // Term k's notice and renewal matter while renewal k+1 starts within the horizon.
    const followed = index < ends.length - 1;
    if (!followed && index > 0) continue;
    if (followed && term !== null && term.length !== null && end !== null) {
      const basis = s.basis.fork();
      basis.use('renewal_term', 'Renewal term');
      const label = option ? `Term ${index + 2} starts (if the option is exercised)` : `Renews: term ${index + 2} starts`;
      out.push(basis.date(`renewal:${index + 1}`, 'renewal', label, addDays(end, 1), `The day after term ${index + 1} ends (${end}); each renewal lasts ${describePeriod(term.length)}.`));
    }
    if (term === null && notice === null) continue;
    out.push(...noticeDates(contract, s, end, index, option, notice));
  }
  if (term !== null && term.length === null && !term.evergreen) {
    const basis = s.basis.fork();
    const input = basis.use('renewal_term', 'Renewal term');
    if (input !== null) basis.unreadable(input, 'a period');
    out.push(basis.date('renewal:1', 'renewal', 'Renewal', s.end === null ? null : addDays(s.end, 1), 'The day after the initial term ends; the renewal length could not be read.'));
  }
  return out;
}

function scale(period: Period, k: number): Period {
  return { months: period.months * k, days: period.days * k, business: false };
}

function noticeDates(contract: ContractInputs, s: Schedule, end: IsoDate | null, index: number, option: boolean, notice: NoticeRule | null): ComputedDate[] {
  const basis = s.basis.fork();
  const input = basis.use('notice_period_to_terminate_renewal', 'Notice period to terminate renewal');
  if (input !== null && notice === null) basis.unreadable(input, 'a notice period');
  const kind: DeadlineKind = option ? 'option_deadline' : 'notice_deadline';
  const label = option ? `Last day to exercise the renewal option (term ${index + 1})` : `Last day to give notice of non-renewal (term ${index + 1})`;
  if (notice === null || end === null) {
    return [basis.date(`${kind}:${index + 1}`, kind, label, null, 'The end of the term less the notice period.')];
  }
  const anchor = notice.anchor === 'anniversary' ? addDays(end, 1) : end;
  const anchorWords = notice.anchor === 'anniversary' ? `the anniversary ${anchor}` : `the end of term ${index + 1} (${anchor})`;
  const businessNote = notice.period.business ? ' Counted Monday–Friday; public holidays are not excluded, check them.' : '';
  const out = [
    basis.date(`${kind}:${index + 1}`, kind, label, shiftByPeriod(anchor, notice.period, -1), `${anchorWords} less ${describePeriod(notice.period)}.${businessNote}`),
  ];
  if (notice.earliest !== null) {
    out.push(
      basis.date(
        `option_window_opens:${index + 1}`,
        'option_window_opens',
        `Notice window opens (term ${index + 1})`,
        shiftByPeriod(anchor, notice.earliest, -1),
        `${anchorWords} less ${describePeriod(notice.earliest)} (no earlier than).`,
      ),
    );
  }
  return out;
}

function evergreen(contract: ContractInputs, s: Schedule): ComputedDate[] {
  const basis = s.basis.fork();
  const notice = contract.notice_period_to_terminate_renewal;
  let words = 'No end date: the contract continues until a party terminates it.';
  if (present(notice)) {
    basis.use('notice_period_to_terminate_renewal', 'Notice period to terminate renewal');
    const rule = parseNotice(notice.value ?? '', quotes(notice));
    if (rule !== null) words += ` Termination needs ${describePeriod(rule.period)} notice.`;
  }
  return [basis.date('evergreen', 'evergreen', 'Evergreen: continues until terminated', null, words)];
}

function terminationForConvenience(contract: ContractInputs, options: ComputeOptions): ComputedDate[] {
  const input = contract.termination_for_convenience;
  if (!present(input) || !/^(true|yes)$/i.test(input.value?.trim() ?? '')) return [];
  const basis = new Basis(contract);
  basis.use('termination_for_convenience', 'Termination for convenience');
  const rule = parseNotice(quotes(input));
  if (rule === null) {
    return [basis.date('termination_for_convenience', 'termination_for_convenience', 'Termination for convenience', null, 'A party may terminate for convenience; the cited clause states no notice period.', ['the notice period could not be read from the cited clause'])];
  }
  const effective = shiftByPeriod(options.asOf, rule.period, 1);
  return [
    basis.date(
      'termination_for_convenience',
      'termination_for_convenience',
      `Termination for convenience: ${describePeriod(rule.period)} notice`,
      null,
      `A party may terminate for convenience on ${describePeriod(rule.period)} notice; notice given on ${options.asOf} takes effect on ${effective}.`,
    ),
  ];
}
