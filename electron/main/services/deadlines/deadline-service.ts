// Deadlines across all contracts: each document's stored values of the contract template
// (the current value, so a person's edit wins over the model's) read by the shared rules
// (shared/deadlines/compute.ts), listed in date order and exported as CSV or iCalendar.
// Plain Node, no electron.
import { computeDeadlines, DEADLINE_FIELDS, type ContractInputs, type FieldInput } from '../../../../shared/deadlines/compute';
import { within, type Deadline } from '../../../../shared/deadlines/api';
import type { FieldResult } from '../../../../shared/extraction/api';
import { csvText } from '../csv';
import { displayValue } from '../extraction/export';
import type { ExtractionService } from '../extraction/extraction-service';
import { toIcs } from './ics';

export const CONTRACT_TEMPLATE = 'contract';
/** The calendar reminder goes off this many days before each deadline. */
export const ALARM_DAYS = 14;

export interface DeadlineServiceDeps {
  readonly extraction: ExtractionService;
  readonly now?: () => Date;
}

function toInput(field: FieldResult): FieldInput {
  const value = displayValue(field);
  return {
    key: field.key,
    label: field.label,
    value: value === '' ? null : value,
    status: field.status,
    review: field.review,
    evidence: field.evidence.map((e) => ({ page: e.page, quote: e.quote })),
  };
}

export class DeadlineService {
  private readonly now: () => Date;

  constructor(private readonly deps: DeadlineServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  asOf(): string {
    return this.now().toISOString().slice(0, 10);
  }

  /** Every contract's dates, by date (undated last); `withinDays` keeps the next ones and overdue ones. */
  list(withinDays?: number): { asOf: string; deadlines: Deadline[] } {
    const { extraction } = this.deps;
    const asOf = this.asOf();
    const template = extraction.templates.get(CONTRACT_TEMPLATE);
    const out: Deadline[] = [];
    for (const row of extraction.fields.grid(template).rows) {
      const fields = extraction.fields.get(row.documentId, template);
      const inputs: Record<string, FieldInput> = {};
      for (const f of fields) if ((DEADLINE_FIELDS as readonly string[]).includes(f.key)) inputs[f.key] = toInput(f);
      const partiesField = fields.find((f) => f.key === 'parties');
      const parties = Array.isArray(partiesField?.value) ? partiesField.value.map(String) : [];
      for (const d of computeDeadlines(inputs as ContractInputs, { asOf })) {
        out.push({ documentId: row.documentId, title: row.title, parties, ...d, reasons: [...d.reasons], inputs: d.inputs.map((i) => ({ ...i, evidence: [...i.evidence] })) });
      }
    }
    out.sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999') || a.documentId - b.documentId);
    return { asOf, deadlines: withinDays === undefined ? out : within(out, asOf, withinDays) };
  }

  export(format: 'csv' | 'ics', withinDays?: number): { fileName: string; text: string; data: Uint8Array } {
    const { asOf, deadlines } = this.list(withinDays);
    const text = format === 'csv' ? toCsv(deadlines) : toIcs(deadlines, { now: this.now(), alarmDays: ALARM_DAYS });
    return { fileName: `deadlines-${asOf}.${format}`, text, data: new TextEncoder().encode(text) };
  }
}

function toCsv(deadlines: readonly Deadline[]): string {
  const header = ['document_id', 'document_title', 'parties', 'deadline', 'kind', 'date', 'status', 'reasons', 'explanation', 'inputs', 'pages', 'quotes'];
  const rows = deadlines.map((d) => [
    String(d.documentId),
    d.title,
    d.parties.join('; '),
    d.label,
    d.kind,
    d.date ?? '',
    d.status,
    d.reasons.join('; '),
    d.explanation,
    d.inputs.map((i) => `${i.label}: ${i.value ?? ''}`).join('; '),
    [...new Set(d.inputs.flatMap((i) => i.evidence.map((e) => e.page)))].join('; '),
    d.inputs.flatMap((i) => i.evidence.map((e) => e.quote)).join(' | '),
  ]);
  return csvText([header, ...rows]);
}
