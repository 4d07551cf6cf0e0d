// The library list, a page at a time: keyset pagination over an index per sort order
// (migration 7), so the first page and the thousandth cost the same and nothing ever loads
// every row. Sorting and filtering happen here, in SQL. Plain Node.
import { DOCUMENT_STATUSES, type DocumentStatus, type DocumentWork, type WorkState } from '../../../../shared/domain';
import type { DocumentCounts, DocumentCursor, DocumentListRequest, DocumentSortKey, DocumentWorkFilter } from '../../../../shared/library';
import { AppError } from '../../../../shared/errors';
import { stateRank } from '../../db/migrations/0009_document_work';
import type { Db } from '../../db/open';

/** The SQL value each order sorts by; each has an index ending in the id (migrations 1 and 7). */
const SORT_COLUMN: Record<DocumentSortKey, { sql: string; type: 'string' | 'number' }> = {
  title: { sql: "lower(CASE WHEN title <> '' THEN title ELSE file_name END)", type: 'string' },
  status: { sql: 'status', type: 'string' },
  pages: { sql: 'page_count', type: 'number' },
  domain: { sql: 'domain', type: 'string' },
  importedAt: { sql: 'imported_at', type: 'string' },
  // The same expressions as the indexes of migration 9 (an expression index serves only its own expression).
  summary: { sql: stateRank('summary_state'), type: 'number' },
  extraction: { sql: stateRank('extraction_state'), type: 'number' },
  review: { sql: 'fields_needing_review', type: 'number' },
};

/** Each filter's partial index (migration 9). */
const WORK_INDEX: Record<DocumentWorkFilter, string> = {
  needs_review: 'documents_needing_review',
  not_extracted: 'documents_not_extracted',
  failed: 'documents_with_failed_work',
  ocr_needed: 'documents_needing_ocr',
};

/** Up to this many documents a filter keeps, its first page is sorted rather than walked. */
const FEW_TO_SORT = 2000;

/**
 * The work filters. The count reads each one's partial index (migration 9); the page walks the
 * order's index instead and checks each row, so a page never sorts the documents it keeps:
 * a unary + on the column keeps SQLite from choosing the filter's index for the page.
 */
function workWhere(filter: DocumentWorkFilter, use: 'count' | 'page'): string {
  const c = (column: string) => (use === 'page' ? `+${column}` : column);
  switch (filter) {
    case 'needs_review':
      return `${c('fields_needing_review')} > 0`;
    case 'not_extracted':
      return `${c('extraction_state')} = 'none'`;
    case 'failed':
      return `(${c('summary_state')} = 'failed' OR ${c('extraction_state')} = 'failed')`;
    case 'ocr_needed':
      return `${c('pages_needing_ocr')} > 0`;
    default:
      return filter satisfies never;
  }
}

const VIEW_WHERE = { all: '1', library: "status <> 'failed'", failed: "status = 'failed'" } as const;

export interface DocumentListQuery<Row> {
  rows: Row[];
  next: DocumentCursor | null;
  total: number | null;
}

/** One page of document rows (raw), in the requested order, after the cursor. */
export function listDocumentRows<Row extends { id: number }>(db: Db, request: DocumentListRequest): DocumentListQuery<Row & { sort_value: string | number }> {
  const column = SORT_COLUMN[request.sort.key];
  const dir = request.sort.direction === 'asc' ? 'ASC' : 'DESC';
  const where: string[] = [VIEW_WHERE[request.view]];
  const params: Array<string | number> = [];
  const needle = request.filter.trim().toLowerCase();
  if (needle) {
    where.push('(instr(lower(title), ?) > 0 OR instr(lower(file_name), ?) > 0)');
    params.push(needle, needle);
  }
  const countWhere = request.work ? [...where, workWhere(request.work, 'count')] : where;
  const total = request.after
    ? null
    : (db.prepare(`SELECT count(*) AS n FROM documents WHERE ${countWhere.join(' AND ')}`).get(...params) as { n: number }).n;
  // A first page of a few documents sorts them from the filter's index; walking the order's index
  // for them would read most of the archive (a filter that keeps 10 of 100,000).
  const few = request.work !== null && total !== null && total <= FEW_TO_SORT;
  if (request.work) where.push(workWhere(request.work, few ? 'count' : 'page'));
  // Without statistics SQLite prefers the order's index for a LIMIT: named here.
  const from = few && request.work ? `documents INDEXED BY ${WORK_INDEX[request.work]}` : 'documents';
  if (request.after) {
    if (typeof request.after.value !== column.type) {
      throw new AppError('invalid_request', `The list cursor does not fit the order by ${request.sort.key}.`);
    }
    // A row value comparison walks the index from the cursor on.
    where.push(`(${column.sql}, id) ${dir === 'ASC' ? '>' : '<'} (?, ?)`);
    params.push(request.after.value, request.after.id);
  }
  const rows = db
    .prepare(
      `SELECT *, ${column.sql} AS sort_value FROM ${from} WHERE ${where.join(' AND ')}
       ORDER BY ${column.sql} ${dir}, id ${dir} LIMIT ?`,
    )
    .all(...params, request.limit + 1) as Array<Row & { sort_value: string | number }>;
  const more = rows.length > request.limit;
  if (more) rows.pop();
  const last = rows.at(-1);
  return { rows, next: more && last ? { value: last.sort_value, id: last.id } : null, total };
}

interface WorkRow {
  id: number;
  summary_state: WorkState;
  extraction_state: WorkState;
  fields_total: number;
  fields_reviewed: number;
  fields_needing_review: number;
}

/** The work of each listed document: its row's counters and its templates' (one indexed read for the page). */
export function workOf(db: Db, rows: readonly WorkRow[]): Map<number, DocumentWork> {
  const templates = new Map<number, DocumentWork['templates']>();
  const perTemplate = db
    .prepare<[string], { document_id: number; template: string; state: WorkState; fields_total: number; fields_reviewed: number; fields_needing_review: number }>(
      'SELECT * FROM document_extractions WHERE document_id IN (SELECT value FROM json_each(?))',
    )
    .all(JSON.stringify(rows.map((r) => r.id)))
    .sort((a, b) => (a.template < b.template ? -1 : a.template > b.template ? 1 : 0));
  for (const t of perTemplate) {
    const list = templates.get(t.document_id) ?? [];
    list.push({ template: t.template, state: t.state, total: t.fields_total, reviewed: t.fields_reviewed, needsReview: t.fields_needing_review });
    templates.set(t.document_id, list);
  }
  return new Map(
    rows.map((r) => [
      r.id,
      {
        summary: r.summary_state,
        extraction: r.extraction_state,
        fields: { total: r.fields_total, reviewed: r.fields_reviewed, needsReview: r.fields_needing_review },
        templates: templates.get(r.id) ?? [],
      },
    ]),
  );
}

/** Documents per status, from the status index. */
export function countDocumentsByStatus(db: Db): DocumentCounts {
  const byStatus = Object.fromEntries(DOCUMENT_STATUSES.map((s) => [s, 0])) as Record<DocumentStatus, number>;
  for (const row of db.prepare<[], { status: DocumentStatus; n: number }>('SELECT status, count(*) AS n FROM documents GROUP BY status').all()) {
    byStatus[row.status] = row.n;
  }
  return { total: Object.values(byStatus).reduce((a, b) => a + b, 0), byStatus };
}
