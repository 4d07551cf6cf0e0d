// toFtsQuery must turn anything a person types into a MATCH expression FTS5 accepts, and
// parseSnippet must report highlight ranges that point at the marked words. The FTS5
// table is a real in-memory SQLite one with the archive's tokenizer: fast, no files.
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ftsPhrases, parseSnippet, SNIPPET_MARKERS, toFtsQuery } from '../../electron/main/services/archive/fts-query';

const { open: O, close: C } = SNIPPET_MARKERS;

let db: Database.Database;
let match: Database.Statement<[string], { rowid: number }>;

beforeAll(() => {
  db = new Database(':memory:');
  db.exec(`CREATE VIRTUAL TABLE t USING fts5 (text, tokenize = 'porter unicode61 remove_diacritics 2')`);
  const insert = db.prepare('INSERT INTO t (rowid, text) VALUES (?, ?)');
  insert.run(1, 'This Agreement shall be governed by the laws of the State of New York.');
  insert.run(2, 'The patient NEAR the door was given 20 mg of aspirin; AND then discharged.');
  insert.run(3, 'Café crème: naïve résumé of the governing law clause (section 12.3).');
  insert.run(4, 'snake_case_word and O\'Brien signed on 2024-01-02.');
  match = db.prepare('SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid');
});

afterAll(() => db.close());

/** Runs the query built from `input`; throws if FTS5 rejects it. */
function search(input: string): number[] {
  const q = toFtsQuery(input);
  if (q === null) return [];
  return match.all(q).map((r) => r.rowid);
}

describe('toFtsQuery', () => {
  it('makes every word a required term and keeps quoted phrases together', () => {
    expect(toFtsQuery('governing law')).toBe('"governing" "law"');
    expect(toFtsQuery('"governing law" clause')).toBe('"governing law" "clause"');
    expect(search('york laws')).toEqual([1]);
    expect(search('york patient')).toEqual([]); // every word must appear on the same row
    // Stemming: "governing" matches "governed" too.
    expect(search('governing law')).toEqual([1, 3]);
    expect(search('"governing law"')).toEqual([3]);
  });

  it('matches every word a trailing * begins, outside quotes only', () => {
    expect(toFtsQuery('gov*')).toBe('"gov" *');
    expect(toFtsQuery('"gov*"')).toBe('"gov"');
    expect(search('gov*')).toEqual([1, 3]);
    expect(search('asp* discharg*')).toEqual([2]);
    expect(search('"gov*"')).toEqual([]);
    expect(ftsPhrases(toFtsQuery('"governing law" gov* york')!)).toEqual(['"governing law"', '"gov" *', '"york"']);
  });

  it('treats FTS5 operators as plain words', () => {
    expect(toFtsQuery('NEAR door')).toBe('"NEAR" "door"');
    expect(search('patient NEAR door')).toEqual([2]);
    expect(search('aspirin AND discharged')).toEqual([2]);
    expect(search('aspirin OR nothing')).toEqual([]); // OR is a word the text lacks, not an operator
    expect(search('NOT patient')).toEqual([]);
  });

  it('returns null when nothing searchable is left', () => {
    for (const input of ['', '   ', '"', '""', '* ^ : - ( )', '"   "', '\t\n', '…', '—', '+-+']) {
      expect(toFtsQuery(input), JSON.stringify(input)).toBeNull();
    }
  });

  it('splits punctuated tokens into words', () => {
    expect(toFtsQuery('col:value')).toBe('"col value"');
    expect(toFtsQuery('2024-01-02')).toBe('"2024 01 02"');
    expect(search('2024-01-02')).toEqual([4]);
    expect(search("O'Brien")).toEqual([4]);
    expect(search('12.3')).toEqual([3]);
  });

  it('matches accented text with or without the accents', () => {
    expect(search('cafe creme')).toEqual([3]);
    expect(search('résumé')).toEqual([3]);
  });

  it.each([
    'AND',
    'OR',
    'NOT',
    'NEAR',
    'NEAR(',
    'NEAR(a b, 3)',
    'a AND',
    'OR b',
    'a NOT',
    '(',
    ')',
    '((a)',
    '*',
    'a*',
    '*a',
    '"',
    '"unterminated',
    'a"b',
    '""a""',
    '^',
    '^a',
    ':',
    'text:',
    'text:patient',
    '{text}: patient',
    '-',
    '-a',
    'a - b',
    '+',
    'a + b',
    '_',
    '___',
    'snake_case_word',
    '_ AND _',
    '\u0000',
    '\u0001patient\u0002',
    "'; DROP TABLE t; --",
    'NEAR/3',
    'a OR (b AND NOT c)',
    '"a" OR "b"',
    'AND OR NOT NEAR ( ) * " ^ : -',
  ])('never raises a syntax error: %j', (input) => {
    expect(() => search(input)).not.toThrow();
  });

  it('never raises a syntax error on random operator soup (fuzz)', () => {
    const atoms = ['AND', 'OR', 'NOT', 'NEAR', '(', ')', '*', '"', '^', ':', '-', '+', ',', '_', '{', '}', '/', '\\', "'",
      'patient', 'law', 'é', '12', ' ', ' ', '\t', '\u00ad', '\u200b', '日本', '👍', 'text:', 'NEAR(', '1.5'];
    let seed = 12345;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    for (let i = 0; i < 3000; i++) {
      let input = '';
      const length = 1 + random(12);
      for (let k = 0; k < length; k++) input += atoms[random(atoms.length)]! + (random(3) === 0 ? ' ' : '');
      const q = toFtsQuery(input);
      if (q === null) continue;
      expect(() => match.all(q), `input ${JSON.stringify(input)} -> ${q}`).not.toThrow();
    }
  });

  it('never raises a syntax error on random characters (fuzz)', () => {
    let seed = 99;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed % n;
    };
    for (let i = 0; i < 2000; i++) {
      const chars = Array.from({ length: 1 + random(20) }, () => {
        const pick = random(4);
        if (pick === 0) return String.fromCharCode(32 + random(95)); // printable ASCII: all operators
        if (pick === 1) return String.fromCharCode(random(0x3000)); // controls, Latin, symbols, CJK edges
        if (pick === 2) return '"';
        return ' ';
      });
      const q = toFtsQuery(chars.join(''));
      if (q === null) continue;
      expect(() => match.all(q), JSON.stringify(chars.join(''))).not.toThrow();
    }
  });
});

describe('parseSnippet', () => {
  it('strips the markers and returns the ranges they enclosed', () => {
    const { snippet, highlights } = parseSnippet(`the ${O}governing${C} ${O}law${C} clause`);
    expect(snippet).toBe('the governing law clause');
    expect(highlights).toEqual([
      [4, 13],
      [14, 17],
    ]);
    expect(highlights.map(([s, e]) => snippet.slice(s, e))).toEqual(['governing', 'law']);
  });

  it('collapses runs of whitespace (newlines included) without shifting the ranges', () => {
    const { snippet, highlights } = parseSnippet(`…first line\n\n   ${O}Governing${C}\t\t${O}Law${C}\nnext…`);
    expect(snippet).toBe('…first line Governing Law next…');
    expect(highlights.map(([s, e]) => snippet.slice(s, e))).toEqual(['Governing', 'Law']);
  });

  it('counts offsets in UTF-16 units, like String.slice', () => {
    const { snippet, highlights } = parseSnippet(`👍 café ${O}naïve${C} 日本 ${O}語${C}`);
    expect(highlights.map(([s, e]) => snippet.slice(s, e))).toEqual(['naïve', '語']);
  });

  it('ignores a stray close marker and an unclosed open marker', () => {
    expect(parseSnippet(`a${C}b`)).toEqual({ snippet: 'ab', highlights: [] });
    expect(parseSnippet(`a${O}b`)).toEqual({ snippet: 'ab', highlights: [] });
    expect(parseSnippet('')).toEqual({ snippet: '', highlights: [] });
  });

  it('parses what FTS5 snippet() produces for a real match', () => {
    const row = db
      .prepare<[string, string, string], { marked: string }>(`SELECT snippet(t, 0, ?, ?, '…', 16) AS marked FROM t WHERE t MATCH ?`)
      .get(O, C, toFtsQuery('governing law')!);
    expect(row).toBeDefined();
    const { snippet, highlights } = parseSnippet(row!.marked);
    expect(snippet).not.toMatch(/[\u0001\u0002]/);
    expect(highlights.length).toBeGreaterThanOrEqual(2);
    for (const [s, e] of highlights) {
      expect(s).toBeLessThan(e);
      expect(snippet.slice(s, e).toLowerCase()).toMatch(/^(govern\w*|laws?)$/);
    }
  });
});
