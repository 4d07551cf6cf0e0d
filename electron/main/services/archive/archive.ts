// The archive's documents and pages: every read and write of those tables goes through
// here. Synchronous (better-sqlite3); callers keep each call short. Plain Node.
import type { DocumentDomain, DocumentRecord, DocumentWork, PageInfo, PageText, SearchHit, TextSpan } from '../../../../shared/domain';
import { AppError, type AppErrorData, type ErrorCode } from '../../../../shared/errors';
import type Database from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../../db/open';
import type { NewPage } from '../pdf/page';
import { documentListRequestSchema, type DocumentCounts, type DocumentListRequest } from '../../../../shared/library';
import { countDocumentsByStatus, listDocumentRows, workOf } from './document-list';
import { PageSearch, type SearchFilters, type SearchResult } from './page-search';

interface DocumentRow {
  id: number;
  sha256: string;
  title: string;
  file_name: string;
  domain: DocumentDomain;
  page_count: number;
  pages_needing_ocr: number;
  bytes: number;
  metadata: string;
  imported_at: string;
  status: DocumentRecord['status'];
  error_code: string | null;
  error_message: string | null;
  summary_state: DocumentWork['summary'];
  extraction_state: DocumentWork['extraction'];
  fields_total: number;
  fields_reviewed: number;
  fields_needing_review: number;
}

interface PageRow {
  number: number;
  width: number;
  height: number;
  has_text_layer: number;
  needs_ocr: number;
  chars: number;
  text_source: 'pdf' | 'ocr';
  ocr_confidence: number | null;
}

export class Archive {
  private readonly pageSearch: PageSearch;
  /** Statements of the import path and lookups, compiled once: a bulk import runs them per document. */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Db) {
    this.pageSearch = new PageSearch(db);
  }

  private prepare<P extends unknown[] = unknown[], R = unknown>(source: string): Database.Statement<P, R> {
    let statement = this.statements.get(source);
    if (!statement) this.statements.set(source, (statement = this.db.prepare(source)));
    return statement as Database.Statement<P, R>;
  }

  // -- documents -------------------------------------------------------------------------

  getDocument(id: number): DocumentRecord {
    const row = this.prepare<[number], DocumentRow>('SELECT * FROM documents WHERE id = ?').get(id);
    if (!row) throw new AppError('not_found', `No document with id ${id}.`);
    return toDocument(row);
  }

  findById(id: number): DocumentRecord | null {
    const row = this.prepare<[number], DocumentRow>('SELECT * FROM documents WHERE id = ?').get(id);
    return row ? toDocument(row) : null;
  }

  findBySha(sha256: string): DocumentRecord | null {
    const row = this.prepare<[string], DocumentRow>('SELECT * FROM documents WHERE sha256 = ?').get(sha256);
    return row ? toDocument(row) : null;
  }

  /** One page of the library in the requested order, each row with its work; `next` continues it (keyset pagination). */
  listDocuments(request: Partial<DocumentListRequest> = {}): { items: DocumentRecord[]; next: DocumentListRequest['after']; total: number | null } {
    const { rows, next, total } = listDocumentRows<DocumentRow>(this.db, documentListRequestSchema.parse(request));
    const work = workOf(this.db, rows);
    return { items: rows.map((row) => ({ ...toDocument(row), work: work.get(row.id) })), next, total };
  }

  /** Every document (without its work), a page at a time (the CLI's list): never all rows in memory at once. */
  *iterateDocuments(request: Partial<DocumentListRequest> = {}): Generator<DocumentRecord> {
    let after: DocumentListRequest['after'] = null;
    do {
      const page: { rows: DocumentRow[]; next: DocumentListRequest['after'] } = listDocumentRows<DocumentRow>(
        this.db,
        documentListRequestSchema.parse({ ...request, after, limit: 500 }),
      );
      yield* page.rows.map(toDocument);
      after = page.next;
    } while (after);
  }

  countByStatus(): DocumentCounts {
    return countDocumentsByStatus(this.db);
  }

  countDocuments(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
  }

  /** Creates the row for a file being imported, or resets the failed row of the same file. */
  beginImport(input: { sha256: string; fileName: string; title: string; bytes: number }): number {
    const now = new Date().toISOString();
    return this.db.transaction(() => {
      const existing = this.findBySha(input.sha256);
      if (existing) {
        this.prepare('DELETE FROM pages WHERE document_id = ?').run(existing.id);
        this
          .prepare(
            `UPDATE documents SET status = 'importing', error_code = NULL, error_message = NULL,
               page_count = 0, pages_needing_ocr = 0, file_name = ?, imported_at = ? WHERE id = ?`,
          )
          .run(input.fileName, now, existing.id);
        return existing.id;
      }
      const result = this
        .prepare(
          `INSERT INTO documents (sha256, title, file_name, bytes, imported_at, status)
           VALUES (?, ?, ?, ?, ?, 'importing')`,
        )
        .run(input.sha256, input.title, input.fileName, input.bytes, now);
      return Number(result.lastInsertRowid);
    })();
  }

  /** Numbers of the pages already stored: what a resumed import skips. */
  storedPageNumbers(documentId: number): Set<number> {
    return new Set(
      this
        .prepare<[number], { number: number }>('SELECT number FROM pages WHERE document_id = ?')
        .all(documentId)
        .map((r) => r.number),
    );
  }

  setDocumentInfo(id: number, info: { pageCount: number; metadata: Record<string, string>; title?: string }): void {
    this
      .prepare('UPDATE documents SET page_count = ?, metadata = ?, title = coalesce(?, title) WHERE id = ?')
      .run(info.pageCount, JSON.stringify(info.metadata), info.title ?? null, id);
  }

  /** Writes a batch of pages in one transaction (the FTS index follows by trigger). */
  addPages(documentId: number, pages: readonly NewPage[]): void {
    const insertPage = this.prepare(
      `INSERT INTO pages (document_id, number, text, width, height, has_text_layer, needs_ocr)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertSpans = this.prepare('INSERT INTO page_spans (page_id, spans) VALUES (?, ?)');
    this.db.transaction(() => {
      for (const page of pages) {
        const { lastInsertRowid } = insertPage.run(
          documentId,
          page.number,
          page.text,
          page.width,
          page.height,
          page.hasTextLayer ? 1 : 0,
          page.needsOcr ? 1 : 0,
        );
        insertSpans.run(lastInsertRowid, JSON.stringify(page.spans));
      }
    })();
  }

  finishImport(documentId: number, input: { domain: DocumentDomain }): DocumentRecord {
    this
      .prepare(
        `UPDATE documents SET status = 'ready',
           domain = CASE WHEN domain_source = 'user' THEN domain ELSE ? END,
           pages_needing_ocr = (SELECT count(*) FROM pages WHERE document_id = documents.id AND needs_ocr = 1)
         WHERE id = ?`,
      )
      .run(input.domain, documentId);
    return this.getDocument(documentId);
  }

  /** A guessed domain, stored unless the user chose one by hand. True when it changed. */
  setGuessedDomain(documentId: number, domain: DocumentDomain): boolean {
    const changed = this
      .prepare("UPDATE documents SET domain = ? WHERE id = ? AND domain_source <> 'user' AND domain <> ?")
      .run(domain, documentId, domain).changes;
    return changed > 0;
  }

  /** Records why a file failed and drops any pages it got, so no partial rows remain. */
  failImport(documentId: number, error: AppErrorData): DocumentRecord {
    this.db.transaction(() => {
      this.prepare('DELETE FROM pages WHERE document_id = ?').run(documentId);
      this
        .prepare(
          `UPDATE documents SET status = 'failed', error_code = ?, error_message = ?, page_count = 0,
             pages_needing_ocr = 0 WHERE id = ?`,
        )
        .run(error.code, error.message, documentId);
    })();
    return this.getDocument(documentId);
  }

  /**
   * Imports a crash cut short are marked failed; the user can retry them. Those in `resumable`
   * stay importing: a queued job will read their missing pages.
   */
  recoverInterrupted(resumable: ReadonlySet<number> = new Set()): number[] {
    const ids = this.db
      .prepare<[], { id: number }>("SELECT id FROM documents WHERE status = 'importing'")
      .all()
      .map((r) => r.id)
      .filter((id) => !resumable.has(id));
    for (const id of ids) {
      this.failImport(id, { code: 'interrupted', message: 'The import was interrupted before it finished. Retry it.' });
    }
    return ids;
  }

  updateDocument(id: number, patch: { title?: string; domain?: DocumentDomain }): DocumentRecord {
    this.getDocument(id);
    if (patch.title !== undefined) this.db.prepare('UPDATE documents SET title = ? WHERE id = ?').run(patch.title, id);
    if (patch.domain !== undefined) {
      this.db.prepare("UPDATE documents SET domain = ?, domain_source = 'user' WHERE id = ?").run(patch.domain, id);
    }
    return this.getDocument(id);
  }

  /** What a delete would erase with the document: its summaries, field values and a person's corrections. */
  deletionImpact(id: number): { summaries: number; fieldValues: number; corrections: number } {
    this.getDocument(id);
    const count = (sql: string): number => (this.db.prepare<[number], { n: number }>(sql).get(id)?.n ?? 0);
    return {
      summaries: count("SELECT count(*) AS n FROM runs WHERE document_id = ? AND kind = 'summary' AND status = 'done'"),
      fieldValues: count('SELECT count(*) AS n FROM field_values WHERE document_id = ? AND value IS NOT NULL'),
      corrections: count("SELECT count(*) AS n FROM field_audit WHERE document_id = ? AND source = 'user'"),
    };
  }

  /** Deletes the document and its rows; returns its sha256 so the caller can drop the file. */
  deleteDocument(id: number): string {
    const doc = this.getDocument(id);
    this.db.prepare('DELETE FROM documents WHERE id = ?').run(id);
    return doc.sha256;
  }

  // -- pages -----------------------------------------------------------------------------

  listPages(documentId: number): PageInfo[] {
    this.getDocument(documentId);
    return this.db
      .prepare<[number], PageRow>(
        `SELECT number, width, height, has_text_layer, needs_ocr, length(text) AS chars, text_source, ocr_confidence
         FROM pages WHERE document_id = ? ORDER BY number`,
      )
      .all(documentId)
      .map(toPageInfo);
  }

  getPage(documentId: number, number: number): PageText {
    const row = this.db
      .prepare<[number, number], PageRow & { text: string; spans: string | null }>(
        `SELECT p.number, p.width, p.height, p.has_text_layer, p.needs_ocr, length(p.text) AS chars,
                p.text_source, p.ocr_confidence, p.text, s.spans
         FROM pages p LEFT JOIN page_spans s ON s.page_id = p.id
         WHERE p.document_id = ? AND p.number = ?`,
      )
      .get(documentId, number);
    if (!row) throw new AppError('not_found', `Document ${documentId} has no page ${number}.`);
    return {
      ...toPageInfo(row),
      documentId,
      text: row.text,
      spans: row.spans ? (JSON.parse(row.spans) as TextSpan[]) : [],
    };
  }

  // -- OCR (migration 4) -------------------------------------------------------------------

  /** Pages OCR has yet to read, in order: flagged at import and still holding the PDF's text. */
  pagesAwaitingOcr(documentId: number): number[] {
    return this.db
      .prepare<[number], { number: number }>(
        "SELECT number FROM pages WHERE document_id = ? AND needs_ocr = 1 AND text_source = 'pdf' ORDER BY number",
      )
      .all(documentId)
      .map((r) => r.number);
  }

  /**
   * Replaces a page's text and spans with the OCR's (the FTS index follows by trigger), or,
   * with `ocr: null`, keeps the PDF's text because OCR read no better. Either way the page
   * leaves the OCR backlog, in one transaction with the document's count. False when the page
   * was no longer waiting (deleted, or written by another run): nothing is written twice.
   */
  finishPageOcr(documentId: number, number: number, ocr: { text: string; spans: readonly TextSpan[]; confidence: number | null } | null): boolean {
    return this.db.transaction(() => {
      const page = this.db
        .prepare<[number, number], { id: number }>(
          "SELECT id FROM pages WHERE document_id = ? AND number = ? AND needs_ocr = 1 AND text_source = 'pdf'",
        )
        .get(documentId, number);
      if (!page) return false;
      if (ocr) {
        this.db
          .prepare("UPDATE pages SET text = ?, text_source = 'ocr', ocr_confidence = ?, needs_ocr = 0 WHERE id = ?")
          .run(ocr.text, ocr.confidence, page.id);
        this.db.prepare('INSERT OR REPLACE INTO page_spans (page_id, spans) VALUES (?, ?)').run(page.id, JSON.stringify(ocr.spans));
      } else {
        this.db.prepare('UPDATE pages SET needs_ocr = 0 WHERE id = ?').run(page.id);
      }
      this.db
        .prepare(
          `UPDATE documents SET pages_needing_ocr =
             (SELECT count(*) FROM pages WHERE document_id = documents.id AND needs_ocr = 1) WHERE id = ?`,
        )
        .run(documentId);
      return true;
    })();
  }

  /** Pages in order, one at a time, so a 1000-page document is never all in memory. */
  *iteratePages(documentId: number): Generator<{ number: number; text: string; hasTextLayer: boolean }> {
    this.getDocument(documentId);
    for (const row of this.db
      .prepare<[number], { number: number; text: string; has_text_layer: number }>(
        'SELECT number, text, has_text_layer FROM pages WHERE document_id = ? ORDER BY number',
      )
      .iterate(documentId)) {
      yield { number: row.number, text: row.text, hasTextLayer: row.has_text_layer === 1 };
    }
  }

  // -- search ----------------------------------------------------------------------------

  /** The best matching pages (see page-search.ts for how a very common word stays fast). */
  search(query: string, limit = 50, documentId?: number): SearchHit[] {
    return this.pageSearch.search(query, limit, documentId === undefined ? {} : { documentId }).hits;
  }

  /** Hits with the true hit count and how they were ranked. */
  searchPages(query: string, limit: number, filters: SearchFilters = {}): SearchResult {
    return this.pageSearch.search(query, limit, filters);
  }

  /** The exact number of pages matching, which a search may only bound for a very common query. */
  countMatches(query: string, filters: SearchFilters = {}): number {
    return this.pageSearch.countMatches(query, filters);
  }
}

function toDocument(row: DocumentRow): DocumentRecord {
  return {
    id: row.id,
    sha256: row.sha256,
    title: row.title,
    fileName: row.file_name,
    domain: row.domain,
    pageCount: row.page_count,
    pagesNeedingOcr: row.pages_needing_ocr,
    bytes: row.bytes,
    metadata: JSON.parse(row.metadata) as Record<string, string>,
    importedAt: row.imported_at,
    status: row.status,
    error: row.error_code ? { code: row.error_code as ErrorCode, message: row.error_message ?? '' } : null,
  };
}

function toPageInfo(row: PageRow): PageInfo {
  return {
    number: row.number,
    width: row.width,
    height: row.height,
    hasTextLayer: row.has_text_layer === 1,
    needsOcr: row.needs_ocr === 1,
    chars: row.chars,
    textSource: row.text_source,
    ocrConfidence: row.ocr_confidence,
  };
}
