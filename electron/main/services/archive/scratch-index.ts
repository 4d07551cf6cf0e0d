// A full-text index of a handful of texts, with pages_fts_desc's tokenizer: FTS5 answers a question
// about those texts alone instead of about the archive. TEMP tables (kept in memory: temp_store,
// see db/open.ts), filled for one question and emptied after it. The texts sit in a plain table
// the index reads them from (external content), so emptying it is FTS5's 'delete-all': a
// DELETE from an FTS5 table with its own copy cuts every text into words again to find its
// entries (1.5-6 ms for 50 pages, of a search's 15-25). Plain Node.
import type Database from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../../db/open';

/** pages_fts_desc's tokenizer (migrations 1 and 10): the scratch index must cut and stem words the same way. */
export const PAGE_TOKENIZER = 'porter unicode61 remove_diacritics 2';

interface Statements {
  readonly add: Database.Statement<[number, string]>;
  readonly index: Database.Statement<[number, string]>;
  readonly clear: Database.Statement<[]>;
  readonly clearIndex: Database.Statement<[]>;
  readonly cut: Database.Statement<[string, string, string], { id: number; marked: string }>;
  readonly terms: Database.Statement<[], string>;
  readonly termOf: Database.Statement<[], { id: number; term: string }>;
}

export class ScratchIndex {
  private statements: Statements | null = null;

  constructor(private readonly db: Db) {}

  /**
   * Snippets of `texts` for an FTS5 MATCH expression, marked with `open`/`close`. Asked of
   * pages_fts, a snippet of a word on a million pages took 0.2 s: FTS5 reads the word's whole
   * position list.
   */
  snippets(match: string, texts: ReadonlyArray<{ id: number; text: string }>, open: string, close: string): Map<number, string> {
    return this.holding(texts, (s) => new Map(s.cut.all(open, close, match).map((r) => [r.id, r.marked])));
  }

  /** The terms pages_fts would index for `text`: lower-cased, without diacritics, stemmed. */
  terms(text: string): string[] {
    return this.holding([{ id: 1, text }], (s) => s.terms.all());
  }

  /**
   * Whether each of `terms` (the index's own, already cut and stemmed) is searched as itself:
   * stemming a stem can cut it again (agre, the stem of agreed, is searched as agr).
   */
  searchedAsThemselves(terms: readonly string[]): boolean {
    const cut = this.holding(
      terms.map((text, i) => ({ id: i + 1, text })),
      (s) => s.termOf.all(),
    );
    return cut.length === terms.length && cut.every((c) => terms[c.id - 1] === c.term);
  }

  private holding<T>(texts: ReadonlyArray<{ id: number; text: string }>, ask: (s: Statements) => T): T {
    const s = this.prepared();
    return this.db.transaction(() => {
      const clear = () => {
        s.clearIndex.run();
        s.clear.run();
      };
      clear();
      for (const t of texts) {
        s.add.run(t.id, t.text);
        s.index.run(t.id, t.text);
      }
      const answer = ask(s);
      clear();
      return answer;
    })();
  }

  private prepared(): Statements {
    if (!this.statements) {
      this.db.exec('CREATE TABLE IF NOT EXISTS temp.hit_texts (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
      this.db.exec(
        `CREATE VIRTUAL TABLE IF NOT EXISTS temp.hit_pages USING fts5(text, content = 'hit_texts', content_rowid = 'id', tokenize = '${PAGE_TOKENIZER}')`,
      );
      this.db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.hit_terms USING fts5vocab(temp, hit_pages, 'row')");
      this.db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.hit_term_texts USING fts5vocab(temp, hit_pages, 'instance')");
      this.statements = {
        add: this.db.prepare('INSERT INTO temp.hit_texts (id, text) VALUES (?, ?)'),
        index: this.db.prepare('INSERT INTO temp.hit_pages (rowid, text) VALUES (?, ?)'),
        clear: this.db.prepare('DELETE FROM temp.hit_texts'),
        clearIndex: this.db.prepare("INSERT INTO temp.hit_pages (hit_pages) VALUES ('delete-all')"),
        cut: this.db.prepare("SELECT rowid AS id, snippet(hit_pages, 0, ?, ?, '…', 16) AS marked FROM temp.hit_pages WHERE hit_pages MATCH ?"),
        terms: this.db.prepare<[], string>('SELECT term FROM temp.hit_terms').pluck(),
        termOf: this.db.prepare('SELECT doc AS id, term FROM temp.hit_term_texts'),
      };
    }
    return this.statements;
  }
}
