// Which full-text index serves searches, and the resumable steps that build, for an archive's
// existing pages, pages_fts_desc (migration 10) and page_documents (migration 11): newest pages
// first, a bounded batch per transaction, so a 2M-page archive stays usable while it is indexed
// (~45 ms per thousand pages) and an interrupted build resumes where it stopped. pages_fts
// serves searches until the last page is in, and is dropped at the next open; pages tells a
// match's document until page_documents holds every page. Then, as steps too, the index's terms
// are listed in search_terms (migration 12; termsStep) and its page lengths are read into
// SQLite's cache (warmStep). Plain Node: must not import electron.
import type { Db } from '../../db/open';

/** A full-text table over pages and how its row ids map to page ids. */
export interface SearchIndex {
  readonly table: 'pages_fts' | 'pages_fts_desc';
  /** SQL for the page id of the table's current row. */
  readonly pageId: string;
  /** Whether the index's own (forward) order is newest page first. */
  readonly newestFirst: boolean;
  /** Its row ids of pages `low`..`high`, as SQL over those two expressions: [from, to]. */
  rowidRange(low: string, high: string): [string, string];
  /** The table that gives a page's (`id`) document (`document_id`): page_documents once built. */
  readonly documentOf: 'page_documents' | 'pages';
  /** Whether search_terms lists every term of the index (migration 12), for prefixes. */
  readonly termsListed: boolean;
}

/** Row id -id: the newest pages start each word's list. */
const NEWEST_FIRST = {
  table: 'pages_fts_desc',
  pageId: '-pages_fts_desc.rowid',
  newestFirst: true,
  rowidRange: (low: string, high: string): [string, string] => [`-(${high})`, `-(${low})`],
} as const;

/** Migration 1's index (row id = page id), until the backfill is done. */
const OLDEST_FIRST = {
  table: 'pages_fts',
  pageId: 'pages_fts.rowid',
  newestFirst: false,
  rowidRange: (low: string, high: string): [string, string] => [low, high],
} as const;

/** Pages indexed per step: ~45 ms in a plaintext archive (~190 ms encrypted). */
export const BACKFILL_STEP_PAGES = 1000;
/** Time the steps may take at open, before the app's first call. */
const START_BUDGET_MS = 100;
/**
 * A background step aims at this long (its page count follows the last step's rate), and the
 * pause after it is as long as the step: the build takes at most half of the main thread, and
 * no call waits more than about this long behind it.
 */
const BACKGROUND_STEP_MS = 50;

interface Marks {
  /** The page id under which pages are not yet in pages_fts_desc (0: all are). */
  readonly below: number;
  /** The same for page_documents. */
  readonly documents_below: number;
  /** The last term search_terms counts ('': none yet; null: all; absent before migration 12). */
  readonly terms_through?: string | null;
}

/** The marks the schema has: the migration tests step through its older versions. */
function backfillMarks(db: Db): Marks {
  return db.prepare('SELECT * FROM search_backfill').get() as Marks;
}

/** Whether pages_fts (migration 1) is still in the file: until the open after the build. */
export function hasOldIndex(db: Db): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'pages_fts'").get() !== undefined;
}

/** The index searches use now. */
export function currentSearchIndex(db: Db): SearchIndex {
  const marks = backfillMarks(db);
  return {
    ...(marks.below === 0 ? NEWEST_FIRST : OLDEST_FIRST),
    documentOf: marks.documents_below === 0 ? 'page_documents' : 'pages',
    termsListed: marks.terms_through === null,
  };
}

export interface BackfillProgress {
  /** Pages indexed by this step (in whichever of the two tables took more). */
  readonly indexed: number;
  /** The page id under which pages are still to index, in either table (page ids are dense: about how many). */
  readonly below: number;
  readonly done: boolean;
}

/**
 * One step of the build, in one transaction that also moves the marks (so a crash leaves either
 * both or neither): puts up to `pages` of the newest pages not yet in pages_fts_desc into it,
 * and as many into page_documents. With the last of them, searches move to pages_fts_desc (and
 * to page_documents). pages_fts's triggers keep it up to date, erasing deleted pages, until
 * dropRetiredIndex at the next open.
 */
export function backfillStep(db: Db, pages = BACKFILL_STEP_PAGES): BackfillProgress {
  return db
    .transaction((): BackfillProgress => {
      const marks = backfillMarks(db);
      const text = marks.below === 0 ? null : indexText(db, marks.below, pages);
      const documents = marks.documents_below === 0 ? null : indexDocuments(db, marks.documents_below, pages);
      const next = { below: text?.below ?? 0, documents_below: documents?.below ?? 0 };
      db.prepare('UPDATE search_backfill SET below = ?, documents_below = ?').run(next.below, next.documents_below);
      const below = Math.max(next.below, next.documents_below);
      return { indexed: Math.max(text?.indexed ?? 0, documents?.indexed ?? 0), below, done: below === 0 };
    })
    .immediate();
}

type Batch = { readonly indexed: number; readonly below: number };

/** The mark after a batch of at most `pages` page ids: its lowest, or 0 once the pages ran out. */
const markAfter = (ids: readonly number[], pages: number): Batch => ({ indexed: ids.length, below: ids.length < pages ? 0 : Math.min(...ids) });

function indexText(db: Db, below: number, pages: number): Batch {
  // Highest id first: FTS5 takes row ids in ascending order (-id) without flushing.
  const rows = db
    .prepare<[number, number], { id: number; text: string }>('SELECT id, text FROM pages WHERE id < ? ORDER BY id DESC LIMIT ?')
    .all(below, pages);
  const insert = db.prepare('INSERT INTO pages_fts_desc (rowid, text) VALUES (?, ?)');
  for (const row of rows) insert.run(-row.id, row.text);
  return markAfter(rows.map((r) => r.id), pages);
}

function indexDocuments(db: Db, below: number, pages: number): Batch {
  const ids = db
    .prepare<[number, number], number>('INSERT INTO page_documents (id, document_id) SELECT id, document_id FROM pages WHERE id < ? ORDER BY id DESC LIMIT ? RETURNING id')
    .pluck()
    .all(below, pages);
  return markAfter(ids, pages);
}

/**
 * Drops pages_fts once pages_fts_desc serves searches. One transaction: dropping an index in
 * parts would leave a damaged FTS5 table that SQLite's integrity check (and so the archive's
 * open) reports. With secure_delete on, its pages are zeroed as they are freed: ~20 s for the
 * 660 MB of a 2M-page archive, 0.2 s for 20,000 pages. Run at open, like the VACUUM of
 * archives from before migration 5, never in the middle of the app's work.
 */
export function dropRetiredIndex(db: Db): boolean {
  if (backfillMarks(db).below !== 0 || !hasOldIndex(db)) return false;
  db.transaction(() =>
    db.exec(`DROP TRIGGER IF EXISTS pages_fts_insert; DROP TRIGGER IF EXISTS pages_fts_delete;
             DROP TRIGGER IF EXISTS pages_fts_update; DROP TABLE pages_fts;`),
  ).immediate();
  return true;
}

/** Terms listed per step at first (then as many as BACKGROUND_STEP_MS allows). */
export const TERMS_STEP = 1000;

/**
 * One step of listing the index's terms in search_terms (migration 12), once pages_fts_desc
 * holds every page: the next `terms` terms after the mark, each with its number of pages as the
 * index counts it now, and the mark moved to the last of them, in one transaction (from then on
 * the triggers keep their counts). After the last term the mark is null: prefixes are searched
 * by the terms they stand for. FTS5's vocabulary walks each term's pages to count them: the
 * 5,602 terms of the bench's 2M-page archive take 5.5 s in all (8 s encrypted).
 */
export function termsStep(db: Db, terms = TERMS_STEP): { listed: number; done: boolean } {
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.index_terms USING fts5vocab(main, pages_fts_desc, 'row')");
  return db
    .transaction(() => {
      const marks = backfillMarks(db);
      if (marks.terms_through === null) return { listed: 0, done: true };
      if (marks.below !== 0 || marks.terms_through === undefined) return { listed: 0, done: false };
      // In the index's term order (SQLite's, by bytes), as the vocabulary yields them: an ORDER
      // BY would have SQLite sort every later term first.
      const listed = db
        .prepare<[string, number], { term: string; doc: number }>('SELECT term, doc FROM temp.index_terms WHERE term > ? LIMIT ?')
        .all(marks.terms_through, terms);
      const insert = db.prepare('INSERT INTO search_terms (term, pages) VALUES (?, ?) ON CONFLICT (term) DO UPDATE SET pages = excluded.pages');
      for (const t of listed) insert.run(t.term, t.doc);
      const through = listed.length < terms ? null : listed[listed.length - 1]!.term;
      db.prepare('UPDATE search_backfill SET terms_through = ?').run(through);
      return { listed: listed.length, done: through === null };
    })
    .immediate();
}

/** Page lengths read per warm step at first (then as many as BACKGROUND_STEP_MS allows). */
export const WARM_STEP_ROWS = 20_000;

/**
 * Reads the next `rows` page lengths of pages_fts_desc (after row id `after`, null: from the
 * start) into SQLite's cache, and returns the last row id read, or null at the end. bm25 looks
 * up the length of every page it scores: the first search for a word on 6,450 of 2M pages read
 * as many pages of the lengths table (150 ms, 10 ms once they are cached), so a fresh process
 * answered each new word slowly until it had read them all by chance. In order, they are
 * ~16,000 reads of neighbouring pages for 2M pages (~0.5 s plaintext), in steps.
 */
export function warmStep(db: Db, after: number | null, rows = WARM_STEP_ROWS): number | null {
  const read = db
    .prepare<[number, number], { n: number; last: number | null }>(
      'SELECT count(*) AS n, max(id) AS last FROM (SELECT id FROM pages_fts_desc_docsize WHERE id > ? ORDER BY id LIMIT ?)',
    )
    .get(after ?? Number.MIN_SAFE_INTEGER, rows)!;
  return read.n < rows ? null : read.last;
}

/**
 * Runs backfill steps at open and then in the background until the index is built, then terms
 * steps until search_terms lists its terms, then warm steps until its page lengths are cached;
 * `ready` resolves then (or once stopped).
 */
export class SearchIndexBackfill {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private pages = BACKFILL_STEP_PAGES;
  private warmRows = WARM_STEP_ROWS;
  private terms = TERMS_STEP;
  private built = false;
  private listed = false;
  /** The last page length read into the cache (null: none yet). */
  private warmedTo: number | null = null;
  private lastStepMs = 0;
  private settle!: () => void;
  /**
   * Resolves once the index is built, its terms listed and its page lengths cached, or the steps
   * stopped. The steps' timers keep no process alive: a script that waits for this keeps one of
   * its own.
   */
  readonly ready = new Promise<void>((resolve) => (this.settle = resolve));

  constructor(
    private readonly db: Db,
    private readonly options: {
      readonly onProgress?: (progress: BackfillProgress) => void;
      readonly onError?: (err: unknown) => void;
      /** How long start() may step before leaving the rest to the background. */
      readonly startBudgetMs?: number;
    } = {},
  ) {}

  /**
   * At open: steps at least once and for up to START_BUDGET_MS while the index is not built (a
   * new or small archive is built, and pages_fts dropped, before its first search; one whose
   * build an earlier run finished only drops it), then the rest in the background.
   */
  start(): void {
    const until = performance.now() + (this.options.startBudgetMs ?? START_BUDGET_MS);
    // Only the build gets the budget at open; the page lengths are always read in the background.
    while (!this.step() && !this.built && performance.now() < until);
    if (this.built) this.dropRetired();
    this.schedule();
  }

  /** Another process writing (the app beside a CLI) leaves the drop to a later open. */
  private dropRetired(): void {
    try {
      dropRetiredIndex(this.db);
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.settle();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.stopped && !this.step()) this.schedule();
    }, Math.max(10, this.lastStepMs));
    // The build never keeps a process alive by itself (a CLI command ends; the next open resumes).
    this.timer.unref();
  }

  /**
   * True once done or stopped. A busy database (another process's write) is tried again later;
   * any other error stops the build, and pages_fts goes on serving searches.
   */
  private step(): boolean {
    try {
      const started = performance.now();
      if (!this.built) {
        const progress = backfillStep(this.db, this.pages);
        this.lastStepMs = performance.now() - started;
        this.pages = sized(this.pages, progress.indexed, this.lastStepMs, 50, 5000);
        this.options.onProgress?.(progress);
        this.built = progress.done;
        return false;
      }
      if (!this.listed) {
        const terms = this.terms;
        const progress = termsStep(this.db, terms);
        this.lastStepMs = performance.now() - started;
        this.terms = sized(terms, progress.listed, this.lastStepMs, 50, 100_000);
        this.listed = progress.done;
        return false;
      }
      const rows = this.warmRows;
      this.warmedTo = warmStep(this.db, this.warmedTo, rows);
      this.lastStepMs = performance.now() - started;
      this.warmRows = sized(rows, rows, this.lastStepMs, 1000, 500_000);
      if (this.warmedTo !== null) return false;
      this.stop();
      return true;
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_BUSY') return false;
      this.options.onError?.(err);
      this.stop();
      return true;
    }
  }
}

/** The next step's size: what the last one's rate does in BACKGROUND_STEP_MS, within [min, max]. */
function sized(current: number, done: number, ms: number, min: number, max: number): number {
  if (done === 0) return current;
  return Math.max(min, Math.min(max, Math.round(BACKGROUND_STEP_MS / Math.max(ms / done, 1e-6))));
}
