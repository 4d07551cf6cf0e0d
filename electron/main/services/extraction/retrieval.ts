// Candidate passages per field for long documents: BM25 (SQLite FTS5, the archive's own
// tokenizer) over the document's numbered lines, queried with the field's label and synonyms
// (strong) and its instructions' content words (weak). A temp FTS5 table per run lives on the
// archive's connection and is dropped with the index. Plain Node: no engine, no electron.
import { STOP_WORDS } from '../../../../shared/extraction/text';
import type { TemplateField } from '../../../../shared/extraction/templates';
import type { Db } from '../../db/open';
import type { NumberedLine } from './numbered-text';

export interface ScoredLine {
  readonly index: number;
  readonly score: number;
}

// Words that appear in most instructions and say nothing about where a value is.
const INSTRUCTION_NOISE = new Set([
  'answer', 'cite', 'clause', 'copied', 'copy', 'written', 'example', 'leave', 'empty', 'true', 'false', 'only',
  'contract', 'agreement', 'party', 'parties', 'other', 'must', 'shall', 'document', 'record', 'stated', 'state',
  'item', 'items', 'value', 'choose', 'include', 'including', 'exactly', 'words', 'usually', 'often', 'never', 'make',
  'given', 'name', 'names', 'each', 'every', 'more', 'less', 'than', 'also', 'does', 'count', 'when', 'whose',
]);
const WEAK_WEIGHT = 0.3;
const MAX_WEAK_TERMS = 16;

let nextTable = 0;

function words(text: string): string[] {
  return text.split(/[^\p{L}\p{N}_]+/u).filter(Boolean);
}

function orQuery(phrases: readonly string[]): string | null {
  const parts = [...new Set(phrases.map((p) => words(p).join(' ').toLowerCase()).filter((p) => p !== ''))];
  return parts.length > 0 ? parts.map((p) => `"${p}"`).join(' OR ') : null;
}

/** The strong query (label, synonyms) and the weak one (instruction content words). */
export function fieldQueries(field: Pick<TemplateField, 'label' | 'instructions' | 'synonyms'>): {
  strong: string | null;
  weak: string | null;
} {
  const strong = orQuery([field.label, ...(field.synonyms ?? [])]);
  const weakTerms: string[] = [];
  for (const w of words(field.instructions.toLowerCase())) {
    if (w.length < 4 || STOP_WORDS.has(w) || INSTRUCTION_NOISE.has(w) || /^\d+$/.test(w)) continue;
    if (!weakTerms.includes(w)) weakTerms.push(w);
    if (weakTerms.length >= MAX_WEAK_TERMS) break;
  }
  return { strong, weak: orQuery(weakTerms) };
}

export class LineIndex {
  private readonly table: string;
  private disposed = false;

  constructor(
    private readonly db: Db,
    lines: readonly NumberedLine[],
  ) {
    this.table = `extraction_lines_${process.pid}_${nextTable++}`;
    db.exec(`CREATE VIRTUAL TABLE temp.${this.table} USING fts5 (text, tokenize = 'porter unicode61 remove_diacritics 2')`);
    const insert = db.prepare(`INSERT INTO temp.${this.table} (rowid, text) VALUES (?, ?)`);
    db.transaction(() => {
      for (const line of lines) insert.run(line.index + 1, line.text);
    })();
  }

  private query(match: string, limit: number): Map<number, number> {
    const rows = this.db
      .prepare<[string, number], { rowid: number; score: number }>(
        `SELECT rowid, bm25(${this.table}) AS score FROM temp.${this.table} WHERE ${this.table} MATCH ? ORDER BY score LIMIT ?`,
      )
      .all(match, limit);
    // bm25() is lower for better matches; flip it so higher is better.
    return new Map(rows.map((r) => [r.rowid - 1, -r.score]));
  }

  /** Lines ranked for a field, best first. */
  rank(field: Pick<TemplateField, 'label' | 'instructions' | 'synonyms'>, limit = 200): ScoredLine[] {
    const { strong, weak } = fieldQueries(field);
    const scores = new Map<number, number>();
    if (strong) for (const [i, s] of this.query(strong, limit)) scores.set(i, s);
    if (weak) for (const [i, s] of this.query(weak, limit)) scores.set(i, (scores.get(i) ?? 0) + WEAK_WEIGHT * s);
    return [...scores.entries()].map(([index, score]) => ({ index, score })).sort((a, b) => b.score - a.score || a.index - b.index);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.db.exec(`DROP TABLE IF EXISTS temp.${this.table}`);
  }
}

/**
 * Lines for one field within a token budget: the best-ranked lines, each with its neighbours
 * (a value often continues on the next line), then the document's first lines (titles,
 * parties, dates) if room is left. Returned in document order.
 */
export function selectPassages(
  ranked: readonly ScoredLine[],
  tokens: readonly number[],
  options: { readonly budget: number; readonly neighbours?: number; readonly headLines?: number },
): number[] {
  const chosen = new Set<number>();
  let used = 0;
  const add = (i: number): boolean => {
    if (i < 0 || i >= tokens.length || chosen.has(i)) return true;
    const t = tokens[i] ?? 0;
    if (used + t > options.budget) return false;
    chosen.add(i);
    used += t;
    return true;
  };
  const around = options.neighbours ?? 1;
  for (const { index } of ranked) {
    if (!add(index)) break;
    for (let d = 1; d <= around; d++) {
      add(index - d);
      add(index + d);
    }
  }
  // The head fills what the field's own passages left: it never crowds them out.
  const head = Math.min(options.headLines ?? 4, tokens.length);
  for (let i = 0; i < head; i++) add(i);
  return [...chosen].sort((a, b) => a - b);
}
