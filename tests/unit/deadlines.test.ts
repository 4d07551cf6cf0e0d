// The deadline rules: term language read into periods and anchors, calendar arithmetic
// (month-end clamping, leap years, Monday–Friday counting) and the computed dates of a
// contract with their trust (fact / needs review) and evidence.
import { describe, expect, it } from 'vitest';
import { computeDeadlines, type ContractInputs, type FieldInput } from '../../shared/deadlines/compute';
import { addBusinessDays, addMonths } from '../../shared/deadlines/dates';
import { parseNotice, parseTerm, shiftByPeriod, termEnd } from '../../shared/deadlines/terms';

describe('notice periods', () => {
  it.each([
    ['sixty (60) days prior to the end of the then-current term', { months: 0, days: 60, business: false }, 'end_of_term'],
    ["three months' notice", { months: 3, days: 0, business: false }, 'end_of_term'],
    ['90 days before the anniversary', { months: 0, days: 90, business: false }, 'anniversary'],
    ['thirty business days', { months: 0, days: 30, business: true }, 'end_of_term'],
    ['thirty (30) working days prior to expiration', { months: 0, days: 30, business: true }, 'end_of_term'],
    ['one (1) year', { months: 12, days: 0, business: false }, 'end_of_term'],
    ['two weeks', { months: 0, days: 14, business: false }, 'end_of_term'],
    ['at least ninety (90) days before the anniversary of the Effective Date', { months: 0, days: 90, business: false }, 'anniversary'],
  ] as const)('%s', (text, period, anchor) => {
    const rule = parseNotice(text);
    expect(rule?.period).toEqual(period);
    expect(rule?.anchor).toBe(anchor);
    expect(rule?.earliest).toBeNull();
  });

  it('reads an option window: no earlier than 180 and no later than 90 days', () => {
    const rule = parseNotice('ninety (90) days', 'by written notice given no earlier than one hundred eighty (180) days and no later than ninety (90) days prior to expiration');
    expect(rule?.period).toEqual({ months: 0, days: 90, business: false });
    expect(rule?.earliest).toEqual({ months: 0, days: 180, business: false });
  });

  it('has nothing to read in words without a period', () => {
    expect(parseNotice('prompt written notice')).toBeNull();
  });
});

describe('terms', () => {
  it.each([
    ['one (1) year', { months: 12, days: 0, business: false }, false, null, null],
    ['successive one-year terms', { months: 12, days: 0, business: false }, false, 'automatic', null],
    ['shall automatically renew for successive periods of two (2) years unless terminated', { months: 24, days: 0, business: false }, false, 'automatic', null],
    ['shall continue until terminated by either party', null, true, null, null],
    ['remain in effect indefinitely', null, true, null, null],
    ['Licensee may renew for one additional three (3) year term at its option', { months: 36, days: 0, business: false }, false, 'option', 1],
    // Corpus wording: a franchise's successor terms, a framework's one extension, a consultancy's extra month.
    ['the option to continue for two (2) additional terms of ten (10) years each', { months: 120, days: 0, business: false }, false, 'option', 2],
    ['one extension of up to 6 months, at CCS\'s option', { months: 6, days: 0, business: false }, false, 'option', 1],
    ['will automatically extend for one (1) additional month', { months: 1, days: 0, business: false }, false, 'automatic', 1],
    ['renews for any additional one (1) year period', { months: 12, days: 0, business: false }, false, 'automatic', null],
  ] as const)('%s', (text, length, evergreen, renewal, count) => {
    expect(parseTerm(text)).toEqual({ length, evergreen, renewal, count });
  });
});

describe('calendar arithmetic', () => {
  it.each([
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2024-05-31', -3, '2024-02-29'],
    ['2025-03-31', -1, '2025-02-28'],
    ['2024-12-15', 1, '2025-01-15'],
  ] as const)('%s + %i months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it.each([
    ['2024-01-01', { months: 12, days: 0, business: false }, '2024-12-31'],
    ['2024-02-29', { months: 12, days: 0, business: false }, '2025-02-28'],
    ['2023-03-01', { months: 12, days: 0, business: false }, '2024-02-29'],
    ['2024-01-31', { months: 1, days: 0, business: false }, '2024-02-29'],
    ['2024-01-01', { months: 0, days: 90, business: false }, '2024-03-30'],
  ] as const)('a term from %s of %o ends %s', (start, period, end) => {
    expect(termEnd(start, period)).toBe(end);
  });

  it.each([
    // Friday 2025-01-10 back 5 business days = Friday 2025-01-03; weekends skipped.
    ['2025-01-10', -5, '2025-01-03'],
    ['2025-01-13', -1, '2025-01-10'],
    ['2025-12-31', -30, '2025-11-19'],
    ['2025-01-10', 1, '2025-01-13'],
  ] as const)('%s %i business days = %s', (date, n, expected) => {
    expect(addBusinessDays(date, n)).toBe(expected);
  });

  it('counts notice back from the end: days, months (clamped), business days', () => {
    expect(shiftByPeriod('2025-12-31', { months: 0, days: 60, business: false }, -1)).toBe('2025-11-01');
    expect(shiftByPeriod('2025-05-31', { months: 3, days: 0, business: false }, -1)).toBe('2025-02-28');
    expect(shiftByPeriod('2025-12-31', { months: 0, days: 30, business: true }, -1)).toBe('2025-11-19');
  });
});

function field(key: string, value: string | null, over: Partial<FieldInput> = {}): FieldInput {
  return { key, label: key.replace(/_/g, ' '), value, status: 'verified', review: 'none', evidence: [{ page: 1, quote: value ?? '' }], ...over };
}

const BASE: ContractInputs = {
  effective_date: field('effective_date', 'January 1, 2024'),
  expiration_date: field('expiration_date', 'one (1) year from the Effective Date'),
  renewal_term: field('renewal_term', 'successive one (1) year terms'),
  notice_period_to_terminate_renewal: field('notice_period_to_terminate_renewal', 'sixty (60) days', {
    evidence: [{ page: 4, quote: 'unless either party gives notice sixty (60) days prior to the end of the then-current term' }],
  }),
};

function byId(contract: ContractInputs, asOf = '2024-06-01', horizonYears = 2): Map<string, ReturnType<typeof computeDeadlines>[number]> {
  return new Map(computeDeadlines(contract, { asOf, horizonYears }).map((d) => [d.id, d]));
}

describe('computeDeadlines', () => {
  it('gives expiration, every renewal up to the horizon and each notice deadline, as facts with their evidence', () => {
    const dates = byId(BASE);
    expect(dates.get('effective')?.date).toBe('2024-01-01');
    expect(dates.get('expiration')?.date).toBe('2024-12-31');
    expect(dates.get('renewal:1')?.date).toBe('2025-01-01');
    expect(dates.get('renewal:2')?.date).toBe('2026-01-01');
    expect(dates.get('notice_deadline:1')?.date).toBe('2024-11-01');
    expect(dates.get('notice_deadline:2')?.date).toBe('2025-11-01');
    // The horizon is 2026-06-01: renewal 3 (2027-01-01) and its notice are beyond it.
    expect(dates.has('renewal:3')).toBe(false);
    expect(dates.has('notice_deadline:3')).toBe(false);
    const notice = dates.get('notice_deadline:1');
    expect(notice?.status).toBe('fact');
    expect(notice?.inputs.map((i) => i.key)).toEqual(['effective_date', 'expiration_date', 'notice_period_to_terminate_renewal']);
    expect(notice?.inputs[2]?.evidence[0]).toEqual({ page: 4, quote: expect.stringContaining('then-current term') });
  });

  it('leaves past terms out but keeps the current term\'s passed notice deadline (overdue)', () => {
    const dates = byId(BASE, '2025-12-01');
    expect(dates.has('notice_deadline:1')).toBe(false);
    expect(dates.get('notice_deadline:2')?.date).toBe('2025-11-01');
    expect(dates.get('renewal:2')?.date).toBe('2026-01-01');
  });

  it.each([
    ["three months' notice", '2024-09-30'],
    ['thirty business days', '2024-11-19'], // 21 weekdays in December before the 31st, then 9 in November,
    ['90 days before the anniversary', '2024-10-03'],
  ])('notice "%s" before a term ending 2024-12-31 is due %s', (text, due) => {
    const dates = byId({ ...BASE, notice_period_to_terminate_renewal: field('notice_period_to_terminate_renewal', text) });
    expect(dates.get('notice_deadline:1')?.date).toBe(due);
  });

  it('explains business-day counting and the holidays it does not skip', () => {
    const dates = byId({ ...BASE, notice_period_to_terminate_renewal: field('notice_period_to_terminate_renewal', 'thirty business days') });
    expect(dates.get('notice_deadline:1')?.explanation).toMatch(/Monday–Friday; public holidays are not excluded/);
  });

  it('counts a leap-day contract without drift: 2024-02-29 for one year, renewing yearly', () => {
    const contract = { ...BASE, effective_date: field('effective_date', 'February 29, 2024') };
    const dates = byId(contract, '2024-03-01', 5);
    expect(dates.get('expiration')?.date).toBe('2025-02-28');
    expect(dates.get('renewal:1')?.date).toBe('2025-03-01');
    expect(dates.get('renewal:3')?.date).toBe('2027-03-01');
    expect(dates.get('notice_deadline:1')?.date).toBe('2024-12-30'); // 2025-02-28 less 60 days
    expect(dates.get('notice_deadline:4')?.date).toBe('2027-12-31'); // term 4 ends 2028-02-29 (leap)
  });

  it('takes a stated expiration date as written', () => {
    const dates = byId({ ...BASE, expiration_date: field('expiration_date', 'June 30, 2025') });
    expect(dates.get('expiration')?.date).toBe('2025-06-30');
    expect(dates.get('notice_deadline:1')?.date).toBe('2025-05-01');
    expect(dates.get('renewal:1')?.date).toBe('2025-07-01');
  });

  it('gives an evergreen contract no end date and no renewals', () => {
    const contract: ContractInputs = {
      effective_date: BASE.effective_date,
      expiration_date: field('expiration_date', 'shall continue until terminated by either party'),
      notice_period_to_terminate_renewal: field('notice_period_to_terminate_renewal', 'ninety (90) days'),
    };
    const dates = computeDeadlines(contract, { asOf: '2024-06-01' });
    expect(dates.map((d) => d.kind)).toEqual(['effective', 'evergreen']);
    const evergreen = dates[1];
    expect(evergreen?.date).toBeNull();
    expect(evergreen?.status).toBe('fact');
    expect(evergreen?.explanation).toMatch(/until a party terminates it.*90 days notice/);
  });

  it('marks a date from a merely cited or unsupported value as needs review, and a person\'s edit makes it a fact', () => {
    const cited = { ...BASE, notice_period_to_terminate_renewal: field('notice_period_to_terminate_renewal', 'sixty (60) days', { status: 'unsupported' }) };
    const notice = byId(cited).get('notice_deadline:1');
    expect(notice?.date).toBe('2024-11-01');
    expect(notice?.status).toBe('needs_review');
    expect(notice?.reasons.join()).toMatch(/unsupported, not verified or confirmed/);
    expect(byId(cited).get('expiration')?.status).toBe('fact'); // it does not depend on the notice

    const edited = { ...BASE, notice_period_to_terminate_renewal: field('notice_period_to_terminate_renewal', 'sixty (60) days', { status: 'unsupported', review: 'edited' }) };
    expect(byId(edited).get('notice_deadline:1')?.status).toBe('fact');
  });

  it('shows a deadline whose input is missing or cleared as needs review without a date', () => {
    const { notice_period_to_terminate_renewal: _, ...noNotice } = BASE;
    const missing = byId(noNotice).get('notice_deadline:1');
    expect(missing?.date).toBeNull();
    expect(missing?.status).toBe('needs_review');
    expect(missing?.reasons).toContain('Notice period to terminate renewal is missing');

    const cleared = byId({ ...BASE, effective_date: field('effective_date', 'January 1, 2024', { review: 'cleared' }) });
    expect(cleared.get('expiration')?.date).toBeNull();
    expect(cleared.get('expiration')?.reasons).toContain('Effective date is missing');
  });

  it('marks an unreadable value as needs review', () => {
    const dates = byId({ ...BASE, expiration_date: field('expiration_date', 'upon completion of the Services') });
    expect(dates.get('expiration')?.status).toBe('needs_review');
    expect(dates.get('expiration')?.reasons.join()).toMatch(/could not be read as a date or a term/);
  });

  it('gives an option window and an option deadline when the renewal is an option', () => {
    const contract: ContractInputs = {
      ...BASE,
      renewal_term: field('renewal_term', 'Licensee may extend for one additional two (2) year term at its option'),
      notice_period_to_terminate_renewal: field('notice_period_to_terminate_renewal', 'ninety (90) days', {
        evidence: [{ page: 7, quote: 'by written notice given no earlier than one hundred eighty (180) days and no later than ninety (90) days prior to expiration' }],
      }),
    };
    const dates = byId(contract);
    expect(dates.get('option_window_opens:1')?.date).toBe('2024-07-04');
    expect(dates.get('option_deadline:1')?.date).toBe('2024-10-02');
    expect(dates.get('renewal:1')?.label).toMatch(/if the option is exercised/);
    expect(dates.has('renewal:2')).toBe(false); // "one additional" term: no second renewal
    expect(dates.has('notice_deadline:1')).toBe(false);
  });

  it('reads the termination-for-convenience notice from its cited clause', () => {
    const contract: ContractInputs = {
      ...BASE,
      termination_for_convenience: field('termination_for_convenience', 'true', {
        status: 'cited',
        evidence: [{ page: 9, quote: 'Either party may terminate this Agreement for any reason upon thirty (30) days prior written notice' }],
      }),
    };
    const tfc = byId(contract).get('termination_for_convenience');
    expect(tfc?.label).toBe('Termination for convenience: 30 days notice');
    expect(tfc?.explanation).toMatch(/notice given on 2024-06-01 takes effect on 2024-07-01/);
    expect(tfc?.status).toBe('needs_review'); // a judgement that is only cited
  });
});
