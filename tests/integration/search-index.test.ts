// The newest-first search index (migration 10) and the page-to-document table (migration 11)
// built for an archive that already has pages: a real SQLite file at version 9 with 12,000
// pages is migrated, then built by the resumable steps while pages are added, deleted and
// re-read (OCR) around the mark. At every stage searches give what the pages table says (LIKE,
// no FTS): the true count, the newest matching pages, and counts within a domain or a document.
// The build survives a close between steps and puts no page in twice (FTS5's integrity check,
// page_documents against pages); pages_fts stays up to date until the next open drops it. Then
// the steps read the index's page lengths into the cache, each once, and say when they are done.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../electron/main/db/migrate';
import { MIGRATIONS } from '../../electron/main/db/migrations';
import { openDatabase, type Db } from '../../electron/main/db/open';
import type { DocumentDomain } from '../../shared/domain';
import { COUNT_CAP, PageSearch } from '../../electron/main/services/archive/page-search';
import { toFtsQuery } from '../../electron/main/services/archive/fts-query';
import { backfillStep, currentSearchIndex, SearchIndexBackfill, termsStep, warmStep } from '../../electron/main/services/archive/search-index';
import { checkIntegrity, HEALTHY, removeDir, tempDir } from '../helpers/temp-archive';

// More pages say 'common' than bm25 ranks or the count walks (RANK_ALL, COUNT_CAP): the newest come first.
const DOCUMENTS = 60;
const PAGES_PER_DOC = 200;
const STEP = 2500;

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function tempFile(): string {
  const dir = tempDir('abstractor-search-index-');
  cleanups.push(() => removeDir(dir));
  return path.join(dir, 'archive.sqlite');
}

function open(file: string): Db {
  const db = openDatabase(file);
  cleanups.push(() => db.open && db.close());
  return db;
}

let nextDocument = 1;
/**
 * A document whose pages all say 'common', every other one 'halfway', and one its own word;
 * every third document is medical, the others legal.
 */
function addDocument(db: Db, pages = PAGES_PER_DOC): number {
  const id = nextDocument++;
  db.prepare(
    `INSERT INTO documents (id, sha256, title, file_name, bytes, imported_at, status, domain, page_count)
     VALUES (?, ?, ?, ?, 100, '2024-01-01T00:00:00.000Z', 'ready', ?, ?)`,
  ).run(id, `sha-${id}`, `Document ${id}`, `doc-${id}.pdf`, id % 3 === 0 ? 'medical' : 'legal', pages);
  const page = db.prepare('INSERT INTO pages (document_id, number, text, width, height, has_text_layer, needs_ocr) VALUES (?, ?, ?, 612, 792, 1, 0)');
  db.transaction(() => {
    for (let n = 1; n <= pages; n++) page.run(id, n, `page ${n} of document ${id}: common words${n % 2 ? ' halfway' : ''}${n === 7 ? ` marker${id}x` : ''}.`);
  })();
  return id;
}

/** DOCUMENTS documents at `version` (9: before both tables), then the latest migrations. */
function legacyArchive(file: string, version = 9, before: (db: Db) => void = () => {}): Db {
  nextDocument = 1;
  const db = open(file);
  migrate(db, MIGRATIONS, version);
  for (let d = 0; d < DOCUMENTS; d++) addDocument(db);
  before(db);
  migrate(db);
  return db;
}

/** What the pages table says, without FTS (and without page_documents). */
function truth(db: Db, word: string, domain?: DocumentDomain): { count: number; newest: number[] } {
  const ids = db
    .prepare('SELECT p.id FROM pages p JOIN documents d ON d.id = p.document_id WHERE p.text LIKE ? AND d.domain LIKE ? ORDER BY p.id DESC')
    .pluck()
    .all(`% ${word}%`, domain ?? '%') as number[];
  return { count: ids.length, newest: ids.slice(0, 20) };
}

function pageIds(db: Db, hits: ReadonlyArray<{ documentId: number; page: number }>): number[] {
  const find = db.prepare('SELECT id FROM pages WHERE document_id = ? AND number = ?').pluck();
  return hits.map((h) => find.get(h.documentId, h.page) as number);
}

/** Searches answer as the pages table says, whichever index serves them. */
function expectTruth(db: Db): void {
  const search = new PageSearch(db);
  const common = search.search('common', 20);
  const { count, newest } = truth(db, 'common');
  expect(count).toBeGreaterThan(COUNT_CAP);
  expect(common).toMatchObject({ ranking: 'newest', totalExact: false, total: COUNT_CAP });
  expect(search.countMatches('common')).toBe(count);
  expect(pageIds(db, common.hits)).toEqual(newest);
  expect(search.search('halfway', 5).total).toBe(truth(db, 'halfway').count);
  for (const id of [1, 15, nextDocument - 1]) {
    const rare = search.search(`marker${id}x`, 5);
    expect(rare.total, `marker of document ${id}`).toBe(truth(db, `marker${id}x`).count);
  }
  expect(search.countMatches('common', { documentId: 2 })).toBe(db.prepare("SELECT count(*) FROM pages WHERE document_id = 2 AND text LIKE '% common%'").pluck().get());
  // Within a domain: page_documents (or pages, until it is built) gives each match's document.
  expect(search.countMatches('halfway', { domain: 'medical' })).toBe(truth(db, 'halfway', 'medical').count);
  expect(search.search('marker3x', 5, { domain: 'medical' }).total).toBe(truth(db, 'marker3x', 'medical').count);
  expect(truth(db, 'marker3x', 'medical').count).toBeGreaterThan(0);
  expect(search.search('marker3x', 5, { domain: 'legal' }).total).toBe(0);
  // A prefix: by FTS5's own prefix until search_terms lists every term, then by those terms.
  expect(search.countMatches('mark*')).toBe(truth(db, 'marker').count);
  expect(search.search('markers*', 5).total).toBe(truth(db, 'marker').count);
  expectTermsCounted(db);
  // page_documents holds exactly the pages at or above its mark, each with its document.
  const below = db.prepare('SELECT documents_below FROM search_backfill').pluck().get();
  expect(db.prepare('SELECT id, document_id FROM page_documents ORDER BY id').all()).toEqual(
    db.prepare('SELECT id, document_id FROM pages WHERE id >= ? ORDER BY id').all(below),
  );
  expect(checkIntegrity(db)).toEqual(HEALTHY);
}

/** search_terms holds each term up to its mark with as many pages as the index counts (all terms once listed). */
function expectTermsCounted(db: Db): void {
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.index_vocab USING fts5vocab(main, pages_fts_desc, 'row')");
  const through = db.prepare('SELECT terms_through FROM search_backfill').pluck().get() as string | null;
  const index = db.prepare('SELECT term, doc AS pages FROM temp.index_vocab WHERE term <= coalesce(?, term) ORDER BY term').all(through);
  expect(db.prepare('SELECT term, pages FROM search_terms ORDER BY term').all()).toEqual(index);
}

function deleteDocument(db: Db, id: number): void {
  db.prepare('DELETE FROM documents WHERE id = ?').run(id);
}

/** A legal document with one page per text. */
function addTexts(db: Db, texts: readonly string[]): number {
  const id = nextDocument++;
  db.prepare(
    `INSERT INTO documents (id, sha256, title, file_name, bytes, imported_at, status, domain, page_count)
     VALUES (?, ?, ?, ?, 100, '2024-01-01T00:00:00.000Z', 'ready', 'legal', ?)`,
  ).run(id, `sha-${id}`, `Document ${id}`, `doc-${id}.pdf`, texts.length);
  const page = db.prepare('INSERT INTO pages (document_id, number, text, width, height, has_text_layer, needs_ocr) VALUES (?, ?, ?, 612, 792, 1, 0)');
  texts.forEach((text, i) => page.run(id, i + 1, text));
  return id;
}

describe('a prefix, searched by the terms it begins (migration 12)', () => {
  it('finds what FTS5\'s own prefix finds, falls back to it where stemming would change a term, and forgets deleted terms', () => {
    const db = open(tempFile());
    migrate(db);
    nextDocument = 1;
    addTexts(db, ['The parties agreed: this Agreement, as agreed, is specific to the specification.', 'Special species of specimen; spécimen confidential.']);
    addTexts(db, ['Special conditions agreed in 2024, clause 2024.1 and 20 others.', 'Conduct concerning the concept; Zoë signed.']);
    const gone = addTexts(db, ['A uniqueword and one more specimen.']);
    const search = new PageSearch(db);
    const native = (prefix: string) => db.prepare('SELECT count(*) FROM pages_fts_desc WHERE pages_fts_desc MATCH ?').pluck().get(toFtsQuery(prefix));
    const prefixes = ['speci*', 'spec*', 'agre*', 'agreem*', 'con*', 'cond*', 'zo*', 'zoë*', '20*', 'uniq*', 'nothing*'];
    const expectSame = () => {
      for (const prefix of prefixes) {
        expect(search.countMatches(prefix), prefix).toBe(native(prefix));
        expect(search.search(prefix, 5).total, prefix).toBe(native(prefix));
      }
    };
    expectSame();
    expect(search.expression('speci*')).toBe('("speci" OR "special" OR "specif" OR "specimen")');
    expect(search.expression('zoë*')).toBe('"zoe"');
    // agreed is indexed as agre, which FTS5 would search as agr: the prefix stays FTS5's.
    expect(search.expression('agre*')).toBe('"agre" *');
    expect(search.expression('nothing*')).toBe('"nothing" *');
    expectTermsCounted(db);

    deleteDocument(db, gone);
    expectSame();
    expectTermsCounted(db);
    expect(db.prepare("SELECT count(*) FROM search_terms WHERE term LIKE 'uniq%'").pluck().get()).toBe(0);
    expect(db.prepare("SELECT pages FROM search_terms WHERE term = 'specimen'").pluck().get()).toBe(1);
    expect(checkIntegrity(db)).toEqual(HEALTHY);
  });
});

describe('the newest-first search index, built for existing pages', () => {
  it('is built in resumable steps while pages change on both sides of the mark, answering correctly throughout', () => {
    const file = tempFile();
    let db = legacyArchive(file);
    expect(currentSearchIndex(db).table).toBe('pages_fts');
    expectTruth(db);

    // Newest pages first: the first step indexes the last STEP pages.
    expect(backfillStep(db, STEP)).toEqual({ indexed: STEP, below: DOCUMENTS * PAGES_PER_DOC - STEP + 1, done: false });
    expect(currentSearchIndex(db).table).toBe('pages_fts');
    // Changes below the mark (not yet indexed) and above it (indexed).
    deleteDocument(db, 2);
    deleteDocument(db, DOCUMENTS);
    db.prepare("UPDATE pages SET text = 'page re-read by OCR: common marker3x again' WHERE document_id = 3 AND number = 8").run();
    db.prepare("UPDATE pages SET text = 'page re-read by OCR: common halfway' WHERE document_id = ? AND number = 9").run(DOCUMENTS - 1);
    addDocument(db);
    expectTruth(db);

    // Closed between steps: the build resumes from its mark.
    const mark = backfillStep(db, STEP).below;
    db.close();
    db = open(file);
    expect(db.prepare('SELECT below FROM search_backfill').pluck().get()).toBe(mark);
    expectTruth(db);

    // The newest documents go, down to the one just under the mark, so a new page's id falls
    // under the mark: the steps index it, once.
    const newest = db.prepare('SELECT DISTINCT document_id FROM pages WHERE id >= ?').pluck().all(mark - 1) as number[];
    for (const id of newest) deleteDocument(db, id);
    const reused = addDocument(db, 3);
    expect(db.prepare('SELECT min(id) FROM pages WHERE document_id = ?').pluck().get(reused)).toBeLessThan(mark);
    // More imports: pages on both sides of the mark.
    for (let d = 0; d < 25; d++) addDocument(db);
    expectTruth(db);

    let steps = 0;
    while (currentSearchIndex(db).table === 'pages_fts') {
      backfillStep(db, STEP);
      steps++;
      expectTruth(db);
    }
    expect(steps).toBeGreaterThan(1);
    expect(backfillStep(db, STEP)).toEqual({ indexed: 0, below: 0, done: true });
    // Then the index's terms are listed, a few per step, while pages go, come and are re-read
    // with terms on both sides of the mark.
    expect(currentSearchIndex(db).termsListed).toBe(false);
    let termSteps = 0;
    for (let step = termsStep(db, 40); !step.done; step = termsStep(db, 40)) {
      if (termSteps++ === 1) {
        deleteDocument(db, 7);
        addDocument(db);
        db.prepare("UPDATE pages SET text = 're-read: aardvark zebra common' WHERE document_id = 9 AND number = 2").run();
      }
      expectTruth(db);
    }
    expect(termSteps).toBeGreaterThan(2);
    expect(currentSearchIndex(db).termsListed).toBe(true);
    expect(db.prepare("SELECT term, pages FROM search_terms WHERE term IN ('aardvark', 'zebra')").all()).toEqual([
      { term: 'aardvark', pages: 1 },
      { term: 'zebra', pages: 1 },
    ]);
    // pages_fts is kept up to date (a delete still erases from it) until it is dropped at open.
    deleteDocument(db, 5);
    expectTruth(db);
    db.close();
    db = open(file);
    new SearchIndexBackfill(db).start();
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'pages_fts%' AND name NOT LIKE 'pages_fts_desc%'").pluck().all()).toEqual([]);
    expectTruth(db);
    // Every page once: the index holds as many 'common' entries as there are pages.
    expect(db.prepare("SELECT count(*) FROM pages_fts_desc WHERE pages_fts_desc MATCH 'common'").pluck().get()).toBe(db.prepare('SELECT count(*) FROM pages').pluck().get());
  });

  it('is built in the background after the steps at open, with searches answered meanwhile', async () => {
    const db = legacyArchive(tempFile());
    const progress: number[] = [];
    // One step at open, the rest in the background.
    const build = new SearchIndexBackfill(db, { onProgress: (p) => progress.push(p.indexed), startBudgetMs: 0 });
    build.start();
    const atOpen = progress.length;
    expectTruth(db);
    for (let waited = 0; currentSearchIndex(db).table === 'pages_fts'; waited += 20) {
      expect(waited).toBeLessThan(30_000);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    build.stop();
    // Some steps ran at open, the rest in the background (their size follows the measured rate).
    expect(atOpen).toBe(1);
    expect(progress.length).toBeGreaterThan(atOpen);
    expect(progress.reduce((a, b) => a + b, 0)).toBe(DOCUMENTS * PAGES_PER_DOC);
    expectTruth(db);
  });

  it('for an archive whose newest-first index was already built (version 10), builds page_documents alone', () => {
    // Imported at version 10 into an empty archive, so its triggers put every page into
    // pages_fts_desc, and its build's one step found none under the mark (1) and set it to 0.
    const db = legacyArchive(tempFile(), 10, (v10) => {
      expect(v10.prepare('SELECT below FROM search_backfill').pluck().get()).toBe(1);
      v10.prepare('UPDATE search_backfill SET below = 0').run();
    });
    expect(currentSearchIndex(db)).toMatchObject({ table: 'pages_fts_desc', documentOf: 'pages' });
    expectTruth(db);
    const first = backfillStep(db, STEP);
    expect(first).toEqual({ indexed: STEP, below: DOCUMENTS * PAGES_PER_DOC - STEP + 1, done: false });
    deleteDocument(db, DOCUMENTS - 1);
    addDocument(db);
    expectTruth(db);
    while (!backfillStep(db, STEP).done) expectTruth(db);
    expect(currentSearchIndex(db)).toMatchObject({ table: 'pages_fts_desc', documentOf: 'page_documents' });
    expectTruth(db);
  });

  it('then reads every page length of the index once, in steps, and is ready after the build and those steps', async () => {
    const db = legacyArchive(tempFile());
    const runner = new SearchIndexBackfill(db, { startBudgetMs: 0 });
    let ready = false;
    void runner.ready.then(() => (ready = true));
    runner.start();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(ready).toBe(false);
    await runner.ready;
    expect(currentSearchIndex(db).table).toBe('pages_fts_desc');
    // The row ids each step ends on: every 7th of the table's, in order, and null after the last.
    const ids = db.prepare('SELECT id FROM pages_fts_desc_docsize ORDER BY id').pluck().all() as number[];
    expect(ids.length).toBe(DOCUMENTS * PAGES_PER_DOC);
    const ends: number[] = [];
    for (let after = warmStep(db, null, 7); after !== null; after = warmStep(db, after, 7)) ends.push(after);
    expect(ends).toEqual(ids.filter((_, i) => (i + 1) % 7 === 0));
    // Stopped before its end, it is ready too (the app closing).
    const fresh = open(tempFile());
    migrate(fresh);
    const stopped = new SearchIndexBackfill(fresh, { startBudgetMs: 0 });
    stopped.start();
    stopped.stop();
    await stopped.ready;
  });

  it('on a new archive, is ready when the archive opens: nothing to build, pages_fts gone', () => {
    const db = open(tempFile());
    migrate(db);
    new SearchIndexBackfill(db).start();
    expect(currentSearchIndex(db)).toMatchObject({ table: 'pages_fts_desc', documentOf: 'page_documents' });
    expect(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'pages_fts'").get()).toBeUndefined();
    nextDocument = 1;
    for (let d = 0; d < DOCUMENTS; d++) addDocument(db);
    expectTruth(db);
  });
});
