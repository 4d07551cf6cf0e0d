// Defined terms found with patterns over page text: a table of the forms contracts use
// (straight and curly quotes, "means", "shall mean", parentheticals, "as defined in",
// unquoted list definitions), what must not count, the passage's definitions for a prompt, and
// hostile input that must finish (no catastrophic backtracking).
import { describe, expect, it } from 'vitest';
import { definitionsUsed, documentDefinitions, findDefinitions, MAX_DEFINITION_CHARS } from '../../shared/definitions/find';
import { definitionsBlock } from '../../electron/main/services/extraction/prompt';

describe('definition patterns', () => {
  it.each([
    ['"Confidential Information" means all non-public information disclosed by a party. Other text.', 'Confidential Information', 'all non-public information disclosed by a party.', 'means'],
    ['“Territory” shall mean the United States and Canada.', 'Territory', 'the United States and Canada.', 'means'],
    ['As used herein, the term “Confidential Information” shall mean (a) all data; and (b) all know-how.', 'Confidential Information', '(a) all data; and (b) all know-how.', 'means'],
    ['"Affiliate" has the meaning given in Rule 405 under the Securities Act.', 'Affiliate', 'given in Rule 405 under the Securities Act.', 'means'],
    ['“Bundle” means, the Distribution Products bundled with the App.', 'Bundle', 'the Distribution Products bundled with the App.', 'means'],
    ['This Agreement is effective as of June 1, 2020 (the "Effective Date") by and between A and B.', 'Effective Date', 'This Agreement is effective as of June 1, 2020', 'parenthetical'],
    ['between Acme, Inc., a Delaware corporation (“Acme”), and Widget LLC (“Widget”).', 'Widget', 'Widget LLC', 'parenthetical'],
    ['This Agreement is made by and between Acme, Inc., a Delaware corporation (“Acme”), and Widget LLC.', 'Acme', 'Acme, Inc., a Delaware corporation', 'parenthetical'],
    ['Alpha Ltd. and Beta Ltd. (each a "Party" and collectively the "Parties") agree.', 'Party', 'Alpha Ltd. and Beta Ltd.', 'parenthetical'],
    ['Kiromic, Inc, a Delaware corporation (hereinafter referred to as the “Company”), is pleased.', 'Company', 'Kiromic, Inc, a Delaware corporation', 'parenthetical'],
    ['any Confidential Information (as defined in Section 10) disclosed', null, null, null],
    ['The “Territory” (as defined in Exhibit A) is exclusive.', 'Territory', 'as defined in Exhibit A', 'reference'],
    ['1. Definitions\n(f) Effective Date means May 3, 2006 or such later date.\n(g) Next', 'Effective Date', 'May 3, 2006 or such later date.', 'means'],
  ] as const)('%#: %s', (text, term, definition, kind) => {
    const found = findDefinitions(text);
    if (term === null) {
      expect(found).toEqual([]);
      return;
    }
    const d = found.find((x) => x.term === term);
    expect(d, JSON.stringify(found)).toBeDefined();
    expect(d!.definition).toBe(definition);
    expect(d!.kind).toBe(kind);
    expect(text.slice(d!.start, d!.end)).toContain(kind === 'parenthetical' ? definition : term);
  });

  it('finds nothing in quotes that are not definitions', () => {
    expect(findDefinitions('He wrote "hello there" and left. She said “ok”. The word "means" alone.')).toEqual([]);
    expect(findDefinitions('labelled as “Confidential” or “Proprietary” by the discloser')).toEqual([]);
  });

  it('finds every term of a sentence of parties, in page order', () => {
    const text = 'This Agreement (the “Agreement”) is made as of May 1, 2019 (the “Effective Date”) between Acme Corp. (“Buyer”) and Beta LLC (“Seller”).';
    expect(findDefinitions(text).map((d) => d.term)).toEqual(['Agreement', 'Effective Date', 'Buyer', 'Seller']);
  });

  it('keeps the first definition of each term across pages', () => {
    const list = documentDefinitions([
      { number: 1, text: '"Term" means one year.' },
      { number: 2, text: '"Term" means two years. "Fees" means the amounts in Exhibit B.' },
    ]);
    expect(list.map((d) => [d.term, d.page, d.definition])).toEqual([
      ['Term', 1, 'one year.'],
      ['Fees', 2, 'the amounts in Exhibit B.'],
    ]);
  });

  it('bounds a definition that never ends', () => {
    const d = findDefinitions(`"Services" means ${'the work and '.repeat(5000)}`)[0]!;
    expect(d.definition.length).toBeLessThanOrEqual(MAX_DEFINITION_CHARS);
  });

  it.each([
    ['unclosed quotes', '"'.repeat(200_000)],
    ['quote, capital, no close', `"${'A'.repeat(300_000)}`],
    ['many openings before a paren', `${'(the '.repeat(40_000)}"X")`],
    ['means everywhere', '"A" means '.repeat(30_000)],
    ['capitalized words at line starts with no means', `${'\nAa Bb Cc Dd Ee Ff Gg Hh Ii '.repeat(20_000)}`],
    ['as defined in, unterminated', `"T" as defined in ${'x'.repeat(200_000)}`],
  ])('finishes on hostile input: %s', (_name, text) => {
    const found = findDefinitions(text);
    expect(Array.isArray(found)).toBe(true);
    for (const d of found) expect(d.definition.length).toBeLessThanOrEqual(MAX_DEFINITION_CHARS);
  });
});

describe('the definitions a passage uses, for the extraction prompt', () => {
  const defs = [
    { term: 'Term', definition: 'the period of three (3) years from the Effective Date.', page: 2 },
    { term: 'Effective Date', definition: 'January 1, 2024', page: 1 },
    { term: 'Fees', definition: 'the amounts set out in Exhibit B.', page: 5 },
  ];

  it('keeps terms the passage uses as written, whole words, most used first, within the bound', () => {
    const passage = 'During the Term, and after the Effective Date, the Term renews. Terms and fees apply.';
    expect(definitionsUsed(passage, defs, 10_000).map((d) => d.term)).toEqual(['Term', 'Effective Date']);
    expect(definitionsUsed(passage, defs, 80).map((d) => d.term)).toEqual(['Term']);
    expect(definitionsUsed('nothing defined here', defs, 10_000)).toEqual([]);
  });

  it('leaves out a term the passage itself defines', () => {
    const passage = '"Term" means the period of three (3) years from the Effective Date. The Term ends.';
    expect(definitionsUsed(passage, defs, 10_000).map((d) => d.term)).toEqual(['Effective Date']);
  });

  it('renders one line per term with its page, nothing when there are none', () => {
    expect(definitionsBlock([])).toBe('');
    expect(definitionsBlock(defs.slice(0, 1))).toBe('\n\nDefined terms used above, as the document defines them:\n- "Term" (p2): the period of three (3) years from the Effective Date.');
  });
});
