// Normalization by type, table-driven: every row is raw text -> normalized value (or null).
import { describe, expect, it } from 'vitest';
import { normalizeValue, parseNumberWords, parseNumeral, sameNormalized } from '../../shared/extraction/normalize';

describe('dates', () => {
  it.each([
    ['January 5, 2021', '2021-01-05'],
    ['january 5 2021', '2021-01-05'],
    ['5 January 2021', '2021-01-05'],
    ['5th January, 2021', '2021-01-05'],
    ['01/05/2021', '2021-01-05'],
    ['1/5/2021', '2021-01-05'],
    ['01-05-2021', '2021-01-05'],
    ['2021-01-05', '2021-01-05'],
    ['2021/1/5', '2021-01-05'],
    ['Jan. 5th, 2021', '2021-01-05'],
    ['Jan 5, 2021', '2021-01-05'],
    ['Sept. 30, 2019', '2019-09-30'],
    ['the 5th day of January, 2021', '2021-01-05'],
    ['this 1st day of May, 2018', '2018-05-01'],
    ['this twenty-first day of March, 2019', '2019-03-21'],
    ['the first day of June 2020', '2020-06-01'],
    ['Monday, January 4, 2021', '2021-01-04'],
    ['5-Jan-2021', '2021-01-05'],
    ['dated as of June 1, 2020', '2020-06-01'],
    ['Effective as of June 1, 2020.', '2020-06-01'],
    ['February 29, 2024', '2024-02-29'],
    ['25/12/2021', '2021-12-25'], // impossible as m/d/y, so d/m/y
    ['03/14/62', '1962-03-14'],
    ['03/14/21', '2021-03-14'],
    // partial dates
    ['March 2020', '2020-03'],
    ['Mar. 2020', '2020-03'],
    ['03/2020', '2020-03'],
    ['2020-03', '2020-03'],
    ['2020', '2020'],
    // invalid
    ['February 29, 2023', null],
    ['February 30, 2021', null],
    ['13/13/2021', null],
    ['2021-13-01', null],
    ['January 32, 2021', null],
    ['January 5', null],
    ['next Tuesday', null],
    ['the Effective Date', null],
    ['5 days', null],
    ['', null],
    ['12345', null],
  ])('%j -> %j', (raw, expected) => {
    const r = normalizeValue('date', raw);
    expect(r.normalized).toBe(expected);
    expect(r.ok).toBe(expected !== null);
    expect(r.raw).toBe(raw);
  });

  it.each([
    ['01/05/2021', 'mdy', '2021-01-05'],
    ['01/05/2021', 'dmy', '2021-05-01'],
    ['05.01.2021', 'dmy', '2021-01-05'],
    ['12/25/2021', 'dmy', '2021-12-25'], // impossible as d/m/y, so m/d/y
  ] as const)('%s with order %s -> %s', (raw, dateOrder, expected) => {
    expect(normalizeValue('date', raw, { dateOrder }).normalized).toBe(expected);
  });
});

describe('money', () => {
  it.each([
    ['$1,000,000', 1_000_000, 'USD'],
    ['$1,000,000.00', 1_000_000, 'USD'],
    ['$ 250', 250, 'USD'],
    ['USD 1.5 million', 1_500_000, 'USD'],
    ['1.5 million USD', 1_500_000, 'USD'],
    ['US$2.5m', 2_500_000, 'USD'],
    ['$5M', 5_000_000, 'USD'],
    ['$10k', 10_000, 'USD'],
    ['€ 2.000,50', 2000.5, 'EUR'],
    ['€1.234.567,89', 1_234_567.89, 'EUR'],
    ['EUR 2,5', 2.5, 'EUR'],
    ['£500', 500, 'GBP'],
    ['GBP 12,000', 12_000, 'GBP'],
    ['¥10,000', 10_000, 'JPY'],
    ['C$1,200', 1200, 'CAD'],
    ['CAD 1,200', 1200, 'CAD'],
    ['one million dollars', 1_000_000, 'USD'],
    ['Ten Thousand Dollars ($10,000)', 10_000, 'USD'],
    ['Fifty Thousand U.S. Dollars (US$50,000)', 50_000, 'USD'],
    ['twenty-one dollars', 21, 'USD'],
    ['five hundred euros', 500, 'EUR'],
    ['2,500 Canadian dollars', 2500, 'CAD'],
    ['1,000', 1000, null],
    ['12.50', 12.5, null],
  ])('%j -> %d %s', (raw, amount, currency) => {
    expect(normalizeValue('money', raw)).toEqual({ raw, normalized: { amount, currency }, ok: true });
  });

  it.each(['', 'free', 'the fees paid', 'dollars', '$'])('%j is not money', (raw) => {
    expect(normalizeValue('money', raw)).toEqual({ raw, normalized: null, ok: false });
  });

  it('reads a lone dot as a thousands separator only when told to', () => {
    expect(normalizeValue('money', '€1.500').normalized).toEqual({ amount: 1.5, currency: 'EUR' });
    expect(normalizeValue('money', '€1.500', { decimalComma: true }).normalized).toEqual({ amount: 1500, currency: 'EUR' });
  });
});

describe('durations', () => {
  it.each([
    ['thirty (30) days', { days: 30 }],
    ['Thirty (30) calendar days', { days: 30 }],
    ['10 business days', { days: 10 }],
    ['90 days', { days: 90 }],
    ['ninety days', { days: 90 }],
    ['6 months', { months: 6 }],
    ['six (6) months', { months: 6 }],
    ['1 year', { months: 12 }],
    ['a year', { months: 12 }],
    ['one-year', { months: 12 }],
    ['two (2) years', { months: 24 }],
    ['1.5 years', { months: 18 }],
    ['successive one (1) year periods', { months: 12 }],
    ['one (1) year and six (6) months', { months: 18 }],
    ['2 years and 30 days', { days: 30, months: 24 }],
    ['2 weeks', { days: 14 }],
    ['48 hours', { days: 2 }],
    ['a quarter', { months: 3 }],
    ['twenty-five (25) days', { days: 25 }],
    ['within sixty (60) days after delivery', { days: 60 }],
  ])('%j -> %j', (raw, expected) => {
    expect(normalizeValue('duration', raw)).toEqual({ raw, normalized: expected, ok: true });
  });

  it.each(['', 'perpetual', 'indefinitely', 'until terminated', '30', '36 hours', 'days'])('%j is not a duration', (raw) => {
    expect(normalizeValue('duration', raw)).toEqual({ raw, normalized: null, ok: false });
  });
});

describe('numbers', () => {
  it.each([
    ['30', 30],
    ['thirty (30)', 30],
    ['thirty', 30],
    ['twenty-five', 25],
    ['one hundred twenty', 120],
    ['one thousand two hundred', 1200],
    ['1,234.5', 1234.5],
    ['1,234,567', 1_234_567],
    ['-3', -3],
    ['0.5', 0.5],
    ['12%', 12],
    ['1.5 million', 1_500_000],
    [' 42 ', 42],
  ])('%j -> %d', (raw, expected) => {
    expect(normalizeValue('number', raw)).toEqual({ raw, normalized: expected, ok: true });
  });

  it.each(['', 'thirty days', 'n/a', '1,2,3', '12 apples', 'lots'])('%j is not a number', (raw) => {
    expect(normalizeValue('number', raw).ok).toBe(false);
  });

  it('passes JSON numbers through', () => {
    expect(normalizeValue('number', 7.25)).toEqual({ raw: 7.25, normalized: 7.25, ok: true });
    expect(normalizeValue('number', Number.NaN).ok).toBe(false);
  });

  it.each([
    ['1,000', 1000],
    ['1.000', 1],
    ['2,5', 2.5],
    ['1.000.000', 1_000_000],
    ['1,000.50', 1000.5],
    ['1.000,50', 1000.5],
    ['1,00,000', null],
    ['1.', null],
    ['abc', null],
  ])('parseNumeral(%j) = %j', (raw, expected) => {
    expect(parseNumeral(raw)).toBe(expected);
  });

  it.each([
    ['seventeen', 17],
    ['ninety-nine', 99],
    ['two hundred and five', 205],
    ['a hundred', 100],
    ['three million four hundred thousand', 3_400_000],
    ['zero', 0],
    ['million', null],
    ['thousand thousand', null],
    ['ten apples', null],
    ['', null],
  ])('parseNumberWords(%j) = %j', (raw, expected) => {
    expect(parseNumberWords(raw)).toBe(expected);
  });
});

describe('booleans', () => {
  it.each([
    ['yes', true],
    ['Yes.', true],
    ['TRUE', true],
    ['present', true],
    ['no', false],
    ['False', false],
    ['absent', false],
    ['none', false],
  ])('%j -> %j', (raw, expected) => {
    expect(normalizeValue('boolean', raw)).toEqual({ raw, normalized: expected, ok: true });
  });

  it.each(['not applicable', 'N/A', 'unknown', 'not stated'])('%j is recognized as no answer', (raw) => {
    expect(normalizeValue('boolean', raw)).toEqual({ raw, normalized: null, ok: true });
  });

  it.each(['maybe', '', 'the clause'])('%j is not a boolean', (raw) => {
    expect(normalizeValue('boolean', raw)).toEqual({ raw, normalized: null, ok: false });
  });

  it('passes JSON booleans through', () => {
    expect(normalizeValue('boolean', true).normalized).toBe(true);
    expect(normalizeValue('boolean', false).normalized).toBe(false);
  });
});

describe('enums and text', () => {
  const options = ['no known allergies', 'allergies documented', 'not stated'];

  it.each([
    ['no known allergies', 'no known allergies'],
    ['  No Known Allergies. ', 'no known allergies'],
    ['NOT   STATED', 'not stated'],
    ['Allergies documented', 'allergies documented'],
    ['NKA', null],
    ['allergies', null],
    ['', null],
  ])('%j -> %j', (raw, expected) => {
    const r = normalizeValue('enum', raw, { options });
    expect(r.normalized).toBe(expected);
    expect(r.ok).toBe(expected !== null);
  });

  it('returns the option as written in the template', () => {
    expect(normalizeValue('enum', 'one way', { options: ['mutual', 'One-Way'] }).normalized).toBe('One-Way');
  });

  it('collapses whitespace and soft hyphens in text, keeping case', () => {
    expect(normalizeValue('text', '  Acme\n  Corpo\u00ADration ').normalized).toBe('Acme Corporation');
    expect(normalizeValue('text', '   ').ok).toBe(false);
    expect(normalizeValue('text', null)).toEqual({ raw: null, normalized: null, ok: false });
  });
});

describe('sameNormalized', () => {
  it('compares money by amount and currency, durations by parts', () => {
    expect(sameNormalized('money', { amount: 5, currency: 'USD' }, { amount: 5, currency: 'USD' })).toBe(true);
    expect(sameNormalized('money', { amount: 5, currency: 'USD' }, { amount: 5, currency: null })).toBe(false);
    expect(sameNormalized('money', { amount: 5, currency: 'USD' }, { amount: 5, currency: 'EUR' })).toBe(false);
    expect(sameNormalized('duration', { months: 12 }, { months: 12 })).toBe(true);
    expect(sameNormalized('duration', { months: 12 }, { days: 365 })).toBe(false);
    expect(sameNormalized('date', '2021-01-05', '2021-01-05')).toBe(true);
    expect(sameNormalized('date', null, null)).toBe(false);
  });
});
