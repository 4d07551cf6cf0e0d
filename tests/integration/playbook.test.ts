// Playbook review over the real parts: the corpus's legal PDFs imported into a real archive,
// values entered as a reviewer would (a selection of the page text through
// extraction:addFromSelection, a "no" through extraction:edit, a clause cleared), then the
// built-in 10-rule playbook run by the CLI (`playbook run --json`, a real process) over every
// legal PDF. Each contract's report lists every rule, with the outcome read by hand from the
// contract and the evidence (page and quote) of the values set. Skipped without the corpus.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, type Dispatch } from '../../electron/main/api/dispatcher';
import { createHandlers } from '../../electron/main/api/handlers';
import { parseCsv } from '../../electron/main/services/csv';
import { findQuote } from '../../shared/extraction/verify';
import { parsePlaybook } from '../../shared/playbooks/schema';
import { callOk } from '../helpers/call-ok';
import { json, runCli } from '../helpers/run-cli';
import { CORPUS_DIR, HAS_CORPUS, openTempArchive, PROJECT_ROOT, removeDir, type TempArchive } from '../helpers/temp-archive';

const PLAYBOOK = 'commercial-standard';
const BUILT_IN = (() => {
  const parsed = parsePlaybook(fs.readFileSync(path.join(PROJECT_ROOT, 'resources/playbooks', `${PLAYBOOK}.json`), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.playbook;
})();
const RULES = BUILT_IN.rules.map((r) => r.id);
const RULE_FIELD: Readonly<Record<string, string>> = Object.fromEntries(BUILT_IN.rules.map((r) => [r.id, r.field]));

type Outcome = 'meets' | 'deviates' | 'missing' | 'needs_review';

/** What a reviewer entered for one field: a phrase selected on the page (the value, or yes), a "no", or cleared. */
type Entry = { select: string; value?: string } | { no: true } | { clear: true };

interface Contract {
  readonly file: string;
  readonly entries: Readonly<Record<string, Entry>>;
  /** Rule id -> outcome, read from the contract by hand; every other rule is missing (no value). */
  readonly expected: Readonly<Record<string, Outcome>>;
}

// Values a reviewer reads in three contracts (words as pdf.js lays out the text layer).
const CONTRACTS: readonly Contract[] = [
  {
    file: 'L01_',
    entries: {
      governing_law: { select: 'laws of the State of Virginia', value: 'State of Virginia' },
      non_compete: { select: 'Affiliate shall not market similar products from competing companies' },
      exclusivity: { no: true },
      uncapped_liability: { no: true },
      indemnification: { select: 'Equidata and Marketing Affiliate each hereby agree to defend, indemnify and hold harmless each other' },
      confidentiality: { select: 'Marketing Affiliate and Equidata mutually acknowledge that from time to time Confidential' },
      force_majeure: { clear: true },
    },
    expected: {
      'governing-law': 'deviates', // Virginia
      'no-uncapped-liability': 'meets',
      'no-non-compete': 'deviates', // no marketing of competing products on its landing pages
      'no-exclusivity': 'meets',
      'mutual-indemnification': 'meets', // "each other"
      'confidentiality-survives': 'needs_review', // no period stated
      'force-majeure': 'deviates', // none, as the reviewer recorded
    },
  },
  {
    file: 'L03_',
    entries: {
      governing_law: { select: 'laws of the State of New York', value: 'State of New York' },
      notice_period_to_terminate_renewal: { select: 'within 5 days of the conclusion of the 12 month term', value: '5 days' },
      indemnification: { select: 'Consultant shall indemnify, defend and hold harmless the Company' },
      non_compete: { no: true },
    },
    expected: {
      'governing-law': 'meets',
      'renewal-notice': 'deviates', // 5 days < 60 days
      'mutual-indemnification': 'deviates', // the consultant only
      'no-non-compete': 'meets',
    },
  },
  {
    file: 'L09_',
    entries: {
      governing_law: { select: 'laws of the State of New', value: 'State of New York' },
      cap_on_liability: { select: 'SHALL NOT EXCEED FIFTY DOLLARS ($50)', value: 'FIFTY DOLLARS ($50)' },
      confidentiality: { select: 'for a period of two (2) years after termination hereof' },
      anti_assignment: { select: 'without the prior written consent of the other party' },
      force_majeure: { select: 'Neither party shall be held responsible for any inability to perform' },
      exclusivity: { no: true },
    },
    expected: {
      'governing-law': 'meets',
      'liability-cap': 'needs_review', // a fixed $50, not a number of months of fees
      'confidentiality-survives': 'deviates', // two years after termination
      'anti-assignment': 'meets',
      'force-majeure': 'meets',
      'no-exclusivity': 'meets',
    },
  },
];

interface CliResult {
  documentId: number;
  title: string;
  results: Array<{ rule: string; outcome: Outcome; explanation: string; evidence: Array<{ page: number; quote: string }> }>;
}

describe.skipIf(!HAS_CORPUS)('playbook review over the legal corpus', () => {
  let archive: TempArchive;
  let dispatch: Dispatch;
  const ids = new Map<string, number>(); // file prefix -> document id
  const pageOf = new Map<string, number>(); // `${file}|${phrase}` -> the page it was selected on
  const allIds: number[] = [];
  const call = <T>(name: string, payload: unknown): Promise<T> => callOk<T>(dispatch, name, payload);

  /** The phrase's range on the first page that has it (spacing and line breaks aside). */
  async function locate(documentId: number, phrase: string): Promise<{ page: number; start: number; end: number }> {
    const { pages } = await call<{ pages: Array<{ number: number }> }>('documents:get', { id: documentId });
    for (const { number } of pages) {
      const { text } = await call<{ text: string }>('documents:page', { id: documentId, page: number });
      const range = findQuote(text, phrase);
      if (range) return { page: number, start: range[0], end: range[1] };
    }
    throw new Error(`"${phrase}" is on no page of document ${documentId}`);
  }

  beforeAll(async () => {
    archive = await openTempArchive({ keep: true });
    dispatch = createDispatcher(createHandlers(archive.services, { version: 'test', transport: 'bridge' }));
    const dir = path.join(CORPUS_DIR, 'legal');
    const files = fs.readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.pdf')).sort();
    const outcomes = await archive.services.importer.importMany(files.map((f) => ({ key: f, name: f, path: path.join(dir, f) })));
    outcomes.forEach((o, i) => {
      if (o.kind !== 'imported') return;
      ids.set(files[i]!.slice(0, 4), o.document.id);
      allIds.push(o.document.id);
    });
    for (const contract of CONTRACTS) {
      const documentId = ids.get(contract.file)!;
      const ref = { documentId, template: 'contract' };
      for (const [field, entry] of Object.entries(contract.entries)) {
        if ('no' in entry) await call('extraction:edit', { ...ref, field, value: false });
        else if ('clear' in entry) await call('extraction:clear', { ...ref, field });
        else {
          const range = await locate(documentId, entry.select);
          pageOf.set(`${contract.file}|${entry.select}`, range.page);
          await call('extraction:addFromSelection', { ...ref, field, ...range, ...(entry.value ? { value: entry.value } : {}) });
        }
      }
    }
    await archive.dispose(); // the CLI opens the archive itself
  }, 600_000); // 20 PDFs (one of 154 pages) read by pdf.js on a shared machine

  afterAll(async () => {
    await archive?.dispose();
    if (archive) removeDir(archive.dir);
  });

  it('CLI playbook run --json: every legal PDF gets every rule, with the hand-read outcomes and their evidence', async () => {
    expect(RULES.length).toBeGreaterThanOrEqual(8);
    expect(allIds.length).toBeGreaterThanOrEqual(15); // the legal PDFs that import (a form may fail)
    const run = await runCli(['playbook', 'run', PLAYBOOK, ...allIds.map(String), '--archive', archive.dir, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const documents = json<CliResult[]>(run);
    expect(documents.map((d) => d.documentId)).toEqual(allIds);
    for (const d of documents) {
      expect(d.results.map((r) => r.rule), d.title).toEqual(RULES);
      for (const r of d.results) {
        expect(r.explanation.length, `${d.title} ${r.rule}`).toBeGreaterThan(10);
        expect(r.explanation).not.toMatch(/\n/);
      }
    }
    for (const contract of CONTRACTS) {
      const documentId = ids.get(contract.file)!;
      const report = documents.find((d) => d.documentId === documentId)!;
      const outcomes = Object.fromEntries(report.results.map((r) => [r.rule, r.outcome]));
      const expected = Object.fromEntries(RULES.map((rule) => [rule, contract.expected[rule] ?? 'missing']));
      expect(outcomes, contract.file).toEqual(expected);
      // Every value selected on a page is the evidence of its rule's result: that page, those words.
      for (const [field, entry] of Object.entries(contract.entries)) {
        if (!('select' in entry)) continue;
        const result = report.results.find((r) => RULE_FIELD[r.rule] === field);
        if (!result) continue;
        expect(result.evidence.length, `${contract.file} ${field}`).toBeGreaterThan(0);
        expect(result.evidence[0]!.page).toBe(pageOf.get(`${contract.file}|${entry.select}`));
        expect(result.evidence[0]!.quote.replace(/\s+/g, ' ')).toContain(entry.select.split(' ').slice(-2).join(' '));
      }
    }
    const l09 = documents.find((d) => d.documentId === ids.get('L09_'))!;
    expect(l09.results.find((r) => r.rule === 'confidentiality-survives')?.explanation).toBe('Confidentiality (2 years, from its quote) is not at least 3 years.');
    expect(l09.results.find((r) => r.rule === 'liability-cap')?.explanation).toMatch(/is a fixed amount \(USD 50\); compare it with 1 year of fees by hand/);
  });

  it('CLI playbook list, show, a CSV export, and a hostile playbook refused with its problems named', async () => {
    const list = json<{ playbooks: Array<{ name: string; builtIn: boolean; rules: number }> }>(await runCli(['playbook', 'list', '--archive', archive.dir, '--json']));
    expect(list.playbooks.find((p) => p.name === PLAYBOOK)).toMatchObject({ builtIn: true, rules: RULES.length });

    const csv = path.join(archive.dir, 'review.csv');
    const ran = await runCli(['playbook', 'run', PLAYBOOK, String(ids.get('L09_')), '--archive', archive.dir, '--format', 'csv', '--out', csv]);
    expect(ran.code, ran.stderr).toBe(0);
    const rows = parseCsv(fs.readFileSync(csv, 'utf8').replace(/^\uFEFF/, ''));
    expect(rows[0]).toEqual(['document_id', 'document_title', 'playbook', 'rule', 'rule_title', 'field', 'outcome', 'value', 'explanation', 'pages', 'quotes']);
    expect(rows.slice(1).map((r) => r[3])).toEqual(RULES);

    const hostile = path.join(archive.dir, 'hostile.json');
    fs.writeFileSync(hostile, '{"__proto__":{"x":1},"name":"evil","title":"E","template":"contract","version":1,"rules":[]}');
    const refused = await runCli(['playbook', 'add', hostile, '--archive', archive.dir, '--json']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/invalid_request|__proto__/);
    expect(refused.stderr).toContain('the key "__proto__" is not allowed');

    const wrongField = path.join(archive.dir, 'wrong-field.json');
    fs.writeFileSync(wrongField, JSON.stringify({ name: 'mine', title: 'Mine', template: 'contract', version: 1, rules: [{ id: 'x', title: 'X', field: 'no_such_field', check: { type: 'present' } }] }));
    const refusedField = await runCli(['playbook', 'add', wrongField, '--archive', archive.dir]);
    expect(refusedField.code).toBe(1);
    expect(refusedField.stderr).toContain('rules[0] (x).field: the template "contract" has no field "no_such_field"');

    const builtInName = path.join(archive.dir, 'builtin-name.json');
    fs.writeFileSync(builtInName, JSON.stringify({ name: PLAYBOOK, title: 'Mine', template: 'contract', version: 1, rules: [{ id: 'x', title: 'X', field: 'governing_law', check: { type: 'present' } }] }));
    expect((await runCli(['playbook', 'add', builtInName, '--archive', archive.dir])).stderr).toMatch(/built-in playbook; duplicate it under a new name/);

    const mine = path.join(archive.dir, 'mine.json');
    fs.writeFileSync(mine, JSON.stringify({ name: 'mine', title: 'Mine', template: 'contract', version: 1, rules: [{ id: 'law', title: 'Delaware only', field: 'governing_law', check: { type: 'one_of', values: ['Delaware'] } }] }));
    expect((await runCli(['playbook', 'add', mine, '--archive', archive.dir])).code).toBe(0);
    const shown = json<{ playbook: { rules: unknown[] }; builtIn: boolean }>(await runCli(['playbook', 'show', 'mine', '--archive', archive.dir, '--json']));
    expect(shown).toMatchObject({ builtIn: false, playbook: { rules: [{ id: 'law' }] } });
    const mineRun = json<CliResult[]>(await runCli(['playbook', 'run', 'mine', String(ids.get('L03_')), '--archive', archive.dir, '--json']));
    expect(mineRun[0]!.results).toMatchObject([{ rule: 'law', outcome: 'deviates' }]);
  });
});

