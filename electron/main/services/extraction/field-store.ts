// Stored field values (migration 3): one row per document x template x field, the review
// actions on them and the audit log of every change. A value a person edited, confirmed or
// cleared is never overwritten by a run: the model's new value becomes a suggestion.
// Owns the SQL of field_values and field_audit; plain Node, no electron.
import {
  candidateSchema,
  evidenceSchema,
  fieldItemSchema,
  type AuditEntry,
  type Candidate,
  type Evidence,
  type FieldItem,
  type FieldResult,
  type FieldValueData,
  type Grid,
  type ItemAssertion,
  type GridCell,
  type ReviewState,
  type ValueSource,
} from '../../../../shared/extraction/api';
import { assertionTarget, isPatientsItem } from '../../../../shared/extraction/assertion';
import { parseSig } from '../../../../shared/clinical/sig';
import { hasSig, sigLine, sigText } from '../../../../shared/extraction/sig';
import { hasAssertion, type Template, type TemplateField } from '../../../../shared/extraction/templates';
import type { VerifyStatus } from '../../../../shared/extraction/verify';
import { AppError } from '../../../../shared/errors';
import { runStatusSchema } from '../../../../shared/summaries';
import { z } from 'zod';
import type { Archive } from '../archive/archive';
import type { Db } from '../../db/open';
import { evidenceFor, groundValue, valueKey, type PageSource } from './grounding';

interface ValueRow {
  id: number;
  document_id: number;
  template: string;
  field_key: string;
  field_type: string;
  value: string | null;
  normalized: string | null;
  status: VerifyStatus;
  source: ValueSource;
  review: ReviewState;
  evidence: string;
  items: string | null;
  alternatives: string;
  suggestion: string | null;
  run_id: number | null;
  updated_at: string;
}

type AuditAction = AuditEntry['action'];

const parseJson = <T>(text: string | null, fallback: T): T => (text === null ? fallback : (JSON.parse(text) as T));
const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));
const evidenceList = z.array(evidenceSchema);
const itemList = z.array(fieldItemSchema);
const candidateList = z.array(candidateSchema);

/** A value as the audit log and comparisons see it. */
function sameValue(a: FieldValueData, b: FieldValueData): boolean {
  return valueKey(a, null) === valueKey(b, null);
}

export class FieldStore {
  constructor(
    private readonly db: Db,
    private readonly archive: Archive,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Page text and spans for grounding, read lazily and cached for one call. */
  pageSource(documentId: number): PageSource {
    const cache = new Map<number, ReturnType<Archive['getPage']>>();
    const get = (n: number) => {
      let page = cache.get(n);
      if (!page) {
        page = this.archive.getPage(documentId, n);
        cache.set(n, page);
      }
      return page;
    };
    return {
      text: (n) => get(n).text,
      spans: (n) => get(n).spans,
      ocrConfidence: (n) => (get(n).textSource === 'ocr' ? get(n).ocrConfidence : null),
    };
  }

  private row(documentId: number, template: string, key: string): ValueRow | undefined {
    return this.db
      .prepare<[string, number, string], ValueRow>('SELECT * FROM field_values WHERE template = ? AND document_id = ? AND field_key = ?')
      .get(template, documentId, key);
  }

  private audit(documentId: number, template: string, key: string, action: AuditAction, oldValue: FieldValueData, newValue: FieldValueData, source: ValueSource, runId: number | null): void {
    this.db
      .prepare(
        `INSERT INTO field_audit (document_id, template, field_key, action, old_value, new_value, source, run_id, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(documentId, template, key, action, json(oldValue), json(newValue), source, runId, this.stamp());
  }

  private write(documentId: number, template: string, field: TemplateField, v: {
    candidate: Omit<Candidate, 'runId'>;
    source: ValueSource;
    review: ReviewState;
    alternatives: readonly Candidate[];
    suggestion: Candidate | null;
    runId: number | null;
  }): void {
    const c = v.candidate;
    this.db
      .prepare(
        `INSERT INTO field_values (document_id, template, field_key, field_type, value, normalized, status, source, review,
           evidence, items, alternatives, suggestion, run_id, updated_at)
         VALUES (@documentId, @template, @key, @type, @value, @normalized, @status, @source, @review, @evidence, @items,
           @alternatives, @suggestion, @runId, @at)
         ON CONFLICT (template, document_id, field_key) DO UPDATE SET field_type = excluded.field_type, value = excluded.value,
           normalized = excluded.normalized, status = excluded.status, source = excluded.source, review = excluded.review,
           evidence = excluded.evidence, items = excluded.items, alternatives = excluded.alternatives,
           suggestion = excluded.suggestion, run_id = excluded.run_id, updated_at = excluded.updated_at`,
      )
      .run({
        documentId,
        template,
        key: field.key,
        type: field.type,
        value: json(c.value),
        normalized: json(c.normalized),
        status: c.status,
        source: v.source,
        review: v.review,
        evidence: JSON.stringify(c.evidence),
        items: json(c.items),
        alternatives: JSON.stringify(v.alternatives),
        suggestion: json(v.suggestion),
        runId: v.runId,
        at: this.stamp(),
      });
  }

  /**
   * Stores one run's values. Unreviewed values are replaced (the old one goes to the audit
   * log); reviewed ones keep their value and get the model's differing answer as a suggestion.
   */
  applyRun(documentId: number, template: Template, runId: number, results: ReadonlyMap<string, { primary: Candidate; alternatives: Candidate[] }>): void {
    this.db.transaction(() => {
      for (const field of template.fields) {
        const result = results.get(field.key);
        if (!result) continue;
        const existing = this.row(documentId, template.name, field.key);
        const oldValue = existing ? parseJson<FieldValueData>(existing.value, null) : null;
        const { primary, alternatives } = result;
        if (existing && existing.review !== 'none') {
          const differs = primary.status !== 'not_found' && !sameValue(primary.value, oldValue);
          this.db
            .prepare('UPDATE field_values SET suggestion = ?, updated_at = ? WHERE id = ?')
            .run(differs ? JSON.stringify(primary) : null, this.stamp(), existing.id);
          if (differs) this.audit(documentId, template.name, field.key, 'suggest', oldValue, primary.value, 'model', runId);
          continue;
        }
        this.write(documentId, template.name, field, { candidate: primary, source: 'model', review: 'none', alternatives, suggestion: null, runId });
        if (!sameValue(primary.value, oldValue)) this.audit(documentId, template.name, field.key, 'extract', oldValue, primary.value, 'model', runId);
      }
    })();
  }

  get(documentId: number, template: Template): FieldResult[] {
    const rows = new Map(
      this.db
        .prepare<[string, number], ValueRow>('SELECT * FROM field_values WHERE template = ? AND document_id = ?')
        .all(template.name, documentId)
        .map((r) => [r.field_key, r]),
    );
    return template.fields.map((field) => toResult(field, rows.get(field.key)));
  }

  /** Every stored value of a document under any template, as key and value (the de-identified PDF's known identifiers). */
  valuesOf(documentId: number): Array<{ key: string; value: FieldValueData }> {
    return this.db
      .prepare<[number], Pick<ValueRow, 'field_key' | 'value'>>("SELECT field_key, value FROM field_values WHERE document_id = ? AND value IS NOT NULL AND review != 'cleared'")
      .all(documentId)
      .map((r) => ({ key: r.field_key, value: JSON.parse(r.value!) as FieldValueData }));
  }

  getField(documentId: number, template: Template, key: string): FieldResult {
    return toResult(fieldOf(template, key), this.row(documentId, template.name, key));
  }

  /** A person's value: re-checked against the evidence already cited; kept across re-runs. */
  edit(documentId: number, template: Template, key: string, value: FieldValueData): FieldResult {
    const field = fieldOf(template, key);
    this.archive.getDocument(documentId);
    const existing = this.row(documentId, template.name, key);
    const evidence = existing ? evidenceList.parse(JSON.parse(existing.evidence)) : [];
    const grounded = keepAssertions(field, groundValue(field, value, evidence, this.pageSource(documentId)), existing);
    // Without evidence a person's value is still their value: shown as not found in the text.
    const candidate = grounded.status === 'not_found' && !isEmpty(value) ? { ...grounded, value, evidence: [] } : grounded;
    return this.review(documentId, template, field, existing, 'edit', { candidate, review: 'edited' });
  }

  /** A person's assertion status for one item; it stays until they change it. */
  setAssertion(documentId: number, template: Template, key: string, index: number, label: ItemAssertion['label']): FieldResult {
    const field = fieldOf(template, key);
    if (!hasAssertion(field)) throw new AppError('invalid_request', `Field "${key}" of template "${template.name}" has no assertion status.`);
    const existing = this.row(documentId, template.name, key);
    const current = existing ? toResult(field, existing) : null;
    const items = current?.items ?? [];
    if (!current || index >= items.length) throw new AppError('not_found', `Field "${key}" has no item ${index} on document ${documentId}.`);
    const next = items.map((item, i) => (i === index ? { ...item, assertion: { label, cue: null, source: 'user' as const } } : item));
    return this.review(documentId, template, field, existing, 'edit', { candidate: { ...current, items: next }, review: 'edited', source: current.source });
  }

  confirm(documentId: number, template: Template, key: string): FieldResult {
    const field = fieldOf(template, key);
    const existing = this.row(documentId, template.name, key);
    if (!existing) throw new AppError('not_found', `Field "${key}" has no value to confirm on document ${documentId}; run the extraction first.`);
    const current = toResult(field, existing);
    return this.review(documentId, template, field, existing, 'confirm', { candidate: current, review: 'confirmed', source: current.source });
  }

  clear(documentId: number, template: Template, key: string): FieldResult {
    const field = fieldOf(template, key);
    this.archive.getDocument(documentId);
    const existing = this.row(documentId, template.name, key);
    const empty = { value: null, normalized: null, status: 'not_found' as const, evidence: [], items: null };
    return this.review(documentId, template, field, existing, 'clear', { candidate: empty, review: 'cleared' });
  }

  /** A value the model missed, from selected page text. Lists and tables get a new item. */
  addFromSelection(
    documentId: number,
    template: Template,
    key: string,
    selection: { page: number; start: number; end: number; value?: string | number | boolean | null },
  ): FieldResult {
    const field = fieldOf(template, key);
    const pages = this.pageSource(documentId);
    const text = pages.text(selection.page);
    if (!(selection.start < selection.end && selection.end <= text.length)) {
      throw new AppError('invalid_request', `The selection ${selection.start}-${selection.end} is not within page ${selection.page} (${text.length} characters).`);
    }
    const evidence = evidenceFor(pages, selection.page, selection.start, selection.end);
    const selected = evidence.quote.replace(/\s+/g, ' ').trim();
    const existing = this.row(documentId, template.name, key);
    let candidate: Omit<Candidate, 'runId'>;
    if (field.type === 'list' || field.type === 'table') {
      const item = groundValue(
        field,
        field.type === 'list' ? [String(selection.value ?? selected)] : [{ [field.columns[0]!.key]: selection.value ?? selected }],
        [evidence],
        pages,
      ).items?.[0];
      const current = existing ? itemList.parse(parseJson(existing.items, [])) : [];
      const items: FieldItem[] = item ? [...current, item] : current;
      candidate = {
        value: items.map((i) => i.value) as FieldValueData,
        normalized: items.map((i) => i.normalized),
        status: aggregateOf(items),
        evidence: items.flatMap((i) => i.evidence),
        items,
      };
    } else {
      const value = selection.value ?? (field.type === 'boolean' ? true : selected);
      candidate = groundValue(field, value, [evidence], pages);
    }
    return this.review(documentId, template, field, existing, 'add', { candidate, review: 'edited' });
  }

  acceptSuggestion(documentId: number, template: Template, key: string): FieldResult {
    const field = fieldOf(template, key);
    const existing = this.row(documentId, template.name, key);
    const suggestion = existing?.suggestion ? candidateSchema.parse(JSON.parse(existing.suggestion)) : null;
    if (!existing || !suggestion) throw new AppError('not_found', `Field "${key}" has no suggestion on document ${documentId}.`);
    return this.review(documentId, template, field, existing, 'edit', { candidate: suggestion, review: 'confirmed', source: 'model', runId: suggestion.runId });
  }

  private review(
    documentId: number,
    template: Template,
    field: TemplateField,
    existing: ValueRow | undefined,
    action: AuditAction,
    next: { candidate: Omit<Candidate, 'runId'>; review: ReviewState; source?: ValueSource; runId?: number | null },
  ): FieldResult {
    this.db.transaction(() => {
      const oldValue = existing ? parseJson<FieldValueData>(existing.value, null) : null;
      this.write(documentId, template.name, field, {
        candidate: next.candidate,
        source: next.source ?? 'user',
        review: next.review,
        alternatives: existing ? candidateList.parse(JSON.parse(existing.alternatives)) : [],
        // A person's decision answers the pending suggestion.
        suggestion: null,
        runId: next.runId !== undefined ? next.runId : (existing?.run_id ?? null),
      });
      this.audit(documentId, template.name, field.key, action, oldValue, next.candidate.value, 'user', null);
    })();
    return this.getField(documentId, template, field.key);
  }

  auditLog(documentId: number, template?: string, field?: string): AuditEntry[] {
    return this.db
      .prepare<[number, string | null, string | null, string | null, string | null], {
        id: number; document_id: number; template: string; field_key: string; action: AuditAction;
        old_value: string | null; new_value: string | null; source: ValueSource; run_id: number | null; at: string;
      }>(
        `SELECT * FROM field_audit WHERE document_id = ? AND (? IS NULL OR template = ?) AND (? IS NULL OR field_key = ?)
         ORDER BY id`,
      )
      .all(documentId, template ?? null, template ?? null, field ?? null, field ?? null)
      .map((r) => ({
        id: r.id,
        documentId: r.document_id,
        template: r.template,
        field: r.field_key,
        action: r.action,
        oldValue: parseJson<FieldValueData>(r.old_value, null),
        newValue: parseJson<FieldValueData>(r.new_value, null),
        source: r.source,
        runId: r.run_id,
        at: r.at,
      }));
  }

  /** Every document x template with stored values, in document order. */
  valuePairs(): Array<{ documentId: number; template: string }> {
    return this.db
      .prepare<[], { documentId: number; template: string }>('SELECT DISTINCT document_id AS documentId, template FROM field_values ORDER BY document_id, template')
      .all();
  }

  /** Documents with values or runs of the template (or the given ones) x its fields. */
  grid(template: Template, documentIds?: readonly number[]): Grid {
    const ids =
      documentIds && documentIds.length > 0
        ? [...documentIds]
        : this.db
            .prepare<[string, string], { id: number }>(
              `SELECT document_id AS id FROM field_values WHERE template = ?
               UNION SELECT document_id FROM runs WHERE kind = 'extraction' AND profile = ? ORDER BY id`,
            )
            .all(template.name, template.name)
            .map((r) => r.id);
    const rowOf = this.gridRows(template);
    const rows = ids.map((documentId) => rowOf(documentId, this.archive.getDocument(documentId).title));
    return { template: template.name, columns: template.fields.map((f) => ({ key: f.key, label: f.label, type: f.type })), rows };
  }

  /**
   * One page of the Table: every ready document of the template's domain, and any other it was
   * run on, in id order from after `after` (keyset: the page costs the same deep in a large
   * archive). Documents never extracted come with no cells and no run.
   */
  gridPage(template: Template, page: { after: number | null; limit: number }): Grid & { next: number | null; total: number | null } {
    const where = `status = 'ready' AND (domain = @domain
      OR EXISTS (SELECT 1 FROM runs r WHERE r.document_id = documents.id AND r.kind = 'extraction' AND r.profile = @template)
      OR EXISTS (SELECT 1 FROM field_values v WHERE v.document_id = documents.id AND v.template = @template))`;
    const params = { domain: template.domain, template: template.name };
    const found = this.db
      .prepare<[typeof params & { after: number; limit: number }], { id: number; title: string }>(
        `SELECT id, CASE WHEN title <> '' THEN title ELSE file_name END AS title FROM documents
         WHERE id > @after AND ${where} ORDER BY id LIMIT @limit`,
      )
      .all({ ...params, after: page.after ?? 0, limit: page.limit + 1 });
    const shown = found.slice(0, page.limit);
    const rowOf = this.gridRows(template);
    // Counted with the first page only: later pages keep the first one's count.
    const total = page.after === null ? this.db.prepare<[typeof params], { n: number }>(`SELECT count(*) AS n FROM documents WHERE ${where}`).get(params)!.n : null;
    return {
      template: template.name,
      columns: template.fields.map((f) => ({ key: f.key, label: f.label, type: f.type })),
      rows: shown.map((d) => rowOf(d.id, d.title)),
      next: found.length > page.limit ? shown.at(-1)!.id : null,
      total,
    };
  }

  /** The template with the most extraction runs in the archive, among those `known`. */
  mostUsedTemplate(known: (name: string) => boolean): string | null {
    const ranked = this.db
      .prepare<[], { profile: string }>(`SELECT profile FROM runs WHERE kind = 'extraction' GROUP BY profile ORDER BY count(*) DESC, max(id) DESC`)
      .all();
    return ranked.find((r) => known(r.profile))?.profile ?? null;
  }

  /** Builds a grid row (its cells from the stored values, its latest run) for one document. */
  private gridRows(template: Template): (documentId: number, title: string) => Grid['rows'][number] {
    const valuesOf = this.db.prepare<[string, number], ValueRow>('SELECT * FROM field_values WHERE template = ? AND document_id = ?');
    const runOf = this.db.prepare<[number, string], { id: number; status: string; finished_at: string | null }>(
      `SELECT id, status, finished_at FROM runs WHERE document_id = ? AND kind = 'extraction' AND profile = ? ORDER BY id DESC LIMIT 1`,
    );
    return (documentId, title) => {
      const cells: Record<string, GridCell> = {};
      for (const row of valuesOf.all(template.name, documentId)) {
        const field = template.fields.find((f) => f.key === row.field_key);
        if (!field) continue;
        const r = toResult(field, row);
        const apart = hasAssertion(field) ? (r.items ?? []).filter((i) => !isPatientsItem(i)) : [];
        const listed = (r.items ?? []).filter((i) => !apart.includes(i));
        cells[field.key] = {
          // A negated or family finding is never listed as the patient's: it goes to setApart.
          value: apart.length > 0 ? ((r.items ?? []).filter(isPatientsItem).map((i) => i.value) as FieldValueData) : r.value,
          ...(hasAssertion(field) ? { setApart: apart.map((i) => ({ text: assertionTarget(field, i.value), label: i.assertion!.label })) } : {}),
          ...(hasSig(field) ? { sigs: listed.map((i) => sigLine(parseSig(sigText(field, i.value)))) } : {}),
          status: r.status,
          review: r.review,
          hasSuggestion: r.suggestion !== null,
          alternatives: r.alternatives.length,
          pages: [...new Set(r.evidence.map((e) => e.page))].sort((a, b) => a - b),
        };
      }
      const run = runOf.get(documentId, template.name);
      return { documentId, title, run: run ? { id: run.id, status: runStatusSchema.parse(run.status), finishedAt: run.finished_at } : null, cells };
    };
  }

  private stamp(): string {
    return this.now().toISOString();
  }
}

function isEmpty(value: FieldValueData): boolean {
  return value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

/** A person's edit keeps each remaining item's label (by value); new items get the computed one. */
function keepAssertions(field: TemplateField, grounded: Omit<Candidate, 'runId'>, existing: ValueRow | undefined): Omit<Candidate, 'runId'> {
  if (!hasAssertion(field) || !existing?.items || !grounded.items) return grounded;
  const before = new Map(itemList.parse(JSON.parse(existing.items)).map((i) => [valueKey(i.value, i.normalized), i.assertion]));
  const items = grounded.items.map((i) => {
    const kept = before.get(valueKey(i.value, i.normalized));
    return kept ? { ...i, assertion: kept } : i;
  });
  return { ...grounded, items };
}

function aggregateOf(items: readonly FieldItem[]): VerifyStatus {
  const s = items.map((i) => i.status).filter((x) => x !== 'not_found');
  if (s.length === 0) return 'not_found';
  if (s.includes('unsupported')) return 'unsupported';
  return s.every((x) => x === 'verified') ? 'verified' : 'cited';
}

function fieldOf(template: Template, key: string): TemplateField {
  const field = template.fields.find((f) => f.key === key);
  if (!field) throw new AppError('not_found', `Template "${template.name}" has no field "${key}".`);
  return field;
}

function toResult(field: TemplateField, row: ValueRow | undefined): FieldResult {
  const base = { key: field.key, label: field.label, type: field.type, required: field.required };
  if (!row) {
    return {
      ...base,
      value: null,
      normalized: null,
      status: 'not_found',
      source: 'model',
      review: 'none',
      evidence: [],
      items: null,
      alternatives: [],
      suggestion: null,
      runId: null,
      updatedAt: null,
    };
  }
  return {
    ...base,
    value: parseJson<FieldValueData>(row.value, null),
    normalized: parseJson<unknown>(row.normalized, null),
    status: row.status,
    source: row.source,
    review: row.review,
    evidence: evidenceList.parse(JSON.parse(row.evidence)) as Evidence[],
    items: row.items ? itemList.parse(JSON.parse(row.items)) : null,
    alternatives: candidateList.parse(JSON.parse(row.alternatives)),
    suggestion: row.suggestion ? candidateSchema.parse(JSON.parse(row.suggestion)) : null,
    runId: row.run_id,
    updatedAt: row.updated_at,
  };
}
