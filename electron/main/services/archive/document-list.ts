// The library list, a page at a time: keyset pagination over an index per sort order
// (migration 7), so the first page and the thousandth cost the same and nothing ever loads
// every row. Sorting and filtering happen here, in SQL. Plain Node.
import { DOCUMENT_STATUSES, type DocumentStatus } from '../../../../shared/domain';
import type { DocumentCounts, DocumentCursor, DocumentListRequest, DocumentSortKey } from '../../../../shared/library';
import { AppError } from '../../../../shared/errors';
import type { Db } from '../../db/open';

/** The SQL value each order sorts by; each has an index ending in the id (migrations 1 and 7). */
const SORT_COLUMN: Record<DocumentSortKey, { sql: string; type: 'string' | 'number' }> = {
  title: { sql: "lower(CASE WHEN title <> '' THEN title ELSE file_name END)", type: 'string' },
  status: { sql: 'status', type: 'string' },
  pages: { sql: 'page_count', type: 'number' },
  domain: { sql: 'domain', type: 'string' },
  importedAt: { sql: 'imported_at', type: 'string' },
};

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
  const total = request.after
    ? null
    : (db.prepare(`SELECT count(*) AS n FROM documents WHERE ${where.join(' AND ')}`).get(...params) as { n: number }).n;
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
      `SELECT *, ${column.sql} AS sort_value FROM documents WHERE ${where.join(' AND ')}
       ORDER BY ${column.sql} ${dir}, id ${dir} LIMIT ?`,
    )
    .all(...params, request.limit + 1) as Array<Row & { sort_value: string | number }>;
  const more = rows.length > request.limit;
  if (more) rows.pop();
  const last = rows.at(-1);
  return { rows, next: more && last ? { value: last.sort_value, id: last.id } : null, total };
}

/** Documents per status, from the status index. */
export function countDocumentsByStatus(db: Db): DocumentCounts {
  const byStatus = Object.fromEntries(DOCUMENT_STATUSES.map((s) => [s, 0])) as Record<DocumentStatus, number>;
  for (const row of db.prepare<[], { status: DocumentStatus; n: number }>('SELECT status, count(*) AS n FROM documents GROUP BY status').all()) {
    byStatus[row.status] = row.n;
  }
  return { total: Object.values(byStatus).reduce((a, b) => a + b, 0), byStatus };
}
