// `npm run eval -- --assertions`: scores the assertion labeller (assertion-eval.ts).
// `npm run eval -- --deid`: scores the de-identifier on synthetic PHI (deid-eval.ts).
// `npm run eval -- --labels FILE [--model FILE] [--keep DIR]`: runs a template over labeled
// documents in a throwaway archive and prints, per field, exact and normalized match,
// precision/recall for list and table fields, the page hit rate, the grounding rate (share of
// non-empty values that are verified) and time. Last line: the summary as JSON.
// Labels (tests/eval/labels/*.json): { template, fields?, documents: [{ file | pages, values:
// { key: { value, page? } } }] }; `file` is relative to the labels file, `pages` are lines
// per page for a generated PDF. Documents whose file is missing are skipped and reported.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { FieldResult } from '../../shared/extraction/api';
import { normalizeValue, sameNormalized } from '../../shared/extraction/normalize';
import type { TemplateField } from '../../shared/extraction/templates';
import { fold } from '../../shared/extraction/text';
import type { ExtractionSettings } from '../../electron/main/services/extraction/extractor';
import { textPdf } from '../fixtures/pdfs';
import { evaluateAssertions, formatAssertionReport, loadAssertionCases } from './assertion-eval';
import { evaluateDeid, formatDeidReport } from './deid-eval';
import { openTempArchive, removeDir, tempDir } from '../helpers/temp-archive';

type Expected = string | number | boolean | null | string[];

export interface Labels {
  readonly template: string;
  readonly fields?: readonly string[];
  readonly documents: ReadonlyArray<{
    readonly file?: string;
    readonly pages?: string[][];
    readonly title?: string;
    readonly values: Readonly<Record<string, { readonly value: Expected; readonly page?: number }>>;
  }>;
}

export interface FieldScore {
  field: string;
  type: string;
  documents: number;
  exact: number;
  normalized: number;
  /** Lists and tables: matched items over predicted and over expected items. */
  precision: number | null;
  recall: number | null;
  /** Of the values with a labeled page, the share whose evidence includes that page. */
  pageHit: number | null;
  /** Of the non-empty predicted values, the share that is verified. */
  grounding: number | null;
}

export interface EvalReport {
  template: string;
  documents: number;
  skipped: string[];
  seconds: number;
  fields: FieldScore[];
  exact: number;
  normalized: number;
  grounding: number | null;
}

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();
const key = (s: string): string => fold(s).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** The predicted value as comparable strings (a table's first column), or a scalar. */
function predicted(field: TemplateField, result: FieldResult): Expected {
  if (result.value === null) return field.type === 'list' || field.type === 'table' ? [] : null;
  if (field.type === 'table' && Array.isArray(result.value)) {
    const first = field.columns[0]!.key;
    return result.value.map((row) => String((row as Record<string, unknown>)[first] ?? ''));
  }
  if (Array.isArray(result.value)) return result.value.map(String);
  return result.value as Expected;
}

function itemsMatch(a: string, b: string): boolean {
  const x = key(a);
  const y = key(b);
  return x !== '' && y !== '' && (x === y || x.includes(y) || y.includes(x));
}

function scoreField(field: TemplateField, pairs: ReadonlyArray<{ expected: Expected; page?: number; result: FieldResult }>): FieldScore {
  let exact = 0;
  let normalized = 0;
  let tp = 0;
  let predictedItems = 0;
  let expectedItems = 0;
  let pageChecks = 0;
  let pageHits = 0;
  let nonEmpty = 0;
  let verified = 0;
  const listy = field.type === 'list' || field.type === 'table';
  for (const { expected, page, result } of pairs) {
    const got = predicted(field, result);
    if (listy) {
      const exp = Array.isArray(expected) ? expected : expected === null ? [] : [String(expected)];
      const pred = Array.isArray(got) ? got : [];
      predictedItems += pred.length;
      expectedItems += exp.length;
      const used = new Set<number>();
      for (const e of exp) {
        const i = pred.findIndex((p, j) => !used.has(j) && itemsMatch(p, e));
        if (i >= 0) {
          used.add(i);
          tp++;
        }
      }
      const sameSet = (f: (s: string) => string): boolean =>
        JSON.stringify(pred.map(f).sort()) === JSON.stringify(exp.map(f).sort());
      if (sameSet(squash)) exact++;
      if (sameSet(key)) normalized++;
    } else {
      const g = got === null ? null : String(got);
      const e = expected === null ? null : String(expected);
      if (g === e || (g !== null && e !== null && squash(g) === squash(e))) exact++;
      const type = field.type as Exclude<TemplateField['type'], 'list' | 'table'>;
      const opts = field.type === 'enum' ? { options: field.options } : {};
      if (g === null || e === null) normalized += g === e ? 1 : 0;
      else {
        const a = normalizeValue(type, g, opts).normalized;
        const b = normalizeValue(type, e, opts).normalized;
        if ((a !== null && sameNormalized(type, a, b)) || key(g) === key(e)) normalized++;
      }
    }
    const empty = got === null || (Array.isArray(got) && got.length === 0);
    if (!empty) {
      nonEmpty++;
      if (result.status === 'verified') verified++;
    }
    if (page !== undefined && !empty) {
      pageChecks++;
      if (result.evidence.some((ev) => ev.page === page)) pageHits++;
    }
  }
  const n = pairs.length;
  const ratio = (a: number, b: number): number | null => (b > 0 ? Math.round((a / b) * 1000) / 1000 : null);
  return {
    field: field.key,
    type: field.type,
    documents: n,
    exact: ratio(exact, n) ?? 0,
    normalized: ratio(normalized, n) ?? 0,
    precision: listy ? ratio(tp, predictedItems) : null,
    recall: listy ? ratio(tp, expectedItems) : null,
    pageHit: ratio(pageHits, pageChecks),
    grounding: ratio(verified, nonEmpty),
  };
}

export async function runEval(options: {
  labelsFile: string;
  modelPath?: string;
  settings?: Partial<ExtractionSettings>;
  engineThreads?: number | 'auto';
}): Promise<EvalReport> {
  const labels = JSON.parse(fs.readFileSync(options.labelsFile, 'utf8')) as Labels;
  const base = path.dirname(path.resolve(options.labelsFile));
  const scratch = tempDir('abstractor-eval-');
  const archive = await openTempArchive({ engineThreads: options.engineThreads ?? 'auto' });
  const started = performance.now();
  const skipped: string[] = [];
  try {
    const { extraction, importer } = archive.services;
    const source = extraction.templates.get(labels.template);
    const fields = labels.fields ? source.fields.filter((f) => labels.fields!.includes(f.key)) : source.fields;
    // Only the labeled fields: a copy of the template narrowed to them.
    const evalName = `${source.name}-eval`.slice(0, 64);
    extraction.templates.save({ ...source, name: evalName, fields });
    const pairs = new Map<string, Array<{ expected: Expected; page?: number; result: FieldResult }>>();
    for (const [i, doc] of labels.documents.entries()) {
      let file: string;
      if (doc.file) {
        file = path.resolve(base, doc.file);
        if (!fs.existsSync(file)) {
          skipped.push(doc.file);
          continue;
        }
      } else {
        file = path.join(scratch, `doc-${i}.pdf`);
        fs.writeFileSync(file, textPdf({ pages: doc.pages ?? [[]], title: doc.title ?? `Labeled ${i + 1}` }));
      }
      const [outcome] = await importer.importMany([{ key: String(i), name: path.basename(file), path: file }]);
      if (outcome?.kind !== 'imported' && outcome?.kind !== 'duplicate') {
        skipped.push(`${doc.file ?? `doc ${i}`} (import failed)`);
        continue;
      }
      const result = await extraction.extract(outcome.document.id, evalName, {
        ...(options.modelPath ? { modelPath: options.modelPath } : {}),
        ...(options.settings ? { settings: options.settings } : {}),
      });
      if (result.run.status !== 'done') throw new Error(`extraction failed on ${file}: ${JSON.stringify(result.run.error)}`);
      for (const field of fields) {
        const label = doc.values[field.key];
        if (!label) continue;
        const r = result.fields.find((f) => f.key === field.key)!;
        pairs.set(field.key, [...(pairs.get(field.key) ?? []), { expected: label.value, ...(label.page !== undefined ? { page: label.page } : {}), result: r }]);
      }
    }
    const scores = fields.filter((f) => pairs.has(f.key)).map((f) => scoreField(f, pairs.get(f.key)!));
    const all = [...pairs.values()].flat();
    const mean = (xs: number[]): number => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 1000) / 1000 : 0);
    const nonEmpty = all.filter((p) => p.result.status !== 'not_found');
    return {
      template: labels.template,
      documents: labels.documents.length - skipped.length,
      skipped,
      seconds: Math.round((performance.now() - started) / 100) / 10,
      fields: scores,
      exact: mean(scores.map((s) => s.exact)),
      normalized: mean(scores.map((s) => s.normalized)),
      grounding: nonEmpty.length ? Math.round((nonEmpty.filter((p) => p.result.status === 'verified').length / nonEmpty.length) * 1000) / 1000 : null,
    };
  } finally {
    await archive.dispose();
    removeDir(scratch);
  }
}

function formatReport(r: EvalReport): string {
  const pct = (x: number | null): string => (x === null ? '-' : `${Math.round(x * 100)}%`);
  const rows = [['FIELD', 'TYPE', 'DOCS', 'EXACT', 'NORM', 'PREC', 'RECALL', 'PAGE', 'GROUNDED']];
  for (const f of r.fields) rows.push([f.field, f.type, String(f.documents), pct(f.exact), pct(f.normalized), pct(f.precision), pct(f.recall), pct(f.pageHit), pct(f.grounding)]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const lines = rows.map((row) => row.map((c, i) => c.padEnd(widths[i]!)).join('  '));
  lines.unshift(`Template ${r.template}: ${r.documents} documents, ${r.seconds} s${r.skipped.length ? `, skipped ${r.skipped.length} (missing)` : ''}`);
  lines.push(`Mean exact ${pct(r.exact)}, normalized ${pct(r.normalized)}, grounding ${pct(r.grounding)}`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { labels: { type: 'string' }, model: { type: 'string' }, assertions: { type: 'boolean' }, deid: { type: 'boolean' } } });
  if (values.assertions) {
    const { errors, ...summary } = evaluateAssertions(loadAssertionCases());
    process.stdout.write(`${formatAssertionReport({ errors, ...summary })}\n${JSON.stringify(summary)}\n`);
    return;
  }
  if (values.deid) {
    const report = evaluateDeid();
    const { missed, types, ...summary } = report;
    process.stdout.write(`${formatDeidReport(report)}\n${JSON.stringify({ ...summary, types, missed: missed.length })}\n`);
    return;
  }
  if (!values.labels) {
    process.stderr.write('Usage: npm run eval -- --labels FILE [--model FILE] | --assertions | --deid\n');
    process.exitCode = 2;
    return;
  }
  const report = await runEval({ labelsFile: values.labels, ...(values.model ? { modelPath: values.model } : {}) });
  process.stdout.write(`${formatReport(report)}\n${JSON.stringify(report)}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
