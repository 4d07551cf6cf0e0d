// Export of a template's values across documents: CSV (one row per document, four columns
// per field: value, status, pages, quotes; cells made safe by ../csv) and JSON (everything,
// evidence included). A field with assertion status lists only the patient's items as its
// value, with two more columns: their labels, and the items set apart (negated, family).
// A medication field (`sig: true`) adds one column per sig part (<key>_sig_route, ...).
// Pure apart from the data handed in.
import { csvText } from '../csv';
import type { FieldResult } from '../../../../shared/extraction/api';
import { assertionTarget, isPatientsItem } from '../../../../shared/extraction/assertion';
import { hasAssertion, type Template, type TemplateField } from '../../../../shared/extraction/templates';
import { SIG_COLUMNS, sigColumns } from '../../../../shared/clinical/sig';
import { hasSig, itemSig } from '../../../../shared/extraction/sig';

export interface ExportDocument {
  readonly documentId: number;
  readonly title: string;
  readonly fields: readonly FieldResult[];
}

/** A value as one cell: list items joined by "; ", table rows as JSON. */
export function displayValue(field: Pick<FieldResult, 'type' | 'value'>): string {
  const v = field.value;
  if (v === null) return '';
  if (field.type === 'table') return JSON.stringify(v);
  if (Array.isArray(v)) return v.map(String).join('; ');
  return String(v);
}

export function toCsv(template: Template, documents: readonly ExportDocument[]): string {
  const header = ['document_id', 'document_title'];
  for (const f of template.fields) {
    header.push(f.key, `${f.key}_status`, `${f.key}_pages`, `${f.key}_quote`);
    if (hasAssertion(f)) header.push(`${f.key}_assertion`, `${f.key}_set_apart`);
    if (hasSig(f)) header.push(...SIG_COLUMNS.map((c) => `${f.key}_sig_${c}`));
  }
  const rows = [header];
  for (const doc of documents) {
    const byKey = new Map(doc.fields.map((f) => [f.key, f]));
    const cells = [String(doc.documentId), doc.title];
    for (const f of template.fields) {
      const r = byKey.get(f.key);
      if (!r) {
        cells.push('', 'not_found', '', '', ...(hasAssertion(f) ? ['', ''] : []), ...(hasSig(f) ? SIG_COLUMNS.map(() => '') : []));
        continue;
      }
      const pages = [...new Set(r.evidence.map((e) => e.page))].sort((a, b) => a - b);
      const quotes = r.evidence.map((e) => e.quote.replace(/\s+/g, ' ').trim()).join(' | ');
      const items = r.items ?? [];
      if (!hasAssertion(f)) cells.push(displayValue(r), r.status, pages.join(';'), quotes);
      else {
        const mine = items.filter(isPatientsItem);
        const apart = items.filter((i) => !isPatientsItem(i));
        const value = items.length === 0 ? displayValue(r) : displayValue({ type: r.type, value: mine.map((i) => i.value) as FieldResult['value'] });
        cells.push(value, r.status, pages.join(';'), quotes, mine.map((i) => i.assertion?.label ?? '').join('; '), apart.map((i) => setApartText(f, i)).join('; '));
      }
      if (hasSig(f)) cells.push(...sigCells(f, items.filter(isPatientsItem)));
    }
    rows.push(cells);
  }
  return csvText(rows);
}

/** One cell per sig column: each listed item's part, joined by "; " in item order. */
function sigCells(field: TemplateField, items: NonNullable<FieldResult['items']>): string[] {
  const columns = items.map((i) => sigColumns(itemSig(field, i.value)!));
  return SIG_COLUMNS.map((c) => columns.map((col) => col[c]).join('; '));
}

function setApartText(field: TemplateField, item: NonNullable<FieldResult['items']>[number]): string {
  return `${assertionTarget(field, item.value)} (${item.assertion?.label ?? ''})`;
}

function sigField(template: Template, key: string): TemplateField | undefined {
  const field = template.fields.find((f) => f.key === key);
  return field && hasSig(field) ? field : undefined;
}

export function toJson(template: Template, documents: readonly ExportDocument[], exportedAt: Date): string {
  return `${JSON.stringify(
    {
      template: template.name,
      templateVersion: template.version,
      exportedAt: exportedAt.toISOString(),
      documents: documents.map((d) => ({
        documentId: d.documentId,
        title: d.title,
        fields: d.fields.map((f) => ({
          key: f.key,
          label: f.label,
          type: f.type,
          value: f.value,
          normalized: f.normalized,
          status: f.status,
          review: f.review,
          source: f.source,
          evidence: f.evidence.map((e) => ({ page: e.page, start: e.start, end: e.end, quote: e.quote })),
          items: f.items?.map((i) => ({ value: i.value, status: i.status, assertion: i.assertion ?? null, ...(sigField(template, f.key) ? { sig: itemSig(sigField(template, f.key)!, i.value) } : {}) })) ?? null,
          alternatives: f.alternatives.map((a) => a.value),
          suggestion: f.suggestion?.value ?? null,
        })),
      })),
    },
    null,
    2,
  )}\n`;
}
