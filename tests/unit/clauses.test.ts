// Clause comparison's pure parts on crafted clauses: a quote grown to its sentences (headings,
// abbreviations and section numbers are not sentence ends), word differences, and grouping
// by wording; plus hostile sizes, which must stay bounded.
import { describe, expect, it } from 'vitest';
import { clauseText, expandToSentences, MAX_CLAUSE_CHARS } from '../../shared/clauses/expand';
import { diffWords, type DiffPart } from '../../shared/clauses/diff';
import { groupBySimilarity, jaccard, shingles } from '../../shared/clauses/group';

function grow(text: string, quote: string): string {
  const start = text.indexOf(quote);
  expect(start).toBeGreaterThanOrEqual(0);
  const [s, e] = expandToSentences(text, start, start + quote.length);
  return text.slice(s, e);
}

describe('a quote grown to its sentences', () => {
  it.each([
    ['Payment is due monthly. This Agreement is governed by the laws of the State of New York. Notices go to the address below.', 'laws of the State of New York', 'This Agreement is governed by the laws of the State of New York.'],
    ['Acme Inc. and Widget Co. agree. This Agreement, made by Acme Inc. under Sec. 4, is governed by Delaware law. Next.', 'governed by Delaware law', 'This Agreement, made by Acme Inc. under Sec. 4, is governed by Delaware law.'],
    ['14.1. The term is one year. 14.2. Either party may terminate on notice.', 'may terminate', 'Either party may terminate on notice.'],
    ['24. GOVERNING LAW\nThis Agreement is governed by the laws of\nthe State of Florida.\n25. DISPUTES', 'laws of', 'This Agreement is governed by the laws of\nthe State of Florida.'],
    ['3.1 Governing Law and Jurisdiction This Agreement shall be governed by the laws of Taiwan. The Parties agree.', 'laws of Taiwan', 'This Agreement shall be governed by the laws of Taiwan.'],
    ['First paragraph without an end\n\nThe clause runs on without a full stop', 'runs on', 'The clause runs on without a full stop'],
    ['He said “it ends here.” Then another.', 'it ends', 'He said “it ends here.”'],
  ])('%#', (text, quote, expected) => {
    expect(grow(text, quote)).toBe(expected);
  });

  it('keeps a quote that already is a sentence as it is, and clamps ranges outside the text', () => {
    const text = 'One. Two is here. Three.';
    expect(grow(text, 'Two is here.')).toBe('Two is here.');
    expect(expandToSentences(text, -5, 1000)).toEqual([0, text.length]);
  });

  it('merges overlapping ranges and joins separate ones in page order', () => {
    const text = 'Alpha one. Beta two. Gamma three.';
    expect(clauseText(text, [[23, 28], [0, 3], [6, 9]])).toBe('Alpha one. … Gamma three.');
  });

  it('stays bounded on a page with no punctuation at all (hostile)', () => {
    const text = 'word '.repeat(200_000);
    const [s, e] = expandToSentences(text, 500_000, 500_010);
    expect(e - s).toBeLessThanOrEqual(MAX_CLAUSE_CHARS);
    expect(s).toBeLessThanOrEqual(500_000);
    expect(e).toBeGreaterThanOrEqual(500_010);
  });
});

function render(parts: readonly DiffPart[]): string {
  return parts.map((p) => (p.op === 'same' ? p.text : p.op === 'added' ? `{+${p.text.trim()}}` : `{-${p.text.trim()}}`)).join('');
}

describe('word differences', () => {
  it('marks words only in the clause as added and only in the reference as removed', () => {
    const parts = diffWords('governed by the laws of the State of New York.', 'governed by the laws of the State of Delaware.');
    expect(render(parts)).toBe('governed by the laws of the State of{-New York.}{+Delaware.}');
  });

  it('ignores case, curly quotes and trailing punctuation when matching words', () => {
    const parts = diffWords('The “Licensee” shall pay', 'the "Licensee" shall pay,');
    expect(parts.every((p) => p.op === 'same')).toBe(true);
  });

  it('rebuilds the clause from its same and added parts, and the reference from same and removed', () => {
    const a = 'Either party may terminate this Agreement on sixty (60) days notice.';
    const b = 'Each party may end this Agreement on ninety (90) days prior written notice to the other.';
    const parts = diffWords(a, b);
    expect(parts.filter((p) => p.op !== 'removed').map((p) => p.text).join('')).toBe(b);
    const words = (t: string) => t.split(/\s+/).filter(Boolean).length;
    expect(words(parts.filter((p) => p.op !== 'added').map((p) => p.text).join(' '))).toBe(words(a));
  });

  it('handles empty sides', () => {
    expect(diffWords('', 'new words')).toEqual([{ op: 'added', text: 'new words' }]);
    expect(diffWords('old words', '')).toEqual([{ op: 'removed', text: 'old words' }]);
    expect(diffWords('', '')).toEqual([]);
  });

  it('stays bounded on huge unlike inputs (hostile): the middle is shown as replaced', () => {
    const a = Array.from({ length: 5000 }, (_, i) => `a${i}`).join(' ');
    const b = Array.from({ length: 5000 }, (_, i) => `b${i}`).join(' ');
    const parts = diffWords(`same start ${a} same end`, `same start ${b} same end`);
    expect(parts.map((p) => p.op)).toEqual(['same', 'removed', 'added', 'same']);
  });
});

describe('grouping by wording', () => {
  const ny = 'This Agreement shall be governed by and construed in accordance with the laws of the State of New York.';
  const de = 'This Agreement shall be governed by and construed in accordance with the laws of the State of Delaware.';
  const ny2 = 'This Agreement shall be governed by, and construed in accordance with, the laws of the State of New York, without regard to conflicts of law.';
  const english = 'This Agreement is governed by English law and the parties submit to the exclusive jurisdiction of the English courts.';
  const arbitration = 'Any dispute shall be finally settled by arbitration under the Rules of the ICC by three arbitrators.';

  it('reads shingles of two folded words, numbers aside', () => {
    expect([...shingles('The Laws of (12) New York')]).toEqual(['the laws', 'laws of', 'of new', 'new york']);
    expect([...shingles('Texas')]).toEqual(['texas']);
  });

  it('scores the Jaccard index of two sets', () => {
    expect(jaccard(new Set(['a', 'b', 'c']), new Set(['b', 'c', 'd']))).toBe(0.5);
    expect(jaccard(new Set(), new Set())).toBe(1);
    expect(jaccard(new Set(['a']), new Set())).toBe(0);
  });

  it('puts near-identical wordings in one variant and different wordings apart, largest first', () => {
    const groups = groupBySimilarity([english, ny, arbitration, de, ny2, ny]);
    expect(groups).toEqual([[1, 3, 4, 5], [0], [2]]);
  });

  it('collapses 200 clauses made from three wordings into three variants with their counts', () => {
    const wordings = [ny, english, arbitration];
    const texts = Array.from({ length: 200 }, (_, i) => wordings[i % 7 === 0 ? 1 : i % 11 === 0 ? 2 : 0]!);
    const groups = groupBySimilarity(texts);
    expect(groups.map((g) => g.length)).toEqual([texts.filter((t) => t === ny).length, texts.filter((t) => t === english).length, texts.filter((t) => t === arbitration).length]);
  });

  it('keeps every clause in exactly one group, also above the agglomerative limit', () => {
    const texts = Array.from({ length: 450 }, (_, i) => (i % 2 === 0 ? ny : `${arbitration} ${i}`));
    const groups = groupBySimilarity(texts);
    expect(groups.flat().sort((a, b) => a - b)).toEqual(texts.map((_, i) => i));
    expect(groups.length).toBe(2);
  });
});
