// Finding a search's words on a page as the archive's porter/unicode61 index matches them,
// and splitting text into marked parts.
import { describe, expect, it } from 'vitest';
import { porterStem } from '../../renderer/src/features/search/porter-stemmer';
import { findQueryRanges, parseQuery, wordKey } from '../../renderer/src/features/search/query-terms';
import { splitByRanges } from '../../renderer/src/features/search/text-parts';

describe('porterStem', () => {
  it('stems like the reference algorithm', () => {
    const cases: Record<string, string> = {
      caresses: 'caress',
      ponies: 'poni',
      cats: 'cat',
      agreed: 'agre',
      plastered: 'plaster',
      motoring: 'motor',
      hopping: 'hop',
      filing: 'file',
      happy: 'happi',
      relational: 'relat',
      conditional: 'condit',
      hopefulness: 'hope',
      generalization: 'gener',
      termination: 'termin',
      terminate: 'termin',
      terminated: 'termin',
      fractures: 'fractur',
      fractured: 'fractur',
      adjustment: 'adjust',
      controlling: 'control',
      roll: 'roll',
    };
    for (const [word, stem] of Object.entries(cases)) expect(porterStem(word), word).toBe(stem);
  });

  it('leaves short and non-ASCII words alone', () => {
    expect(porterStem('is')).toBe('is');
    expect(porterStem('añadir')).toBe('añadir');
  });
});

describe('findQueryRanges', () => {
  const text = 'Termination of this Agreement; the Party may terminate. Café terms apply.\nCHEST pain noted.';

  it('matches inflections, case and accents as the index does', () => {
    const ranges = findQueryRanges(text, parseQuery('terminated'));
    expect(ranges.map(([s, e]) => text.slice(s, e))).toEqual(['Termination', 'terminate']);
    expect(findQueryRanges(text, parseQuery('cafe')).map(([s, e]) => text.slice(s, e))).toEqual(['Café']);
  });

  it('matches quoted phrases as consecutive words, across line breaks', () => {
    const ranges = findQueryRanges(text, parseQuery('"apply chest pain"'));
    expect(ranges.map(([s, e]) => text.slice(s, e))).toEqual(['apply.\nCHEST pain']);
  });

  it('matches every word of an unquoted query and merges overlaps', () => {
    const ranges = findQueryRanges(text, parseQuery('chest "chest pain"'));
    expect(ranges.map(([s, e]) => text.slice(s, e))).toEqual(['CHEST pain']);
  });

  it('finds nothing for an empty query or text', () => {
    expect(findQueryRanges(text, parseQuery('  "" '))).toEqual([]);
    expect(findQueryRanges('', parseQuery('x'))).toEqual([]);
  });

  it('normalizes words to one key', () => {
    expect(wordKey('Fractures')).toBe(wordKey('fractured'));
  });
});

describe('splitByRanges', () => {
  it('alternates plain and marked parts', () => {
    expect(splitByRanges('a big cat', [[2, 5]])).toEqual([
      { text: 'a ', marked: false, start: 0 },
      { text: 'big', marked: true, start: 2 },
      { text: ' cat', marked: false, start: 5 },
    ]);
  });

  it('tolerates unsorted, overlapping and out-of-range highlights', () => {
    const parts = splitByRanges('abcdef', [
      [4, 99],
      [0, 2],
      [1, 3],
      [5, 5],
    ]);
    expect(parts.map((p) => [p.text, p.marked])).toEqual([
      ['ab', true],
      ['c', true],
      ['d', false],
      ['ef', true],
    ]);
  });
});
