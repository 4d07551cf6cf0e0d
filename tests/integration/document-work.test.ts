// What has been done with each document, on a real SQLite archive: the counters of migration 9
// follow every path that changes them (runs stored and finished, values stored, reviewed,
// corrected and cleared, documents deleted); the library filters and sorts by them in SQL, by
// keyset, each order and filter read from its index (EXPLAIN QUERY PLAN).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentRecord } from '../../shared/domain';
import type { Candidate } from '../../shared/extraction/api';
import { templateSchema, type Template } from '../../shared/extraction/templates';
import { DOCUMENT_SORT_KEYS, DOCUMENT_WORK_FILTERS, type DocumentListRequest } from '../../shared/library';
import { RunStore } from '../../electron/main/services/runs/run-store';
import { openTempArchive, type TempArchive } from '../helpers/temp-archive';

let archive: TempArchive;
let summaries: RunStore<unknown>;

const template = (name: string, keys: string[]): Template =>
  templateSchema.parse({
    name,
    title: name,
    domain: 'legal',
    version: 1,
    description: 'For tests.',
    fields: keys.map((key) => ({ key, label: key, type: 'text', instructions: `The ${key}.` })),
  });
const CONTRACT = template('work-contract', ['a', 'b', 'c', 'd']);
const LEASE = template('work-lease', ['rent', 'term']);

const found = (value: string): { primary: Candidate; alternatives: Candidate[] } => ({
  primary: { value, normalized: value, status: 'cited', evidence: [], items: null, runId: null },
  alternatives: [],
});
const missing = (): { primary: Candidate; alternatives: Candidate[] } => ({
  primary: { value: null, normalized: null, status: 'not_found', evidence: [], items: null, runId: null },
  alternatives: [],
});

function addDocument(n: number, options: { pagesNeedingOcr?: number } = {}): number {
  const docs = archive.services.archive;
  const id = docs.beginImport({ sha256: `work-${String(n).padStart(6, '0')}`.padEnd(64, '0'), fileName: `work-${n}.pdf`, title: `Work ${n}`, bytes: 10 });
  docs.addPages(id, [{ number: 1, text: `page of ${n}`, width: 612, height: 792, hasTextLayer: true, needsOcr: false, spans: [] }]);
  docs.setDocumentInfo(id, { pageCount: 1, metadata: {} });
  docs.finishImport(id, { domain: 'legal' });
  if (options.pagesNeedingOcr) archive.services.db.prepare('UPDATE documents SET pages_needing_ocr = ? WHERE id = ?').run(options.pagesNeedingOcr, id);
  return id;
}

function work(id: number) {
  const row = archive.services.db
    .prepare('SELECT summary_state, extraction_state, fields_total, fields_reviewed, fields_needing_review FROM documents WHERE id = ?')
    .get(id);
  return row;
}

function extractionRun(id: number, t: Template, finish: 'done' | 'failed' | null): number {
  const runs = archive.services.extraction.runs;
  const runId = runs.create({ documentId: id, profile: t.name, promptVersion: 'v1', settings: {}, pagesTotal: 1 });
  runs.markRunning(runId);
  if (finish) finishRun(runs, runId, finish);
  return runId;
}

function finishRun(runs: Pick<RunStore<never>, 'finish'>, runId: number, status: 'done' | 'failed' | 'cancelled'): void {
  runs.finish(runId, {
    status,
    error: status === 'failed' ? { code: 'internal', message: 'Broken.' } : null,
    tokens: { input: 1, output: 1 },
    timings: {},
    pagesRead: 1,
  });
}

beforeAll(async () => {
  archive = await openTempArchive();
  summaries = new RunStore(archive.services.db, { kind: 'summary', parseOutput: (json) => json });
});

afterAll(() => archive?.dispose());

describe('work counters', () => {
  it('follow runs, values, reviews and corrections', () => {
    const id = addDocument(1);
    const { fields } = archive.services.extraction;
    expect(work(id)).toEqual({ summary_state: 'none', extraction_state: 'none', fields_total: 0, fields_reviewed: 0, fields_needing_review: 0 });

    // A summary: under way, then done; a later failed attempt says failed; a cancelled one does not count.
    const first = summaries.create({ documentId: id, profile: 'legal', promptVersion: 'v1', settings: {}, pagesTotal: 1 });
    expect(work(id)).toMatchObject({ summary_state: 'running' });
    finishRun(summaries, first, 'done');
    expect(work(id)).toMatchObject({ summary_state: 'done' });
    const second = summaries.create({ documentId: id, profile: 'legal', promptVersion: 'v1', settings: {}, pagesTotal: 1 });
    finishRun(summaries, second, 'failed');
    expect(work(id)).toMatchObject({ summary_state: 'failed' });
    const third = summaries.create({ documentId: id, profile: 'legal', promptVersion: 'v1', settings: {}, pagesTotal: 1 });
    finishRun(summaries, third, 'cancelled');
    expect(work(id)).toMatchObject({ summary_state: 'failed' });

    // An extraction: running, then its values stored (3 answers, 1 not found), then done.
    const runId = extractionRun(id, CONTRACT, null);
    expect(work(id)).toMatchObject({ extraction_state: 'running' });
    fields.applyRun(id, CONTRACT, runId, new Map([['a', found('A')], ['b', found('B')], ['c', found('C')], ['d', missing()]]));
    finishRun(archive.services.extraction.runs, runId, 'done');
    expect(work(id)).toMatchObject({ extraction_state: 'done', fields_total: 4, fields_reviewed: 0, fields_needing_review: 3 });

    // Reviews: a confirmation, a correction, a cleared value; the not-found field edited by hand.
    fields.confirm(id, CONTRACT, 'a');
    expect(work(id)).toMatchObject({ fields_total: 4, fields_reviewed: 1, fields_needing_review: 2 });
    fields.edit(id, CONTRACT, 'b', 'Better B');
    fields.clear(id, CONTRACT, 'c');
    fields.edit(id, CONTRACT, 'd', 'Found by hand');
    expect(work(id)).toMatchObject({ fields_total: 4, fields_reviewed: 4, fields_needing_review: 0 });

    // A second template runs and fails: the row says failed, its template list says which.
    const leaseRun = extractionRun(id, LEASE, null);
    fields.applyRun(id, LEASE, leaseRun, new Map([['rent', found('100')]]));
    finishRun(archive.services.extraction.runs, leaseRun, 'failed');
    expect(work(id)).toMatchObject({ extraction_state: 'failed', fields_total: 5, fields_reviewed: 4, fields_needing_review: 1 });
    const listed = archive.services.archive.listDocuments({ filter: 'Work 1', limit: 5 }).items.find((d) => d.id === id)!;
    expect(listed.work).toEqual({
      summary: 'failed',
      extraction: 'failed',
      fields: { total: 5, reviewed: 4, needsReview: 1 },
      templates: [
        { template: 'work-contract', state: 'done', total: 4, reviewed: 4, needsReview: 0 },
        { template: 'work-lease', state: 'failed', total: 1, reviewed: 0, needsReview: 1 },
      ],
    });

    // A re-run of the first template leaves reviewed values as they are (they only get suggestions).
    const rerun = extractionRun(id, CONTRACT, null);
    fields.applyRun(id, CONTRACT, rerun, new Map([['a', found('Other A')], ['b', found('B')]]));
    finishRun(archive.services.extraction.runs, rerun, 'done');
    expect(work(id)).toMatchObject({ fields_total: 5, fields_reviewed: 4, fields_needing_review: 1 });
  });

  it('go with a deleted document, and leave the others as they were', async () => {
    const kept = addDocument(2);
    const gone = addDocument(3);
    const { fields } = archive.services.extraction;
    for (const id of [kept, gone]) {
      const runId = extractionRun(id, CONTRACT, null);
      fields.applyRun(id, CONTRACT, runId, new Map([['a', found('A')], ['b', found('B')]]));
      finishRun(archive.services.extraction.runs, runId, 'done');
    }
    await archive.services.erasure.deleteDocument(gone, 'app');
    expect(archive.services.db.prepare('SELECT count(*) AS n FROM document_extractions WHERE document_id = ?').get(gone)).toEqual({ n: 0 });
    expect(work(kept)).toMatchObject({ extraction_state: 'done', fields_total: 2, fields_needing_review: 2 });
  });
});

describe('library by work, in SQL', () => {
  const ids: Record<string, number> = {};

  beforeAll(() => {
    const { fields } = archive.services.extraction;
    ids.ocr = addDocument(10, { pagesNeedingOcr: 2 });
    ids.untouched = addDocument(11);
    ids.review = addDocument(12);
    const runId = extractionRun(ids.review, LEASE, null);
    fields.applyRun(ids.review, LEASE, runId, new Map([['rent', found('100')], ['term', found('1 year')]]));
    finishRun(archive.services.extraction.runs, runId, 'done');
    ids.reviewed = addDocument(13);
    const done = extractionRun(ids.reviewed, LEASE, null);
    fields.applyRun(ids.reviewed, LEASE, done, new Map([['rent', found('200')]]));
    finishRun(archive.services.extraction.runs, done, 'done');
    fields.confirm(ids.reviewed, LEASE, 'rent');
    ids.failedSummary = addDocument(14);
    finishRun(summaries, summaries.create({ documentId: ids.failedSummary, profile: 'legal', promptVersion: 'v1', settings: {}, pagesTotal: 1 }), 'failed');
    // A failed import is never in the library's lists.
    const broken = archive.services.archive.beginImport({ sha256: 'work-broken'.padEnd(64, '0'), fileName: 'broken.pdf', title: '', bytes: 1 });
    archive.services.archive.failImport(broken, { code: 'corrupt_pdf', message: 'Broken.' });
  });

  function walk(request: Partial<DocumentListRequest>): DocumentRecord[] {
    const rows: DocumentRecord[] = [];
    let after: DocumentListRequest['after'] = null;
    let total: number | null = null;
    do {
      const page = archive.services.archive.listDocuments({ view: 'library', ...request, after, limit: 2 });
      total ??= page.total;
      rows.push(...page.items);
      after = page.next;
    } while (after);
    expect(total).toBe(rows.length);
    return rows;
  }

  it('keeps only the documents each work filter names', () => {
    const names = (work: DocumentListRequest['work']) => new Set(walk({ work }).map((d) => d.id));
    const review = names('needs_review');
    expect(review.has(ids.review!)).toBe(true);
    expect(review.has(ids.reviewed!)).toBe(false);
    expect(walk({ work: 'needs_review' }).every((d) => d.work!.fields.needsReview > 0)).toBe(true);
    const notExtracted = names('not_extracted');
    expect(notExtracted.has(ids.untouched!)).toBe(true);
    expect(notExtracted.has(ids.ocr!)).toBe(true);
    expect(notExtracted.has(ids.review!)).toBe(false);
    expect(names('failed').has(ids.failedSummary!)).toBe(true);
    expect(names('failed').has(ids.untouched!)).toBe(false);
    expect(names('ocr_needed')).toEqual(new Set([ids.ocr]));
    expect(walk({ view: 'all', work: 'not_extracted' }).some((d) => d.status === 'failed')).toBe(true);
    expect(walk({ work: 'not_extracted' }).some((d) => d.status === 'failed')).toBe(false);
  });

  const rank = { none: 0, failed: 1, running: 2, done: 3 } as const;
  const value = {
    summary: (d: DocumentRecord) => rank[d.work!.summary],
    extraction: (d: DocumentRecord) => rank[d.work!.extraction],
    review: (d: DocumentRecord) => d.work!.fields.needsReview,
  };

  it.each((['summary', 'extraction', 'review'] as const).flatMap((key) => (['asc', 'desc'] as const).map((direction) => ({ key, direction }))))(
    'pages through every document once in order %j, with and without a filter',
    (sort) => {
      for (const work of [null, 'not_extracted'] as const) {
        const rows = walk({ sort, work });
        expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
        const sign = sort.direction === 'asc' ? 1 : -1;
        for (let i = 1; i < rows.length; i++) {
          const [a, b] = [value[sort.key](rows[i - 1]!), value[sort.key](rows[i]!)];
          const order = a < b ? -1 : a > b ? 1 : rows[i - 1]!.id < rows[i]!.id ? -1 : 1;
          expect(sign * order, `${sort.key} ${sort.direction} at ${i}`).toBeLessThan(0);
        }
      }
      expect(walk({ sort }).length).toBe(archive.services.archive.listDocuments({ view: 'library' }).total);
    },
  );

  describe('query plans', () => {
    function plan(sql: string, params: unknown[]): string {
      return archive.services.db
        .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...params)
        .map((r) => r.detail)
        .join('\n');
    }

    /** The SQL statements a list call runs, captured as they are prepared and run. */
    function statements(request: Partial<DocumentListRequest>): Array<{ sql: string; params: unknown[] }> {
      const db = archive.services.db;
      const prepare = db.prepare.bind(db);
      const seen: Array<{ sql: string; params: unknown[] }> = [];
      db.prepare = ((sql: string) => {
        const statement = prepare(sql);
        return new Proxy(statement, {
          get: (target, prop) =>
            prop === 'all' || prop === 'get'
              ? (...params: unknown[]) => {
                  seen.push({ sql, params });
                  return (target[prop] as (...p: unknown[]) => unknown)(...params);
                }
              : Reflect.get(target, prop, target),
        });
      }) as typeof db.prepare;
      try {
        archive.services.archive.listDocuments(request);
      } finally {
        db.prepare = prepare;
      }
      return seen;
    }

    it.each(DOCUMENT_SORT_KEYS.flatMap((key) => [null, ...DOCUMENT_WORK_FILTERS].map((work) => ({ key, work }))))(
      'reads a later page of %j from the order’s index, never sorting',
      ({ key, work }) => {
        const first = archive.services.archive.listDocuments({ view: 'library', sort: { key, direction: 'desc' }, work, limit: 1 });
        const after = first.next ?? { value: key === 'title' || key === 'status' || key === 'domain' || key === 'importedAt' ? 'x' : 0, id: 1 };
        const page = statements({ view: 'library', sort: { key, direction: 'desc' }, work, after, limit: 1 }).find((s) => /ORDER BY/.test(s.sql))!;
        const detail = plan(page.sql, page.params);
        expect(detail).not.toMatch(/TEMP B-TREE/);
        expect(detail).toMatch(/USING INDEX documents_by_/);
      },
    );

    it.each(DOCUMENT_WORK_FILTERS)('counts the %s filter from its partial index alone', (work) => {
      const count = statements({ view: 'library', work }).find((s) => /count\(\*\)/.test(s.sql))!;
      const detail = plan(count.sql, count.params);
      expect(detail).toMatch(/USING COVERING INDEX documents_(needing_review|not_extracted|with_failed_work|needing_ocr)/);
    });

    it.each(DOCUMENT_WORK_FILTERS)('reads the first page of the few documents %s keeps from the filter’s index, not the whole order', (work) => {
      const page = statements({ view: 'library', sort: { key: 'title', direction: 'asc' }, work, limit: 1 }).find((s) => /ORDER BY/.test(s.sql))!;
      const detail = plan(page.sql, page.params);
      expect(detail).toMatch(/INDEX documents_(needing_review|not_extracted|with_failed_work|needing_ocr)/);
      expect(detail).not.toMatch(/documents_by_title/);
    });

    it('reads the page’s templates by key', () => {
      const read = statements({ view: 'library' }).find((s) => /document_extractions/.test(s.sql))!;
      expect(plan(read.sql, read.params)).toMatch(/SEARCH document_extractions USING PRIMARY KEY/);
    });
  });
});
