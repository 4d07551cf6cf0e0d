// Grounding checks: a value is "verified" only when its words (or its normalized form) are in
// the cited text; nothing cited is "not_found"; judgements with evidence are "cited".
import { describe, expect, it } from 'vitest';
import { findQuote, isExtractiveField, isExtractiveType, verifyValue, type VerifyInput } from '../../shared/extraction/verify';

const CONTRACT =
  'This Master Services Agreement (the "Agreement") is entered into as of January 5, 2021 by and between ' +
  'Acme Corporation, a Delaware corporation, and Globex Ltd. The initial term is two (2) years and renews for ' +
  'successive one (1) year periods unless either party gives ninety (90) days\u2019 notice. Liability shall not ' +
  'exceed One Million Dollars ($1,000,000). This Agreement shall be governed by the laws of the State of New York.';

const verify = (input: Partial<VerifyInput> & Pick<VerifyInput, 'value'>) =>
  verifyValue({ type: 'text', citedTexts: [CONTRACT], ...input });

/** Deterministic PRNG (mulberry32) so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('isExtractiveType', () => {
  it.each([
    ['text', true], ['date', true], ['number', true], ['money', true], ['duration', true],
    ['list', true], ['table', true], ['boolean', false], ['enum', false],
  ] as const)('%s -> %s', (type, expected) => {
    expect(isExtractiveType(type)).toBe(expected);
  });

  it('lets a template field override the rule', () => {
    expect(isExtractiveField({ type: 'text', extractive: false })).toBe(false);
    expect(isExtractiveField({ type: 'enum', extractive: true })).toBe(true);
    expect(isExtractiveField({ type: 'enum' })).toBe(false);
  });
});

describe('verifyValue', () => {
  it('is not_found without evidence, whatever the value', () => {
    expect(verify({ value: 'Acme Corporation', citedTexts: [] })).toBe('not_found');
    expect(verify({ value: 'Acme Corporation', citedTexts: ['  ', '\n'] })).toBe('not_found');
    expect(verify({ type: 'boolean', value: true, citedTexts: [] })).toBe('not_found');
    expect(verify({ value: null })).toBe('not_found');
    expect(verify({ value: '   ' })).toBe('not_found');
  });

  it('marks booleans and enums with evidence as cited, never verified', () => {
    expect(verify({ type: 'boolean', value: true })).toBe('cited');
    expect(verify({ type: 'boolean', value: false })).toBe('cited');
    expect(verify({ type: 'enum', value: 'mutual' })).toBe('cited');
    expect(verify({ type: 'text', value: 'anything at all', extractive: false })).toBe('cited');
  });

  it.each([
    ['Acme Corporation'],
    ['acme corporation'],
    ['ACME CORPORATION,'],
    ['"Acme Corporation"'],
    ['Globex Ltd.'],
    ['State of New York'],
    ['New York'],
    ['Master Services Agreement'],
    ['a Delaware corporation'],
    ['ninety (90) days\' notice'],
    ['either party gives ninety (90) days\u2019 notice'],
  ])('verifies text found word for word: %j', (value) => {
    expect(verify({ value })).toBe('verified');
  });

  it.each([
    ['Acme Inc.'], // not in the text
    ['Acme Corporation Globex'], // words present, not in that order
    ['New Jersey'],
    ['Corp'], // part of a word is not a word
    ['Yor'],
    ['Delaware corporations'],
  ])('rejects text not in the cited text: %j', (value) => {
    expect(verify({ value })).toBe('unsupported');
  });

  it.each(['a', 'A', 'I', 'x', 'the', 'The', 'of', 'and', 'by', 'is', 'of the', 'a the of', 'and, the', '.', '"', '-', '   a   '])(
    'never verifies a one-letter or stop-word value: %j',
    (value) => {
      expect(verify({ value })).not.toBe('verified');
      expect(verify({ value, citedTexts: [`${value} ${value} of the a I x`] })).not.toBe('verified');
    },
  );

  it('never verifies random gibberish', () => {
    const next = rng(20240601);
    const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,-\'"()$\u00e9\u00fc\u4e2d';
    for (let i = 0; i < 2000; i++) {
      const length = 1 + Math.floor(next() * 24);
      let value = '';
      for (let k = 0; k < length; k++) value += alphabet[Math.floor(next() * alphabet.length)];
      for (const type of ['text', 'date', 'money', 'duration', 'list', 'table'] as const) {
        expect(verify({ type, value }), `${type} ${JSON.stringify(value)}`).not.toBe('verified');
      }
    }
  });

  it('never verifies random words that are not in the text', () => {
    const next = rng(7);
    const words = ['zebra', 'quantum', 'liability', 'acme', 'york', 'new', 'party', 'purple', 'the', 'of', 'corporation', 'banana'];
    const inOrder = (v: string) => ` ${CONTRACT.toLowerCase().replace(/[^a-z0-9 ]/g, ' ').replace(/\s+/g, ' ')} `.includes(` ${v} `);
    for (let i = 0; i < 500; i++) {
      const n = 1 + Math.floor(next() * 4);
      const value = Array.from({ length: n }, () => words[Math.floor(next() * words.length)]).join(' ');
      const status = verify({ value });
      if (status === 'verified') expect(inOrder(value), value).toBe(true);
    }
  });

  it('matches across line breaks, hyphenation, soft hyphens, curly quotes and dashes', () => {
    const cited = ['Upon termi-\nnation of this Agree\u00ADment, the \u201CReceiving  Party\u201D shall\n return all\u2014and I mean all\u2014materials.'];
    for (const value of [
      'termination',
      'upon termination of this Agreement',
      '"Receiving Party" shall return all',
      'Receiving Party shall return',
      'all\u2014and I mean all',
      'all - and I mean all - materials',
      'all \u2013 and I mean all',
    ]) {
      expect(verifyValue({ type: 'text', value, citedTexts: cited }), value).toBe('verified');
    }
  });

  it('matches a value split across two cited lines', () => {
    const cited = ['The parties agree that the non-', 'compete period shall be two (2) years.'];
    expect(verifyValue({ type: 'text', value: 'non-compete period', citedTexts: cited })).toBe('verified');
    expect(verifyValue({ type: 'text', value: 'noncompete period', citedTexts: cited })).toBe('verified');
    expect(verifyValue({ type: 'duration', value: 'two (2) years', citedTexts: cited })).toBe('verified');
  });

  it('is Unicode-aware', () => {
    const cited = ['Le fournisseur est Soci\u00E9t\u00E9 G\u00E9n\u00E9rale \u00C0 Paris; M\u00FCller GmbH ist Partei.'];
    expect(verifyValue({ type: 'text', value: 'soci\u00E9t\u00E9 g\u00E9n\u00E9rale', citedTexts: cited })).toBe('verified');
    // decomposed accents (NFD) match precomposed ones
    expect(verifyValue({ type: 'text', value: 'Mu\u0308ller GmbH', citedTexts: cited })).toBe('verified');
    expect(verifyValue({ type: 'text', value: 'Muller GmbH', citedTexts: cited })).toBe('unsupported');
  });

  it.each([
    ['date', '2021-01-05'],
    ['date', 'January 5, 2021'],
    ['date', 'Jan. 5th, 2021'],
    ['date', '01/05/2021'],
    ['money', '$1,000,000'],
    ['money', '1000000'],
    ['money', 'USD 1 million'],
    ['money', 'one million dollars'],
    ['duration', '2 years'],
    ['duration', '24 months'],
    ['duration', 'two (2) years'],
    ['duration', '90 days'],
    ['duration', '1 year'],
    ['number', 90],
    ['number', '90'],
    ['number', 'ninety'],
  ] as const)('verifies a %s by its normalized form: %j', (type, value) => {
    expect(verify({ type, value })).toBe('verified');
  });

  it.each([
    ['date', '2021-05-01'],
    ['date', 'January 6, 2021'],
    ['date', '2020'],
    ['money', '$1,000'],
    ['money', '\u20AC1,000,000'], // right amount, wrong currency
    ['duration', '3 years'],
    ['duration', '90 months'],
    ['number', 91],
  ] as const)('rejects a %s whose normalized form is not in the text: %j', (type, value) => {
    expect(verify({ type, value })).toBe('unsupported');
  });

  it('verifies a lone digit only against a spelled-out number', () => {
    expect(verifyValue({ type: 'number', value: 5, citedTexts: ['within five (5) days'] })).toBe('verified');
    expect(verifyValue({ type: 'number', value: 5, citedTexts: ['dated January 5, 2021'] })).toBe('unsupported');
    expect(verifyValue({ type: 'text', value: '5', citedTexts: ['dated January 5, 2021'] })).toBe('unsupported');
  });

  it('treats list items and table cells as extractive text', () => {
    expect(verify({ type: 'list', value: 'Globex Ltd' })).toBe('verified');
    expect(verify({ type: 'table', value: 'Initech' })).toBe('unsupported');
  });
});

describe('findQuote', () => {
  const page = 'Section 4. Term.\nThe initial term of this Agree-\nment is two (2)   years.\n\u201CConfidential Infor\u00ADmation\u201D means all non-\npublic data \u2014 whether oral or written.';

  const quoted = (quote: string): string | null => {
    const range = findQuote(page, quote);
    return range === null ? null : page.slice(range[0], range[1]);
  };

  it('returns the range in the original text', () => {
    expect(findQuote(page, 'Section 4.')).toEqual([0, 10]);
    expect(quoted('the initial term')).toBe('The initial term');
  });

  it('tolerates line breaks, hyphenation, extra spaces, soft hyphens, quotes and dashes', () => {
    expect(quoted('this Agreement is two (2) years')).toBe('this Agree-\nment is two (2)   years');
    expect(quoted('"Confidential Information" means')).toBe('\u201CConfidential Infor\u00ADmation\u201D means');
    expect(quoted('non-public data - whether oral')).toBe('non-\npublic data \u2014 whether oral');
    expect(quoted('nonpublic data')).toBe('non-\npublic data');
    expect(quoted('TERM. THE INITIAL')).toBe('Term.\nThe initial');
  });

  it('falls back to ignoring spaces and hyphens', () => {
    expect(findQuote('foo termi- nation bar', 'termination')).toEqual([4, 17]);
  });

  it('matches whole words only', () => {
    expect(findQuote('concatenate the cat', 'cat')).toEqual([16, 19]);
    expect(findQuote('concatenate', 'cat')).toBeNull();
    expect(quoted('erm')).toBeNull();
  });

  it('returns null when the quote is absent or empty', () => {
    expect(quoted('three (3) years')).toBeNull();
    expect(quoted('')).toBeNull();
    expect(quoted('   ')).toBeNull();
  });

  it('maps ranges correctly around astral characters', () => {
    const text = '\u{1F4C4} Exhibit A \u{1F4C4} Fees';
    const range = findQuote(text, 'exhibit a');
    expect(range && text.slice(range[0], range[1])).toBe('Exhibit A');
    const fees = findQuote(text, 'fees');
    expect(fees && text.slice(fees[0], fees[1])).toBe('Fees');
  });
});
