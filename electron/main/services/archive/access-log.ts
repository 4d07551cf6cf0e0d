// The access log (migration 5): who opened, searched, exported, printed, backed up, restored,
// deleted, changed a value, locked or unlocked, with which document, and when. Append-only:
// this module only inserts and reads, and triggers refuse any other change. Entries never
// hold document text; see shared/privacy.ts. Plain Node: must not import electron.
import os from 'node:os';
import type { AccessAction, AccessChannel, AccessEntry, AccessFilter } from '../../../../shared/privacy';
import { accessFilterSchema } from '../../../../shared/privacy';
import { AppError } from '../../../../shared/errors';
import type { Db } from '../../db/open';
import { csvText } from '../csv';

export interface AccessEvent {
  readonly action: AccessAction;
  readonly via: AccessChannel;
  readonly documentId?: number | null;
  /** Counts, formats, field keys. Never a value, a quote or a query. */
  readonly detail?: Readonly<Record<string, string | number | boolean>>;
}

interface Row {
  id: number;
  at: string;
  os_user: string;
  via: AccessChannel;
  action: AccessAction;
  document_id: number | null;
  title: string | null;
  detail: string;
}

/** The user the process runs as; the OS account is who is at the keyboard. */
function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env['USER'] ?? process.env['USERNAME'] ?? 'unknown';
  }
}

export class AccessLog {
  private readonly user = osUser();

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Appends one entry; the document's current title is stored beside its id (a deleted one's is neutral). */
  record(event: AccessEvent): void {
    const documentId = event.documentId ?? null;
    this.db
      .prepare(
        `INSERT INTO access_log (at, os_user, via, action, document_id, title, detail)
         VALUES (?, ?, ?, ?, ?, coalesce((SELECT title FROM documents WHERE id = ?), ?), ?)`,
      )
      .run(
        this.now().toISOString(),
        this.user,
        event.via,
        event.action,
        documentId,
        documentId,
        documentId === null ? null : deletedTitle(documentId),
        JSON.stringify(event.detail ?? {}),
      );
  }

  list(filter: AccessFilter = {}): { entries: AccessEntry[]; total: number } {
    const { where, params } = this.where(filter);
    const { limit } = accessFilterSchema.parse(filter);
    const total = (this.db.prepare(`SELECT count(*) AS n FROM access_log ${where}`).get(...params) as { n: number }).n;
    const rows = this.db.prepare<unknown[], Row>(`SELECT * FROM access_log ${where} ORDER BY id DESC LIMIT ?`).all(...params, limit);
    return { entries: rows.map(toEntry), total };
  }

  /** Every matching entry, oldest first, as CSV (services/csv.ts neutralizes formula-like cells: titles are attacker-controlled). */
  csv(filter: Omit<AccessFilter, 'limit'> = {}): { csv: string; rows: number } {
    const { where, params } = this.where(filter);
    const rows = this.db
      .prepare<unknown[], Row>(`SELECT * FROM access_log ${where} ORDER BY id`)
      .all(...params)
      .map((r) => [String(r.id), r.at, r.os_user, r.via, r.action, r.document_id === null ? '' : String(r.document_id), r.title ?? '', r.detail]);
    return { csv: csvText([['id', 'at', 'user', 'via', 'action', 'document_id', 'title', 'detail'], ...rows]), rows: rows.length };
  }

  private where(filter: Omit<AccessFilter, 'limit'>): { where: string; params: unknown[] } {
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (filter.documentId !== undefined) {
      clauses.push('document_id = ?');
      params.push(filter.documentId);
    }
    if (filter.action !== undefined) {
      clauses.push('action = ?');
      params.push(filter.action);
    }
    if (filter.since !== undefined) {
      clauses.push('at >= ?');
      params.push(isoDate(filter.since, 'since'));
    }
    if (filter.until !== undefined) {
      clauses.push('at < ?');
      params.push(isoDate(filter.until, 'until'));
    }
    return { where: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
  }
}

/** A date (2025-03-04) or date-time as the ISO instant the log's `at` column compares with. */
function isoDate(raw: string, name: string): string {
  const date = new Date(/^\d{4}-\d\d-\d\d$/.test(raw) ? `${raw}T00:00:00Z` : raw);
  if (Number.isNaN(date.getTime())) throw new AppError('invalid_request', `"${name}" must be a date such as 2025-03-04, not "${raw}".`);
  return date.toISOString();
}

/** The title a deleted document's entries keep (the same words as migration 5's trigger). */
export function deletedTitle(documentId: number): string {
  return `deleted document #${documentId}`;
}

function toEntry(row: Row): AccessEntry {
  return {
    id: row.id,
    at: row.at,
    user: row.os_user,
    via: row.via,
    action: row.action,
    documentId: row.document_id,
    title: row.title,
    detail: JSON.parse(row.detail) as AccessEntry['detail'],
  };
}
