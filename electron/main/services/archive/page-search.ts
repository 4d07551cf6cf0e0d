// Full-text search of pages that stays fast at millions of pages. FTS5's bm25 costs time in
// proportion to how many pages hold each searched word (it counts them for the word's weight,
// then scores every match), so a word on most pages would take a second. Instead:
// - one walk of the matches, forwards (the index's row ids only), counts them up to COUNT_CAP
//   (a phrase or a domain filter checks each one: with either, up to CHECKED_COUNT_CAP); the
//   count is exact below it, and search:count gives the exact figure above it (the UI shows
//   "more than 10,000", then the figure); a search in one document walks only its pages;
// - when every word of the query is on at most RANK_ALL pages, all matches are ranked by bm25;
// - when some words are that common (stop-word-like: bm25 gives them almost no weight anyway)
//   but the query as a whole matches at most RANK_ALL pages, bm25 ranks those pages by the
//   other, rarer words only;
// - otherwise the newest matching pages come first (recency fallback), and the result says so:
//   pages_fts_desc keeps them at the start of each word's list, so they are the walk's first.
// A prefix is searched by the index's words it begins, by name (prefixAsSearched), which FTS5
// walks match by match instead of merging their whole lists first.
// Equal scores (the same text on several pages) go in page order. Pages with the words as typed
// come before those that only match by stemming; snippets are cut from the hits alone
// (ScratchIndex). The results are shown grouped by document, each with its number of matching
// pages: exact when the count was (the walked matches among each shown document's page ids),
// else the pages shown, as a lower bound. Plain Node.
import type { DocumentDomain, SearchDocumentMatches, SearchHit } from '../../../../shared/domain';
import type { Db } from '../../db/open';
import { ftsPhrases, parseSnippet, SNIPPET_MARKERS, toFtsQuery } from './fts-query';
import { ScratchIndex } from './scratch-index';
import { currentSearchIndex, type SearchIndex } from './search-index';

/** Matches are counted exactly up to this many; beyond it the count is a lower bound. */
export const COUNT_CAP = 10_000;
/**
 * With a domain filter each match is checked against its document (two small row lookups), and
 * a phrase checks each match's word positions: counting stops sooner, so a common word in one
 * domain, or a phrase of common words, still answers in tens of ms at 2M pages.
 */
export const CHECKED_COUNT_CAP = 1_000;
/** bm25 ranks a query whose words are each on at most this many pages. */
export const RANK_ALL = 10_000;
/** The shortest stem a prefix is searched by (see prefixAsSearched). */
const MIN_PREFIX = 3;
/** A prefix is searched by the terms it begins (see prefixAsSearched) when they are at most this many. */
const MAX_PREFIX_TERMS = 500;
/** How many of the best-ranked pages the words-as-typed preference reorders. */
const MIN_CANDIDATES = 100;

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


export class PageSearch {
  private readonly scratch: ScratchIndex;

  constructor(private readonly db: Db) {
    this.scratch = new ScratchIndex(db);
  }

  search(query: string, limit: number, filters: SearchFilters = {}): SearchResult {
    const ix = currentSearchIndex(this.db);
    const phrases = this.parts(query, ix);
    if (!phrases) return { hits: [], total: 0, totalExact: true, ranking: 'relevance', documents: [] };
    const match = phrases.join(' ');
    const scope = scopeSql(ix, filters);
    const checked = filters.domain !== undefined || phrases.some((p) => /^"[^"]* /.test(p));
    const cap = checked ? CHECKED_COUNT_CAP : COUNT_CAP;
    // One walk of the matches in index order (row ids only, no scoring): the count up to the
    // cap and, below it, every match, to rank or to group by document.
    const matched = this.ids(
      `SELECT ${ix.pageId} AS id FROM ${ix.table} ${scope.join} WHERE ${ix.table} MATCH ? ${scope.where}
       ORDER BY ${ix.table}.rowid LIMIT ?`,
      match, ...scope.params, cap + 1,
    );
    const counted = matched.length;
    const total = Math.min(counted, cap);
    const totalExact = counted <= cap;
    if (counted === 0) return { hits: [], total: 0, totalExact: true, ranking: 'relevance', documents: [] };

    const candidates = Math.max(limit, MIN_CANDIDATES);
    // A one-part query without a filter was just counted: a phrase of common words is not walked
    // twice (past its cap, it is taken as common).
    const countedAlready = phrases.length === 1 && scope === NO_SCOPE;
    const rare = phrases.filter((p) => (countedAlready ? totalExact && counted <= RANK_ALL : this.countUpTo(ix, p, RANK_ALL) <= RANK_ALL));
    let ids: number[];
    let ranking: SearchResult['ranking'] = 'relevance';
    if (rare.length === phrases.length) {
      ids = this.ids(
        `SELECT ${ix.pageId} AS id FROM ${ix.table} ${scope.join} WHERE ${ix.table} MATCH ? ${scope.where}
         ORDER BY bm25(${ix.table}), ${ix.pageId} LIMIT ?`,
        match, ...scope.params, candidates,
      );
    } else if (rare.length > 0 && totalExact && counted <= RANK_ALL) {
      // bm25 over the rarer words, on the pages that match the whole query (those just walked).
      // The + keeps SQLite from looking each of those pages up in FTS5 (~0.2 ms each at 2M pages):
      // the rarer words' matches are walked once and checked against the list.
      ids = this.ids(
        `SELECT ${ix.pageId} AS id FROM ${ix.table} WHERE ${ix.table} MATCH ? AND +${ix.pageId} IN (SELECT value FROM json_each(?))
         ORDER BY bm25(${ix.table}), ${ix.pageId} LIMIT ?`,
        rare.join(' '), JSON.stringify(matched), candidates,
      );
    } else {
      ranking = 'newest';
      ids = ix.newestFirst ? matched.slice(0, candidates) : totalExact ? matched.slice(-candidates).reverse() : this.newest(ix, match, scope, candidates);
    }
    const hits = this.hits(ids, query, match, limit);
    return { hits, total, totalExact, ranking, documents: this.matchesPerDocument(totalExact ? matched : null, hits) };
  }

  /** The FTS5 expression `query` is searched by (null: it has no words). */
  expression(query: string): string | null {
    return this.parts(query, currentSearchIndex(this.db))?.join(' ') ?? null;
  }

  /** The query's parts as searched (each must match), or null when it has no words. */
  private parts(query: string, ix: SearchIndex): string[] | null {
    const typed = toFtsQuery(query);
    return typed ? ftsPhrases(typed).map((part) => this.prefixAsSearched(part, ix)) : null;
  }

  /**
   * A prefix part ("speci" *) as it is searched; any other part as it is. FTS5 stems a prefix
   * before matching it: being* is searched as be*, the start of because, between, benefit… on
   * nearly every page. A prefix that stemming cuts below MIN_PREFIX letters is searched as the
   * word typed instead, which finds its own forms (being, beings). Any other is searched by
   * the terms of the index it begins, by name ("specif" OR "special" OR …), once search_terms
   * lists them all (migration 12): FTS5 merges the whole page list of every term a prefix
   * begins before its first match (50 ms for speci*, 400 ms for con* at 2M pages), and walks
   * named terms match by match. It stays a prefix when it begins no term, more than
   * MAX_PREFIX_TERMS, or one that stemming would cut again (FTS5 would search another word).
   */
  private prefixAsSearched(part: string, ix: SearchIndex): string {
    const word = /^"([^" ]+)" \*$/.exec(part)?.[1];
    if (word === undefined) return part;
    const stems = this.scratch.terms(word);
    const stem = stems[0];
    if (stems.length !== 1 || stem === undefined) return part;
    if (stem.length < MIN_PREFIX && stem.length < [...word].length) return `"${word}"`;
    if (!ix.termsListed) return part;
    const terms = this.db
      .prepare<[string, string, number], string>('SELECT term FROM search_terms WHERE term >= ? AND term < ? AND pages > 0 LIMIT ?')
      .pluck()
      .all(stem, `${stem}\u{10FFFF}`, MAX_PREFIX_TERMS + 1);
    if (terms.length === 0 || terms.length > MAX_PREFIX_TERMS || !this.scratch.searchedAsThemselves(terms)) return part;
    return terms.length === 1 ? `"${terms[0]!}"` : `(${terms.map((t) => `"${t}"`).join(' OR ')})`;
  }

  /**
   * Matching pages per document of the hits: counted among `matched` (every match, when the
   * count was exact) against each document's page ids, read from the (document, number) index
   * alone; else the hits shown, as a lower bound. Never a walk of the matches' page rows.
   */
  private matchesPerDocument(matched: readonly number[] | null, hits: readonly SearchHit[]): SearchDocumentMatches[] {
    const ids = [...new Set(hits.map((h) => h.documentId))];
    const counts = new Map<number, number>();
    if (matched && ids.length > 0) {
      const isMatch = new Set(matched);
      const pages = this.db
        .prepare<[string], { document_id: number; id: number }>('SELECT document_id, id FROM pages WHERE document_id IN (SELECT value FROM json_each(?))')
        .all(JSON.stringify(ids));
      for (const p of pages) if (isMatch.has(p.id)) counts.set(p.document_id, (counts.get(p.document_id) ?? 0) + 1);
    } else {
      for (const h of hits) counts.set(h.documentId, (counts.get(h.documentId) ?? 0) + 1);
    }
    return ids.map((documentId) => ({ documentId, matches: counts.get(documentId) ?? 0, exact: matched !== null }));
  }

  private ids(sql: string, ...params: Array<string | number>): number[] {
    // pluck: the ids as plain numbers (an object per row costs ~1 ms per thousand).
    return this.db
      .prepare(sql)
      .pluck()
      .all(...params) as number[];
  }

  /**
   * The newest `n` matching pages in pages_fts (until pages_fts_desc is built), walking
   * backwards: with secure delete on, FTS5 reads a word's whole list of pages to find its end
   * (110-220 ms for a word on most of 2M pages, the first time it is searched; ~1 ms once cached).
   */
  private newest(ix: SearchIndex, match: string, scope: Scope, n: number): number[] {
    return this.ids(
      `SELECT ${ix.pageId} AS id FROM ${ix.table} ${scope.join} WHERE ${ix.table} MATCH ? ${scope.where}
       ORDER BY ${ix.table}.rowid DESC LIMIT ?`,
      match, ...scope.params, n,
    );
  }

  /** Matching pages, counted up to `cap` + 1 (walking row ids only, no scoring). */
  private countUpTo(ix: SearchIndex, match: string, cap: number): number {
    return this.db.prepare(`SELECT count(*) FROM (SELECT 1 FROM ${ix.table} WHERE ${ix.table} MATCH ? LIMIT ?)`).pluck().get(match, cap + 1) as number;
  }

  /** The exact number of matching pages (walks every match: for a word on most pages, ~0.1 s per million). */
  countMatches(query: string, filters: SearchFilters = {}): number {
    const ix = currentSearchIndex(this.db);
    const phrases = this.parts(query, ix);
    if (!phrases) return 0;
    const match = phrases.join(' ');
    const scope = scopeSql(ix, filters);
    return (
      this.db.prepare(`SELECT count(*) AS n FROM ${ix.table} ${scope.join} WHERE ${ix.table} MATCH ? ${scope.where}`).get(match, ...scope.params) as {
        n: number;
      }
    ).n;
  }

  /**
   * The hits for ranked page ids: pages with the words as typed first (stemming also matches
   * others), then snippets. Each candidate is one page row read; the documents' titles are read
   * for the pages shown only.
   */
  private hits(ids: number[], query: string, match: string, limit: number): SearchHit[] {
    if (!ids.length) return [];
    const exact = query.replace(/"/g, '').replace(/\*/g, '').trim().toLowerCase();
    const rows = this.db
      .prepare<[string, string], { id: number; document_id: number; number: number; text: string; exact: number }>(
        `SELECT id, document_id, number, text, instr(lower(text), ?) > 0 AS exact FROM pages
         WHERE id IN (SELECT value FROM json_each(?))`,
      )
      .all(exact, JSON.stringify(ids));
    const rank = new Map(ids.map((id, i) => [id, i]));
    rows.sort((a, b) => b.exact - a.exact || rank.get(a.id)! - rank.get(b.id)!);
    const shown = rows.slice(0, limit);
    const documents = new Map(
      this.db
        .prepare<[string], { id: number; title: string; file_name: string }>(
          'SELECT id, title, file_name FROM documents WHERE id IN (SELECT value FROM json_each(?))',
        )
        .all(JSON.stringify([...new Set(shown.map((r) => r.document_id))]))
        .map((d) => [d.id, d]),
    );
    const marked = this.scratch.snippets(match, shown, SNIPPET_MARKERS.open, SNIPPET_MARKERS.close);
    return shown.map((r) => ({
      documentId: r.document_id,
      title: documents.get(r.document_id)!.title,
      fileName: documents.get(r.document_id)!.file_name,
      page: r.number,
      ...parseSnippet(marked.get(r.id) ?? ''),
    }));
  }
}

interface Scope {
  readonly join: string;
  readonly where: string;
  readonly params: Array<string | number>;
}
const NO_SCOPE: Scope = { join: '', where: '', params: [] };

/** The joins and conditions that keep the matches in one document or one domain. */
function scopeSql(ix: SearchIndex, filters: SearchFilters): Scope {
  if (filters.documentId === undefined && filters.domain === undefined) return NO_SCOPE;
  const where: string[] = [];
  const params: Array<string | number> = [];
  // Each match's document: from page_documents once built (two integers a row), not the page's row.
  let join = `JOIN ${ix.documentOf} p ON p.id = ${ix.pageId}`;
  if (filters.documentId !== undefined) {
    // The document's page ids bound the walk: FTS5 seeks to them, rather than checking every
    // match of a common word in the archive against the document (seconds at 2M pages).
    const [from, to] = ix.rowidRange('(SELECT min(id) FROM pages WHERE document_id = ?)', '(SELECT max(id) FROM pages WHERE document_id = ?)');
    where.push(`p.document_id = ? AND ${ix.table}.rowid BETWEEN ${from} AND ${to}`);
    params.push(filters.documentId, filters.documentId, filters.documentId);
  }
  if (filters.domain !== undefined) {
    join += ' JOIN documents d ON d.id = p.document_id';
    where.push('d.domain = ?');
    params.push(filters.domain);
  }
  return { join, where: `AND ${where.join(' AND ')}`, params };
}
