// Playbook review across contracts: each document's current values of the playbook's
// template (a person's edit wins over the model's) checked rule by rule by the shared rules
// (shared/playbooks/evaluate.ts), as a report and as CSV / JSON. Nothing is stored: results
// follow the values. Plain Node, no electron.
import type { FieldResult } from '../../../../shared/extraction/api';
import type { PlaybookReport } from '../../../../shared/playbooks/api';
import { evaluatePlaybook, OUTCOMES, type Outcome, type RuleFieldInput } from '../../../../shared/playbooks/evaluate';
import { csvText } from '../csv';
import type { ExtractionService } from '../extraction/extraction-service';
import type { PlaybookLibrary } from './playbook-library';

export interface PlaybookServiceDeps {
  readonly extraction: ExtractionService;
  readonly library: PlaybookLibrary;
  readonly now?: () => Date;
}

export function toRuleInput(field: FieldResult): RuleFieldInput {
  return {
    key: field.key,
    label: field.label,
    value: field.value,
    status: field.status,
    review: field.review,
    evidence: field.evidence.map((e) => ({ page: e.page, quote: e.quote })),
    extracted: field.updatedAt !== null,
  };
}

export class PlaybookService {
  private readonly now: () => Date;

  constructor(private readonly deps: PlaybookServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  get library(): PlaybookLibrary {
    return this.deps.library;
  }

  /** Every rule of playbook `name` on each contract (`documentIds`, or all with values of its template). */
  run(name: string, documentIds?: readonly number[]): PlaybookReport {
    const { extraction, library } = this.deps;
    const playbook = library.get(name);
    const template = extraction.templates.get(playbook.template);
    const rows = extraction.fields.grid(template, documentIds).rows;
    const documents = rows.map((row) => {
      const fields = new Map(extraction.fields.get(row.documentId, template).map((f) => [f.key, toRuleInput(f)]));
      const results = evaluatePlaybook(playbook, fields).map((r) => ({ ...r, evidence: [...r.evidence] }));
      const counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
      for (const r of results) counts[r.outcome] += 1;
      return { documentId: row.documentId, title: row.title, counts, results };
    });
    return { playbook: library.summary(name), at: this.now().toISOString(), documents };
  }

  export(name: string, format: 'csv' | 'json', documentIds?: readonly number[]): { fileName: string; text: string; data: Uint8Array } {
    const report = this.run(name, documentIds);
    const text = format === 'csv' ? toCsv(report) : `${JSON.stringify(report, null, 2)}\n`;
    return { fileName: `playbook-${name}-${report.at.slice(0, 10)}.${format}`, text, data: new TextEncoder().encode(text) };
  }
}

/** One row per document and rule, through the shared cell writer (formula starts made inert). */
function toCsv(report: PlaybookReport): string {
  const header = ['document_id', 'document_title', 'playbook', 'rule', 'rule_title', 'field', 'outcome', 'value', 'explanation', 'pages', 'quotes'];
  const rows = report.documents.flatMap((d) =>
    d.results.map((r) => [
      String(d.documentId),
      d.title,
      report.playbook.name,
      r.rule,
      r.title,
      r.field,
      r.outcome,
      r.value ?? '',
      r.explanation,
      [...new Set(r.evidence.map((e) => e.page))].join('; '),
      r.evidence.map((e) => e.quote).join(' | '),
    ]),
  );
  return csvText([header, ...rows]);
}
