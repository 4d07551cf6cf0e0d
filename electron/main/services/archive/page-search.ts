// Full-text search of pages that stays fast at millions of pages. FTS5's bm25 costs time in
// proportion to how many pages hold each searched word (it counts them for the word's weight,
// then scores every match), so a word on most pages would take a second. Instead:
// - matches are counted up to COUNT_CAP (the index's row ids only, but a phrase or a domain
//   filter checks each one: with either, up to CHECKED_COUNT_CAP); the count is exact
//   below it, and search:count gives the exact figure above it (the UI shows "more than
//   10,000", then the figure); a search in one document walks only that document's pages;
// - when every word of the query is on at most RANK_ALL pages, all matches are ranked by bm25;
// - when some words are that common (stop-word-like: bm25 gives them almost no weight anyway)
//   but the query as a whole matches at most RANK_ALL pages, bm25 ranks those pages by the
//   other, rarer words only;
// - otherwise the newest matching pages come first (recency fallback), and the result says so.
// Pages with the words as typed come before those that only match by stemming; snippets are
// cut from the hits alone (see snippets). The results are shown grouped by document, each
// with its number of matching pages: exact when the count was (one more walk of those
// matches, grouped), else the pages shown, as a lower bound. Plain Node.
import type { DocumentDomain, SearchDocumentMatches, SearchHit } from '../../../../shared/domain';
import type Database from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../../db/open';
import { ftsPhrases, parseSnippet, SNIPPET_MARKERS, toFtsQuery } from './fts-query';

/** Matches are counted exactly up to this many; beyond it the count is a lower bound. */
export const COUNT_CAP = 10_000;
/**
 * With a domain filter each match is checked against its document (two row lookups), and a
 * phrase checks each match's word positions: counting stops sooner, so a common word in one
 * domain, or a phrase of common words, still answers in tens of ms at 2M pages.
 */
export const CHECKED_COUNT_CAP = 1_000;
/** bm25 ranks a query whose words are each on at most this many pages. */
export const RANK_ALL = 10_000;
/** How many of the best-ranked pages the words-as-typed preference reorders. */
const MIN_CANDIDATES = 200;

export interface SearchFilters {
  readonly documentId?: number;
  readonly domain?: DocumentDomain;
}

export interface SearchResult {
  readonly hits: SearchHit[];
  /** Matching pages: exact when `totalExact`, else a lower bound (COUNT_CAP). */
  readonly total: number;
  readonly totalExact: boolean;
  /** 'relevance': ranked by bm25; 'newest': so many pages matched that the newest come first. */
  readonly ranking: 'relevance' | 'newest';
  /** Each document of the hits (in the order of its best hit) with its number of matching pages. */
  readonly documents: SearchDocumentMatches[];
}

/** pages_fts's tokenizer (migration 0001): snippets are cut by an index with the same one. */
export const PAGE_TOKENIZER = 'porter unicode61 remove_diacritics 2';

export class PageSearch {
  private snippetIndex: { add: Database.Statement; cut: Database.Statement<[string, string, string], { id: number; marked: string }>; clear: Database.Statement } | null = null;

  constructor(private readonly db: Db) {}

  search(query: string, limit: number, filters: SearchFilters = {}): SearchResult {
    const match = toFtsQuery(query);
    if (!match) return { hits: [], total: 0, totalExact: true, ranking: 'relevance', documents: [] };
    const scope = scopeSql(filters);
    const phrases = ftsPhrases(match);
    const checked = filters.domain !== undefined || phrases.some((p) => /^"[^"]* /.test(p));
    const cap = checked ? CHECKED_COUNT_CAP : COUNT_CAP;
    const counted = this.countUpTo(match, scope, cap);
    const total = Math.min(counted, cap);
    const totalExact = counted <= cap;
    if (counted === 0) return { hits: [], total: 0, totalExact: true, ranking: 'relevance', documents: [] };

    const candidates = Math.max(limit, MIN_CANDIDATES);
    // A one-part query without a filter was just counted: a phrase of common words is not walked
    // twice (past its cap, it is taken as common).
    const countedAlready = phrases.length === 1 && scope === NO_SCOPE;
    const rare = phrases.filter((p) => (countedAlready ? totalExact && counted <= RANK_ALL : this.countUpTo(p, NO_SCOPE, RANK_ALL) <= RANK_ALL));
    let ids: number[];
    let ranking: SearchResult['ranking'] = 'relevance';
    if (rare.length === phrases.length) {
      ids = this.ids(
        `SELECT pages_fts.rowid AS id FROM pages_fts ${scope.join} WHERE pages_fts MATCH ? ${scope.where}
         ORDER BY bm25(pages_fts) LIMIT ?`,
        match, ...scope.params, candidates,
      );
    } else if (rare.length > 0 && totalExact && counted <= RANK_ALL) {
      // bm25 over the rarer words, on the pages that match the whole query.
      ids = this.ids(
        `SELECT pages_fts.rowid AS id FROM pages_fts WHERE pages_fts MATCH ? AND pages_fts.rowid IN (
           SELECT m.rowid FROM pages_fts m ${scope.join.replaceAll('pages_fts.rowid', 'm.rowid')} WHERE m.pages_fts MATCH ? ${scope.where.replaceAll('pages_fts.rowid', 'm.rowid')})
         ORDER BY bm25(pages_fts) LIMIT ?`,
        rare.join(' '), match, ...scope.params, candidates,
      );
    } else {
      ranking = 'newest';
      ids = this.ids(
        `SELECT pages_fts.rowid AS id FROM pages_fts ${scope.join} WHERE pages_fts MATCH ? ${scope.where}
         ORDER BY pages_fts.rowid DESC LIMIT ?`,
        match, ...scope.params, candidates,
      );
    }
    const hits = this.hits(ids, query, match, limit);
    return { hits, total, totalExact, ranking, documents: this.matchesPerDocument(match, scope, hits, totalExact) };
  }

  /** Matching pages per document of the hits: counted (at most COUNT_CAP matches to walk) when `exact`, else the hits shown. */
  private matchesPerDocument(match: string, scope: Scope, hits: readonly SearchHit[], exact: boolean): SearchDocumentMatches[] {
    const ids = [...new Set(hits.map((h) => h.documentId))];
    const counts = new Map<number, number>();
    if (exact && ids.length > 0) {
      // CROSS JOIN keeps the FTS matches as the outer loop: a walk of the matches, never of the documents' pages.
      const join = scope.join ? scope.join.replace(/^JOIN pages p/, 'CROSS JOIN pages p') : 'CROSS JOIN pages p ON p.id = pages_fts.rowid';
      const rows = this.db
        .prepare(
          `SELECT p.document_id AS id, count(*) AS n FROM pages_fts ${join} WHERE pages_fts MATCH ? ${scope.where}
           AND p.document_id IN (SELECT value FROM json_each(?)) GROUP BY p.document_id`,
        )
        .all(match, ...scope.params, JSON.stringify(ids)) as Array<{ id: number; n: number }>;
      for (const r of rows) counts.set(r.id, r.n);
    } else {
      for (const h of hits) counts.set(h.documentId, (counts.get(h.documentId) ?? 0) + 1);
    }
    return ids.map((documentId) => ({ documentId, matches: counts.get(documentId) ?? 0, exact }));
  }

  private ids(sql: string, ...params: Array<string | number>): number[] {
    return this.db
      .prepare(sql)
      .all(...params)
      .map((r) => (r as { id: number }).id);
  }

  /** Matching pages, counted up to `cap` + 1 (walking row ids only, no scoring). */
  private countUpTo(match: string, scope: Scope, cap: number): number {
    return (
      this.db
        .prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM pages_fts ${scope.join} WHERE pages_fts MATCH ? ${scope.where} LIMIT ?)`)
        .get(match, ...scope.params, cap + 1) as { n: number }
    ).n;
  }

  /** The exact number of matching pages (walks every match: for a word on most pages, ~0.1 s per million). */
  countMatches(query: string, filters: SearchFilters = {}): number {
    const match = toFtsQuery(query);
    if (!match) return 0;
    const scope = scopeSql(filters);
    return (
      this.db.prepare(`SELECT count(*) AS n FROM pages_fts ${scope.join} WHERE pages_fts MATCH ? ${scope.where}`).get(match, ...scope.params) as {
        n: number;
      }
    ).n;
  }

  /** The hits for ranked page ids: pages with the words as typed first (stemming also matches others), then snippets. */
  private hits(ids: number[], query: string, match: string, limit: number): SearchHit[] {
    if (!ids.length) return [];
    const exact = query.replace(/"/g, '').replace(/\*/g, '').trim().toLowerCase();
    const rows = this.db
      .prepare<
        [string, string],
        { id: number; document_id: number; number: number; title: string; file_name: string; text: string; exact: number }
      >(
        `SELECT p.id, p.document_id, p.number, d.title, d.file_name, p.text, instr(lower(p.text), ?) > 0 AS exact
         FROM pages p JOIN documents d ON d.id = p.document_id
         WHERE p.id IN (SELECT value FROM json_each(?))`,
      )
      .all(exact, JSON.stringify(ids));
    const rank = new Map(ids.map((id, i) => [id, i]));
    rows.sort((a, b) => b.exact - a.exact || rank.get(a.id)! - rank.get(b.id)!);
    const shown = rows.slice(0, limit);
    const marked = this.snippets(match, shown);
    return shown.map((r) => ({
      documentId: r.document_id,
      title: r.title,
      fileName: r.file_name,
      page: r.number,
      ...parseSnippet(marked.get(r.id) ?? ''),
    }));
  }

  /**
   * Snippets of the pages shown, cut by FTS5 from an index of just those pages (same tokenizer,
   * so the same words are marked). Asked of pages_fts, a snippet of a word on a million pages
   * took 0.2 s a hit: FTS5 reads the word's whole position list. The index is a TEMP table,
   * kept in memory (temp_store, see db/open.ts), and emptied after each search.
   */
  private snippets(match: string, pages: ReadonlyArray<{ id: number; text: string }>): Map<number, string> {
    if (!this.snippetIndex) {
      this.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.hit_pages USING fts5(text, tokenize = '${PAGE_TOKENIZER}')`);
      this.snippetIndex = {
        add: this.db.prepare('INSERT INTO temp.hit_pages (rowid, text) VALUES (?, ?)'),
        cut: this.db.prepare<[string, string, string], { id: number; marked: string }>(
          "SELECT rowid AS id, snippet(hit_pages, 0, ?, ?, '…', 16) AS marked FROM temp.hit_pages WHERE hit_pages MATCH ?",
        ),
        clear: this.db.prepare('DELETE FROM temp.hit_pages'),
      };
    }
    const { add, cut, clear } = this.snippetIndex;
    return this.db.transaction(() => {
      clear.run();
      for (const p of pages) add.run(p.id, p.text);
      const out = new Map(cut.all(SNIPPET_MARKERS.open, SNIPPET_MARKERS.close, match).map((r) => [r.id, r.marked]));
      clear.run();
      return out;
    })();
  }
}

interface Scope {
  readonly join: string;
  readonly where: string;
  readonly params: Array<string | number>;
}
const NO_SCOPE: Scope = { join: '', where: '', params: [] };

/** The joins and conditions that keep the matches in one document or one domain. */
function scopeSql(filters: SearchFilters): Scope {
  if (filters.documentId === undefined && filters.domain === undefined) return NO_SCOPE;
  const where: string[] = [];
  const params: Array<string | number> = [];
  let join = 'JOIN pages p ON p.id = pages_fts.rowid';
  if (filters.documentId !== undefined) {
    // The document's page ids bound the walk: FTS5 seeks to them, rather than checking every
    // match of a common word in the archive against the document (seconds at 2M pages).
    where.push(
      'p.document_id = ? AND pages_fts.rowid BETWEEN (SELECT min(id) FROM pages WHERE document_id = ?) AND (SELECT max(id) FROM pages WHERE document_id = ?)',
    );
    params.push(filters.documentId, filters.documentId, filters.documentId);
  }
  if (filters.domain !== undefined) {
    join += ' JOIN documents d ON d.id = p.document_id';
    where.push('d.domain = ?');
    params.push(filters.domain);
  }
  return { join, where: `AND ${where.join(' AND ')}`, params };
}
