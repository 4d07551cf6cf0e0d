// Scores the ConText assertion labeller on tests/eval/labels/assertions.json: per label,
// precision and recall (one-vs-rest), for all cases and for each split (heldout: written
// from the corpus before tuning; dev: constructed, used while tuning). Negation is also
// reported as NegEx did: sensitivity (negated recall) and specificity (non-negated cases
// not called negated). Pure apart from reading the labels file.
import fs from 'node:fs';
import { assertionOf, ASSERTION_LABELS, type AssertionLabel } from '../../shared/clinical/assertion';

export interface AssertionCase {
  readonly text: string;
  readonly target: string;
  readonly expected: AssertionLabel;
  readonly source: 'constructed' | { readonly document: string; readonly page: number };
  readonly split: 'heldout' | 'dev';
}

export interface ClassScore {
  readonly label: AssertionLabel;
  readonly support: number;
  readonly precision: number | null;
  readonly recall: number | null;
}

export interface AssertionReport {
  readonly cases: number;
  readonly accuracy: number;
  readonly classes: readonly ClassScore[];
  readonly negated_recall: number | null;
  readonly negated_precision: number | null;
  readonly negated_specificity: number | null;
  readonly splits: Readonly<Record<string, { cases: number; accuracy: number; negated_recall: number | null; negated_precision: number | null; negated_specificity: number | null }>>;
  readonly errors: ReadonlyArray<{ text: string; target: string; expected: string; got: string; cue: string | null }>;
}

export const ASSERTION_LABELS_FILE = new URL('./labels/assertions.json', import.meta.url);

export function loadAssertionCases(file: URL | string = ASSERTION_LABELS_FILE): AssertionCase[] {
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { cases: AssertionCase[] }).cases;
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : Math.round((a / b) * 1000) / 1000);

function score(pairs: ReadonlyArray<{ expected: AssertionLabel; got: AssertionLabel }>) {
  const classes = ASSERTION_LABELS.map((label) => {
    const tp = pairs.filter((p) => p.got === label && p.expected === label).length;
    return {
      label,
      support: pairs.filter((p) => p.expected === label).length,
      precision: ratio(tp, pairs.filter((p) => p.got === label).length),
      recall: ratio(tp, pairs.filter((p) => p.expected === label).length),
    };
  });
  const negated = classes.find((c) => c.label === 'negated')!;
  const others = pairs.filter((p) => p.expected !== 'negated');
  return {
    cases: pairs.length,
    accuracy: ratio(pairs.filter((p) => p.got === p.expected).length, pairs.length) ?? 0,
    classes,
    negated_recall: negated.recall,
    negated_precision: negated.precision,
    negated_specificity: ratio(others.filter((p) => p.got !== 'negated').length, others.length),
  };
}

export function evaluateAssertions(cases: readonly AssertionCase[]): AssertionReport {
  const results = cases.map((c) => {
    const a = assertionOf(c.text, c.target);
    return { c, expected: c.expected, got: a?.label ?? 'affirmed', cue: a?.cue ?? null };
  });
  const all = score(results);
  const splits: Record<string, AssertionReport['splits'][string]> = {};
  for (const split of ['heldout', 'dev']) {
    const s = score(results.filter((r) => r.c.split === split));
    splits[split] = { cases: s.cases, accuracy: s.accuracy, negated_recall: s.negated_recall, negated_precision: s.negated_precision, negated_specificity: s.negated_specificity };
  }
  return {
    ...all,
    splits,
    errors: results.filter((r) => r.got !== r.expected).map((r) => ({ text: r.c.text, target: r.c.target, expected: r.expected, got: r.got, cue: r.cue })),
  };
}

export function formatAssertionReport(r: AssertionReport): string {
  const pct = (x: number | null): string => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);
  const rows = [['LABEL', 'CASES', 'PRECISION', 'RECALL']];
  for (const c of r.classes) rows.push([c.label, String(c.support), pct(c.precision), pct(c.recall)]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const lines = [`Assertion status (ConText): ${r.cases} cases, accuracy ${pct(r.accuracy)}`];
  lines.push(...rows.map((row) => row.map((c, i) => c.padEnd(widths[i]!)).join('  ')));
  lines.push(`Negation: recall (sensitivity) ${pct(r.negated_recall)}, precision ${pct(r.negated_precision)}, specificity ${pct(r.negated_specificity)}`);
  for (const [name, s] of Object.entries(r.splits)) {
    lines.push(`  ${name}: ${s.cases} cases, accuracy ${pct(s.accuracy)}, negated recall ${pct(s.negated_recall)}, precision ${pct(s.negated_precision)}, specificity ${pct(s.negated_specificity)}`);
  }
  if (r.errors.length) {
    lines.push(`Misses (${r.errors.length}):`);
    for (const e of r.errors) lines.push(`  ${e.expected} -> ${e.got}${e.cue ? ` (${e.cue})` : ''}: "${e.target}" in ${JSON.stringify(e.text)}`);
  }
  return lines.join('\n');
}
