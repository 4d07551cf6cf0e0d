// Export of a template's values across documents: CSV (RFC 4180 quoting, one row per
// document, four columns per field: value, status, pages, quotes) and JSON (everything,
// evidence included). Pure apart from the data handed in.
import type { FieldResult } from '../../../../shared/extraction/api';
import type { Template } from '../../../../shared/extraction/templates';

export interface ExportDocument {
  readonly documentId: number;
  readonly title: string;
  readonly fields: readonly FieldResult[];
}

/** Quotes a cell when it holds a comma, quote, line break or edge spaces; quotes are doubled. */
export function csvCell(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(',');
}

/** Parses RFC 4180 CSV (the inverse of the writer; used by tests and the evaluation harness). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text.charAt(i);
    if (quoted) {
      if (c === '"' && text.charAt(i + 1) === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text.charAt(i + 1) === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
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
  for (const f of template.fields) header.push(f.key, `${f.key}_status`, `${f.key}_pages`, `${f.key}_quote`);
  const lines = [csvLine(header)];
  for (const doc of documents) {
    const byKey = new Map(doc.fields.map((f) => [f.key, f]));
    const cells = [String(doc.documentId), doc.title];
    for (const f of template.fields) {
      const r = byKey.get(f.key);
      if (!r) {
        cells.push('', 'not_found', '', '');
        continue;
      }
      const pages = [...new Set(r.evidence.map((e) => e.page))].sort((a, b) => a - b);
      cells.push(displayValue(r), r.status, pages.join(';'), r.evidence.map((e) => e.quote.replace(/\s+/g, ' ').trim()).join(' | '));
    }
    lines.push(csvLine(cells));
  }
  // CRLF per RFC 4180; the BOM makes spreadsheet apps read UTF-8.
  return `\uFEFF${lines.join('\r\n')}\r\n`;
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
          alternatives: f.alternatives.map((a) => a.value),
          suggestion: f.suggestion?.value ?? null,
        })),
      })),
    },
    null,
    2,
  )}\n`;
}
