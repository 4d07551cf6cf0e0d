// The medication sig reader: a hand-written table of real-world sigs with their expected
// columns (tests/fixtures/sig-cases.ts), the structure behind a few of them, unit spellings,
// and hostile input (huge text, inputs shaped to make a backtracking pattern explode).
import { describe, expect, it } from 'vitest';
import { MAX_SIG_CHARS, parseSig, SIG_COLUMNS, sigColumns, type SigColumn } from '../../shared/clinical/sig';
import { SIG_CASES } from '../fixtures/sig-cases';

const blank = Object.fromEntries(SIG_COLUMNS.map((c) => [c, ''])) as Record<SigColumn, string>;

describe('sig table', () => {
  it('covers at least 150 distinct sigs', () => {
    expect(new Set(SIG_CASES.map(([s]) => s)).size).toBe(SIG_CASES.length);
    expect(SIG_CASES.length).toBeGreaterThanOrEqual(150);
  });
  it.each(SIG_CASES)('%s', (sig, expected) => {
    expect(sigColumns(parseSig(sig))).toEqual({ ...blank, ...expected });
  });
});

describe('sig structure', () => {
  it('keeps the raw text and reads an inhaler sig into its parts', () => {
    const raw = 'albuterol HFA 90 mcg/actuation 2 puffs q4-6h PRN wheeze';
    expect(parseSig(raw)).toEqual({
      raw,
      name: 'albuterol',
      form: 'inhaler',
      route: null,
      site: null,
      prn: true,
      prnReason: 'wheeze',
      indication: null,
      asDirected: null,
      limit: null,
      taper: false,
      steps: [
        {
          join: null,
          strength: { value: 90, max: null, unit: 'mcg', per: 'actuation' },
          quantity: { value: 2, max: null, unit: 'puff' },
          dose: null,
          frequency: { text: 'q4-6h', count: { value: 4, max: 6, per: 'day' }, every: { value: 4, max: 6, unit: 'hour' }, timing: [], single: false },
          duration: null,
        },
      ],
      unparsed: [],
      notes: [],
    });
  });
  it('reads a taper as steps joined by "then"', () => {
    const sig = parseSig('prednisone 40 mg PO daily x 5 days, then 20 mg daily x 5 days');
    expect(sig.taper).toBe(true);
    expect(sig.steps.map((s) => [s.join, s.strength?.value, s.frequency?.count?.value, s.duration?.value, s.duration?.unit])).toEqual([
      [null, 40, 1, 5, 'day'],
      ['then', 20, 1, 5, 'day'],
    ]);
  });
  it('normalizes unit spellings', () => {
    const drug = (s: string) => parseSig(`drug 5 ${s} daily`).steps[0]?.strength?.unit;
    for (const s of ['mcg', 'µg', 'μg', 'ug', 'micrograms', 'MCG']) expect(drug(s), s).toBe('mcg');
    for (const s of ['mL', 'ml', 'cc', 'milliliters']) expect(drug(s), s).toBe('mL');
    for (const s of ['units', 'unit', 'IU', 'international units', 'U']) expect(drug(s), s).toBe('unit');
    for (const s of ['g', 'gm', 'grams', 'GMS']) expect(drug(s), s).toBe('g');
  });
  it('reads number formats: thousands, decimals, fractions, words', () => {
    const v = (s: string) => parseSig(`drug ${s} mg daily`).steps[0]?.strength?.value;
    expect(v('1,000')).toBe(1000);
    expect(v('.5')).toBe(0.5);
    expect(v('0.125')).toBe(0.125);
    expect(parseSig('take 1/2 tab daily').steps[0]?.quantity?.value).toBe(0.5);
    expect(parseSig('take one-half tab daily').steps[0]?.quantity?.value).toBe(0.5);
    expect(parseSig('take 2 (two) tabs daily').steps[0]?.quantity?.value).toBe(2);
  });
  it('flags what it does not read, with a reason for ambiguous abbreviations, and guesses nothing', () => {
    const od = parseSig('digoxin 0.125 mg PO OD');
    expect(od.steps[0]?.frequency).toBeNull();
    expect(od.unparsed).toEqual(['OD']);
    expect(od.notes[0]).toMatch(/once daily or right eye/);
    const combo = parseSig('Norco 5-325 mg 1 tab q6h');
    expect(combo.steps[0]?.strength).toBeNull();
    expect(combo.unparsed).toEqual(['5-325 mg']);
    const nothing = parseSig('see chart');
    expect(nothing.name).toBe('see chart');
    expect(nothing.steps[0]?.frequency).toBeNull();
  });
});

describe('hostile sigs', () => {
  it('reads only the first MAX_SIG_CHARS of a huge value and keeps the rest raw', () => {
    const huge = `metformin 500 mg PO BID ${'x'.repeat(5_000_000)}`;
    const sig = parseSig(huge);
    expect(sig.raw).toBe(huge);
    expect(sig.name).toBe('metformin');
    expect(sig.steps[0]?.frequency?.count?.value).toBe(2);
    expect(sig.unparsed.at(-1)).toHaveLength(huge.length - MAX_SIG_CHARS);
    expect(sig.notes.at(-1)).toMatch(/not read/);
  });
  it('finishes on inputs shaped against backtracking patterns (ranges, dots, digits, marks)', () => {
    const shapes = [
      '1-'.repeat(1000),
      '1,'.repeat(1000),
      'q'.repeat(MAX_SIG_CHARS),
      'b.'.repeat(1000),
      '9'.repeat(MAX_SIG_CHARS),
      '('.repeat(1000) + ')'.repeat(1000),
      'every '.repeat(400),
      'then '.repeat(400),
      '1 tab '.repeat(333),
      '1/'.repeat(1000),
      'as needed for '.repeat(140),
      'max '.repeat(500),
      '\u0000\u202e\ud800'.repeat(600),
      ' '.repeat(MAX_SIG_CHARS),
    ];
    for (const s of shapes) {
      const sig = parseSig(s);
      expect(sig.raw).toBe(s);
      expect(JSON.stringify(sig).length).toBeLessThan(200_000);
    }
  });
  it('never throws on random text', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = 'qQxX0123456789.,/-()% mgtabpoBIDPRNfor\n\tµ½';
    for (let n = 0; n < 300; n += 1) {
      const s = Array.from({ length: Math.floor(rand() * 120) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
      expect(() => sigColumns(parseSig(s))).not.toThrow();
    }
  });
});
