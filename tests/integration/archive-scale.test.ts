// The library list and search at a size where their shortcuts kick in, on a real SQLite
// archive: documents written through the archive's import steps (the bulk path bench:archive
// uses). The list pages by keyset in every order without gaps or repeats, each order served
// by its index; a word on more pages than bm25 can afford falls back to the newest pages and
// still reports the true count; a common word with a rare one ranks by the rare one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentRecord } from '../../shared/domain';
import { DOCUMENT_SORT_KEYS, type DocumentListRequest } from '../../shared/library';
import { createDispatcher } from '../../electron/main/api/dispatcher';
import { createHandlers } from '../../electron/main/api/handlers';
import { COUNT_CAP, CHECKED_COUNT_CAP, RANK_ALL } from '../../electron/main/services/archive/page-search';
import { PAGE_TOKENIZER } from '../../electron/main/services/archive/scratch-index';
import { openTempArchive, type TempArchive } from '../helpers/temp-archive';

let archive: TempArchive;
const PAGES_PER_DOC: number = 100;
// Enough pages that "common" is on more than RANK_ALL of them (failed imports keep none).
const DOCS = Math.ceil((RANK_ALL * 1.25) / PAGES_PER_DOC);
const failed = (i: number) => i % 11 === 3;
const PAGES = Array.from({ length: DOCS }, (_, i) => (failed(i) ? 0 : PAGES_PER_DOC)).reduce((a, b) => a + b, 0);
const RARE_DOC = 7;

beforeAll(async () => {
  archive = await openTempArchive();
  const { archive: docs } = archive.services;
  for (let i = 0; i < DOCS; i++) {
    const id = docs.beginImport({ sha256: `scale-${String(i).padStart(6, '0')}`.padEnd(64, '0'), fileName: `file-${i % 13}-${i}.pdf`, title: i % 5 === 0 ? '' : `Title ${(i * 37) % DOCS}`, bytes: 1000 });
    const pages = Array.from({ length: PAGES_PER_DOC }, (_, n) => ({
      number: n + 1,
      text: `common words page ${n + 1}${n % 2 ? ' halfway' : ''}${i === RARE_DOC && n === 41 ? ' okapi common okapi' : ''}${i === RARE_DOC && n === 40 ? ' beings' : ''}${i === RARE_DOC && n === 39 ? ' because' : ''}`,
      width: 612,
      height: 792,
      hasTextLayer: true,
      needsOcr: false,
      spans: [],
    }));
    docs.addPages(id, pages);
    docs.setDocumentInfo(id, { pageCount: (i * 7) % 50, metadata: {} });
    if (failed(i)) docs.failImport(id, { code: 'corrupt_pdf', message: 'Broken.' });
    else docs.finishImport(id, { domain: (['legal', 'medical', 'other'] as const)[i % 3]! });
  }
}, 120_000);

afterAll(() => archive?.dispose());

function walk(request: Partial<DocumentListRequest>): DocumentRecord[] {
  const rows: DocumentRecord[] = [];
  let after: DocumentListRequest['after'] = null;
  let pages = 0;
  do {
    const page = archive.services.archive.listDocuments({ ...request, after, limit: 17 });
    if (pages++ === 0) expect(page.total).toBeGreaterThan(0);
    else expect(page.total).toBeNull();
    rows.push(...page.items);
    after = page.next;
  } while (after);
  return rows;
}

describe('library list by keyset', () => {
  const collator = (a: DocumentRecord) => (a.title || a.fileName).toLowerCase();
  const value: Record<(typeof DOCUMENT_SORT_KEYS)[number], (d: DocumentRecord) => string | number> = {
    title: collator,
    status: (d) => d.status,
    pages: (d) => d.pageCount,
    domain: (d) => d.domain,
    importedAt: (d) => d.importedAt,
    // Migration 9's rank of a state (none, failed, running, done) and the fields to review.
    summary: (d) => ['none', 'failed', 'running', 'done'].indexOf(d.work!.summary),
    extraction: (d) => ['none', 'failed', 'running', 'done'].indexOf(d.work!.extraction),
    review: (d) => d.work!.fields.needsReview,
  };

  it.each(DOCUMENT_SORT_KEYS.flatMap((key) => (['asc', 'desc'] as const).map((direction) => ({ key, direction }))))(
    'pages through every document once in order %j',
    (sort) => {
      const rows = walk({ sort, view: 'all' });
      expect(rows).toHaveLength(DOCS);
      expect(new Set(rows.map((r) => r.id)).size).toBe(DOCS);
      const sign = sort.direction === 'asc' ? 1 : -1;
      for (let i = 1; i < rows.length; i++) {
        const [a, b] = [value[sort.key](rows[i - 1]!), value[sort.key](rows[i]!)];
        // Ties go by id, in the same direction.
        const order = a < b ? -1 : a > b ? 1 : rows[i - 1]!.id < rows[i]!.id ? -1 : 1;
        expect(sign * order, `${sort.key} ${sort.direction} at ${i}`).toBeLessThan(0);
      }
    },
  );

  it('keeps failed imports apart and filters by title or file name in SQL', () => {
    const failed = walk({ view: 'failed' });
    const library = walk({ view: 'library' });
    expect(failed.every((d) => d.status === 'failed')).toBe(true);
    expect(library.every((d) => d.status !== 'failed')).toBe(true);
    expect(failed.length + library.length).toBe(DOCS);
    const counts = archive.services.archive.countByStatus();
    expect(counts).toEqual({ total: DOCS, byStatus: { importing: 0, ready: library.length, failed: failed.length } });

    const filtered = walk({ filter: 'FILE-12-' });
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every((d) => d.fileName.startsWith('file-12-'))).toBe(true);
    expect(archive.services.archive.listDocuments({ filter: 'FILE-12-' }).total).toBe(filtered.length);
  });

  it.each(DOCUMENT_SORT_KEYS)('reads a later page by %s from its index, without sorting the table', (key) => {
    const { sql, params } = lastListQuery(key);
    const plan = archive.services.db
      .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...params)
      .map((r) => r.detail)
      .join('\n');
    expect(plan).not.toMatch(/TEMP B-TREE/);
    expect(plan).toMatch(/USING INDEX documents_by_/);
  });

  it('refuses a cursor of another order, through the API', async () => {
    const dispatch = createDispatcher(createHandlers(archive.services, { version: 't', transport: 'ipc' }));
    const refused = await dispatch('documents:list', { sort: { key: 'pages', direction: 'asc' }, after: { value: 'text', id: 3 } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const first = await dispatch('documents:list', { sort: { key: 'pages', direction: 'asc' }, limit: 5 });
    expect(first).toMatchObject({ ok: true, data: { total: DOCS, next: { id: expect.any(Number) } } });
  });
});

/** The SQL a later page runs, captured from the list module's statement. */
function lastListQuery(key: (typeof DOCUMENT_SORT_KEYS)[number]): { sql: string; params: unknown[] } {
  const db = archive.services.db;
  const prepare = db.prepare.bind(db);
  let captured: { sql: string; params: unknown[] } | null = null;
  db.prepare = ((sql: string) => {
    const statement = prepare(sql);
    if (!/ORDER BY/.test(sql)) return statement;
    return new Proxy(statement, {
      get: (target, prop) =>
        prop === 'all'
          ? (...params: unknown[]) => {
              captured = { sql, params };
              return target.all(...params);
            }
          : Reflect.get(target, prop),
    });
  }) as typeof db.prepare;
  try {
    const first = archive.services.archive.listDocuments({ sort: { key, direction: 'desc' }, view: 'library', limit: 3 });
    archive.services.archive.listDocuments({ sort: { key, direction: 'desc' }, view: 'library', limit: 3, after: first.next });
  } finally {
    db.prepare = prepare;
  }
  return captured!;
}

describe('search at scale', () => {
  it('ranks a word on more pages than bm25 can afford by recency, with the true count', () => {
    const result = archive.services.archive.searchPages('common', 50);
    expect(result.ranking).toBe('newest');
    // More matches than are counted at once: a lower bound, and the exact count on request.
    expect(result).toMatchObject({ total: Math.min(PAGES, COUNT_CAP), totalExact: PAGES <= COUNT_CAP });
    expect(result.hits).toHaveLength(50);
    // The newest pages: the last document's, from its last page down.
    expect(result.hits[0]).toMatchObject({ page: PAGES_PER_DOC });
    expect(archive.services.archive.countMatches('common')).toBe(PAGES);
    expect(archive.services.archive.countMatches('halfway')).toBe(PAGES / 2);
    // A phrase checks each match's positions: counted to the lower cap, walked once, newest first.
    const phrase = archive.services.archive.searchPages('"common words"', 20);
    expect(phrase).toMatchObject({ total: CHECKED_COUNT_CAP, totalExact: false, ranking: 'newest' });
    expect(archive.services.archive.countMatches('"common words"')).toBe(PAGES);
    // A prefix is not a phrase: it keeps the full cap.
    expect(archive.services.archive.searchPages('commo*', 20)).toMatchObject({ total: Math.min(PAGES, COUNT_CAP) });
  });

  it('ranks a common word with a rare one by the rare one', () => {
    const db = archive.services.db;
    const prepare = db.prepare.bind(db);
    let sql = '';
    db.prepare = ((text: string) => {
      if (/json_each[\s\S]*bm25/.test(text)) sql = text;
      return prepare(text);
    }) as typeof db.prepare;
    let result;
    try {
      result = archive.services.archive.searchPages('common okapi', 10);
    } finally {
      db.prepare = prepare;
    }
    // The rare word's matches are walked once and checked against the pages matching the whole
    // query, never each of those pages looked up in FTS5 (a rowid '=' in the plan).
    const plan = (prepare(`EXPLAIN QUERY PLAN ${sql}`).all('okapi', '[1]', 10) as Array<{ detail: string }>).map((r) => r.detail);
    expect(plan[0]).toMatch(/SCAN pages_fts_desc VIRTUAL TABLE INDEX \d+:M\d/);
    expect(result).toMatchObject({ ranking: 'relevance', total: 1, totalExact: true });
    expect(result.hits.map((h) => h.page)).toEqual([42]);
    expect(result.hits[0]!.snippet).toMatch(/okapi common okapi/);
  });

  it('ranks a mid-frequency word by bm25 and keeps filters', () => {
    const oneDoc = archive.services.archive.searchPages('halfway', 500, { documentId: 3 });
    expect(oneDoc).toMatchObject({ ranking: 'relevance', total: PAGES_PER_DOC / 2, totalExact: true });
    expect(new Set(oneDoc.hits.map((h) => h.documentId))).toEqual(new Set([3]));
    const legal = archive.services.archive.searchPages('okapi', 10, { domain: 'legal' });
    expect(legal.total).toBe(RARE_DOC % 3 === 0 ? 1 : 0);
    expect(archive.services.archive.searchPages('okapi', 10, { domain: (['legal', 'medical', 'other'] as const)[RARE_DOC % 3] }).total).toBe(1);
  });

  it('counts each result document’s matching pages: exactly below the cap, the hits shown above it', () => {
    // 'halfway' is on half the pages (under COUNT_CAP): each document's 50 are counted, 20 hits shown in all.
    const mid = archive.services.archive.searchPages('halfway', 20);
    expect(mid.totalExact).toBe(true);
    expect(mid.documents.length).toBeGreaterThan(0);
    expect(mid.documents.map((d) => d.documentId)).toEqual([...new Set(mid.hits.map((h) => h.documentId))]);
    for (const d of mid.documents) expect(d).toEqual({ documentId: d.documentId, matches: PAGES_PER_DOC / 2, exact: true });
    // Each hit's snippet is its own page's (each page's text names its number).
    for (const h of mid.hits) expect(h.snippet).toContain(`page ${h.page} halfway`);
    // Kept within a domain filter too, where the count stops sooner (each match's document is looked up).
    const legal = archive.services.archive.searchPages('okapi', 20, { domain: (['legal', 'medical', 'other'] as const)[RARE_DOC % 3] });
    expect(legal.documents).toEqual([{ documentId: legal.hits[0]!.documentId, matches: 1, exact: true }]);
    const legalHalfway = archive.services.archive.searchPages('halfway', 20, { domain: 'legal' });
    expect(legalHalfway).toMatchObject({ total: CHECKED_COUNT_CAP, totalExact: false });
    for (const d of legalHalfway.documents) expect(d).toMatchObject({ exact: false });
    const legalPages = (archive.services.db.prepare("SELECT count(*) AS n FROM pages p JOIN documents d ON d.id = p.document_id WHERE d.domain = 'legal' AND p.text LIKE '%halfway%'").get() as { n: number }).n;
    expect(legalPages).toBeGreaterThan(CHECKED_COUNT_CAP);
    expect(archive.services.archive.countMatches('halfway', { domain: 'legal' })).toBe(legalPages);
    // 'common' is on more pages than are counted at once: the hits shown, as a lower bound.
    const common = archive.services.archive.searchPages('common', 30);
    expect(common.totalExact).toBe(false);
    const shown = new Map<number, number>();
    for (const h of common.hits) shown.set(h.documentId, (shown.get(h.documentId) ?? 0) + 1);
    expect(common.documents).toEqual([...shown].map(([documentId, matches]) => ({ documentId, matches, exact: false })));
  });

  it('searches one document by walking only its pages, even for a word on every page', () => {
    const result = archive.services.archive.searchPages('common', 500, { documentId: 3 });
    expect(result).toMatchObject({ total: PAGES_PER_DOC, totalExact: true });
    expect(new Set(result.hits.map((h) => h.documentId))).toEqual(new Set([3]));
    expect(archive.services.archive.countMatches('common', { documentId: 3 })).toBe(PAGES_PER_DOC);
    // FTS5 is given the document's page ids as rowid bounds ('>' and '<' in its plan).
    const plan = archive.services.db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT 1 FROM pages_fts_desc JOIN pages p ON p.id = -pages_fts_desc.rowid WHERE pages_fts_desc MATCH 'common'
         AND p.document_id = 3 AND pages_fts_desc.rowid BETWEEN -(SELECT max(id) FROM pages WHERE document_id = 3) AND -(SELECT min(id) FROM pages WHERE document_id = 3)`,
      )
      .all() as Array<{ detail: string }>;
    expect(plan[0]!.detail).toMatch(/SCAN pages_fts_desc VIRTUAL TABLE INDEX \d+:M\d*></);
  });

  it('marks the searched words in each snippet, stemmed as the index stems them', () => {
    const result = archive.services.archive.searchPages('okapis', 5);
    expect(result.hits).toHaveLength(1);
    const { snippet, highlights } = result.hits[0]!;
    expect(highlights.map(([a, b]) => snippet.slice(a, b))).toEqual(['okapi', 'okapi']);
    // The snippet index is emptied after each search: it never keeps page text.
    expect(archive.services.db.prepare('SELECT count(*) AS n FROM temp.hit_pages').get()).toEqual({ n: 0 });
    expect(archive.services.db.pragma('temp_store', { simple: true })).toBe(2);
    // Its tokenizer is the index's own.
    const { sql } = archive.services.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'pages_fts_desc'").get() as { sql: string };
    expect(sql).toContain(`tokenize = '${PAGE_TOKENIZER}'`);
  });

  it('counts matches per document from the matches walked and the documents’ page ids, never their page rows', () => {
    const db = archive.services.db;
    const prepare = db.prepare.bind(db);
    let sql = '';
    db.prepare = ((text: string) => {
      if (/FROM pages WHERE document_id IN/.test(text)) sql = text;
      return prepare(text);
    }) as typeof db.prepare;
    try {
      expect(archive.services.archive.searchPages('halfway', 20).documents[0]).toMatchObject({ matches: PAGES_PER_DOC / 2, exact: true });
    } finally {
      db.prepare = prepare;
    }
    const plan = (prepare(`EXPLAIN QUERY PLAN ${sql}`).all('[1,2]') as Array<{ detail: string }>).map((r) => r.detail);
    expect(plan.join('\n')).toMatch(/USING COVERING INDEX/);
  });

  it('matches a prefix', () => {
    expect(archive.services.archive.searchPages('oka*', 10).hits.map((h) => h.page)).toEqual([42]);
    expect(archive.services.archive.searchPages('becau*', 10).hits.map((h) => h.page)).toEqual([40]);
    // Stemmed, being* would be be*: because, and every word starting be. It is the word typed, with its forms.
    expect(archive.services.archive.searchPages('being*', 10).hits.map((h) => h.page)).toEqual([41]);
    expect(archive.services.archive.countMatches('being*')).toBe(1);
    expect(archive.services.archive.searchPages('be*', 10).hits.map((h) => h.page).sort()).toEqual([40, 41]);
    expect(archive.services.archive.searchPages('"okapi common"', 10).total).toBe(1);
  });
});
