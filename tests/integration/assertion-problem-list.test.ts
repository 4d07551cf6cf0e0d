// Assertion status through the real pipeline: a generated clinical note is imported (pdf.js)
// and a crafted clinical-record run (tests/helpers/crafted-clinical-run.ts) goes through the
// same grounding, merging and store as a real run. A negated or family finding must never
// reach the problem list of the grid or the export; with the team corpus, every item on its
// medical records gets a label.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASSERTION_LABELS } from '../../shared/clinical/assertion';
import type { FieldResult } from '../../shared/extraction/api';
import { parseCsv } from '../../electron/main/services/csv';
import { textPdf } from '../fixtures/pdfs';
import { applyCraftedClinicalRun, CLINICAL_NOTE, CLINICAL_TEMPLATE as TEMPLATE, CRAFTED_PROBLEMS } from '../helpers/crafted-clinical-run';
import { CORPUS_DIR, HAS_CORPUS, openTempArchive, removeDir, tempDir, type TempArchive } from '../helpers/temp-archive';

let archive: TempArchive;
let documentId: number;
const scratch = tempDir('abstractor-assertion-');

beforeAll(async () => {
  archive = await openTempArchive();
  const file = path.join(scratch, 'note.pdf');
  writeFileSync(file, textPdf({ pages: CLINICAL_NOTE, title: 'Clinic note' }));
  const [outcome] = await archive.services.importer.importMany([{ key: 'note', name: 'note.pdf', path: file }]);
  if (outcome?.kind !== 'imported') throw new Error(`import failed: ${JSON.stringify(outcome)}`);
  documentId = outcome.document.id;

  applyCraftedClinicalRun(archive.services, documentId);
});

afterAll(async () => {
  await archive?.dispose();
  removeDir(scratch);
});

const field = (key: string): FieldResult => archive.services.extraction.get(documentId, TEMPLATE).fields.find((f) => f.key === key)!;
const labels = (key: string): Record<string, string | undefined> =>
  Object.fromEntries((field(key).items ?? []).map((i) => [Object.values(i.value as Record<string, unknown>)[0], i.assertion?.label]));

describe('assertion status on extracted clinical items', () => {
  it('labels every problem, medication and allergy from its evidence sentence and section', () => {
    expect(labels('problems_and_diagnoses')).toEqual(Object.fromEntries(CRAFTED_PROBLEMS));
    expect(labels('medications')).toEqual({ Lisinopril: 'affirmed', Metformin: 'affirmed' });
    expect(labels('allergies')).toEqual({ Penicillin: 'affirmed' });
    const breast = field('problems_and_diagnoses').items!.find((i) => (i.value as Record<string, unknown>).diagnosis === 'Breast cancer')!;
    expect(breast.assertion).toEqual({ label: 'family', cue: 'section: FAMILY HISTORY', source: 'context' });
  });

  it('never lists a negated or family finding as the patient\'s problem in the grid or the export', () => {
    const { extraction } = archive.services;
    const cell = extraction.grid(TEMPLATE).rows.find((r) => r.documentId === documentId)!.cells.problems_and_diagnoses!;
    const listed = (cell.value as Array<Record<string, unknown>>).map((r) => r.diagnosis);
    expect(listed).toEqual(['Hypertension', 'Community acquired pneumonia', 'pulmonary embolism']);
    expect(cell.setApart).toEqual([
      { text: 'chest pain', label: 'negated' },
      { text: 'diabetes', label: 'negated' },
      { text: 'Breast cancer', label: 'family' },
    ]);

    const csv = parseCsv(new TextDecoder().decode(extraction.export(TEMPLATE, 'csv').data));
    const header = csv[0]!;
    const row = csv.find((r) => r[0] === String(documentId))!;
    const col = (name: string): string => row[header.indexOf(name)]!;
    for (const absent of ['chest pain', 'diabetes', 'Breast cancer']) expect(col('problems_and_diagnoses')).not.toContain(absent);
    expect(col('problems_and_diagnoses')).toContain('Community acquired pneumonia');
    expect(col('problems_and_diagnoses_assertion')).toBe('historical; affirmed; possible');
    expect(col('problems_and_diagnoses_set_apart')).toBe('chest pain (negated); diabetes (negated); Breast cancer (family)');
    expect(col('medications_assertion')).toBe('affirmed; affirmed');

    const json = JSON.parse(new TextDecoder().decode(extraction.export(TEMPLATE, 'json').data)) as {
      documents: Array<{ fields: Array<{ key: string; items: Array<{ assertion: { label: string } | null }> | null }> }>;
    };
    const problems = json.documents[0]!.fields.find((f) => f.key === 'problems_and_diagnoses')!;
    expect(problems.items!.map((i) => i.assertion?.label)).toEqual(['negated', 'negated', 'family', 'historical', 'affirmed', 'possible']);
  });

  it('keeps a person\'s label through edits and re-runs, and refuses a bad item', () => {
    const { extraction } = archive.services;
    const set = extraction.setAssertion(documentId, TEMPLATE, 'problems_and_diagnoses', 5, 'affirmed');
    expect(set.review).toBe('edited');
    expect(set.items![5]!.assertion).toEqual({ label: 'affirmed', cue: null, source: 'user' });
    // An edit that drops the first row keeps the other rows' labels, the person's one included.
    const rows = (set.value as Array<Record<string, unknown>>).slice(1);
    const edited = extraction.edit(documentId, TEMPLATE, 'problems_and_diagnoses', rows as FieldResult['value']);
    expect(edited.items!.map((i) => i.assertion?.label)).toEqual(['negated', 'family', 'historical', 'affirmed', 'affirmed']);
    expect(edited.items![4]!.assertion?.source).toBe('user');
    expect(extraction.audit(documentId, TEMPLATE, 'problems_and_diagnoses').filter((a) => a.action === 'edit')).toHaveLength(2);

    expect(() => extraction.setAssertion(documentId, TEMPLATE, 'problems_and_diagnoses', 99, 'negated')).toThrow(/no item 99/);
    expect(() => extraction.setAssertion(documentId, TEMPLATE, 'procedures', 0, 'negated')).toThrow(/no assertion status/);
  });
});

describe('medication sigs on extracted medications', () => {
  it('reads each medication row into its sig in the grid, the CSV columns and the JSON export', () => {
    const { extraction } = archive.services;
    const cell = extraction.grid(TEMPLATE).rows.find((r) => r.documentId === documentId)!.cells.medications!;
    expect(cell.sigs).toEqual(['Lisinopril · 10 mg 1/day', 'Metformin · 500 mg 2/day for 30 day · oral [unread: OD]']);

    const csv = parseCsv(new TextDecoder().decode(extraction.export(TEMPLATE, 'csv').data));
    const header = csv[0]!;
    const row = csv.find((r) => r[0] === String(documentId))!;
    const col = (name: string): string => row[header.indexOf(name)]!;
    expect(header.filter((h) => h.startsWith('medications_sig_'))).toHaveLength(18);
    expect(col('medications_sig_name')).toBe('Lisinopril; Metformin');
    expect(col('medications_sig_strength')).toBe('10 mg; 500 mg');
    expect(col('medications_sig_route')).toBe('; oral');
    expect(col('medications_sig_times_per_day')).toBe('1; 2');
    expect(col('medications_sig_duration')).toBe('; 30 day');
    expect(col('medications_sig_unparsed')).toBe('; OD');
    expect(header).not.toContain('problems_and_diagnoses_sig_name');

    const json = JSON.parse(new TextDecoder().decode(extraction.export(TEMPLATE, 'json').data)) as {
      documents: Array<{ fields: Array<{ key: string; items: Array<{ sig?: { raw: string; route: string | null; unparsed: string[] } }> | null }> }>;
    };
    const meds = json.documents[0]!.fields.find((f) => f.key === 'medications')!;
    expect(meds.items!.map((i) => [i.sig?.raw, i.sig?.route, i.sig?.unparsed])).toEqual([
      ['Lisinopril 10 mg daily', null, []],
      ['Metformin 500 mg PO BID x 30 days, OD', 'oral', ['OD']],
    ]);
  });
});

describe('assertion status on the corpus medical records', () => {
  // Every line of each record cited as a problem (its first words as the diagnosis): each
  // item gets a label, and the negated or family ones never reach the grid's problem list.
  const dir = path.join(CORPUS_DIR, 'medical');
  it.skipIf(!HAS_CORPUS || !existsSync(dir))('labels every item of the clinical template on every corpus medical PDF with a text layer', async () => {
    const files = readdirSync(dir).filter((f) => /^M1[1-7].*\.pdf$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    const seen = new Set<string>();
    for (const name of files) {
      const [outcome] = await archive.services.importer.importMany([{ key: name, name, path: path.join(dir, name) }]);
      if (outcome?.kind !== 'imported') throw new Error(`import of ${name} failed`);
      const id = outcome.document.id;
      applyCraftedClinicalRun(archive.services, id, (lines) => ({
        problems_and_diagnoses: lines
          .filter((l) => l.text.split(' ').length >= 3)
          .map((l) => ({ evidence: [l.id], diagnosis: l.text.split(' ').slice(0, 4).join(' '), icd10_code: null, status: null })),
      }));
      const problems = archive.services.extraction.get(id, TEMPLATE).fields.find((f) => f.key === 'problems_and_diagnoses')!;
      expect(problems.items!.length).toBeGreaterThan(3);
      for (const item of problems.items!) {
        expect(ASSERTION_LABELS).toContain(item.assertion?.label);
        seen.add(item.assertion!.label);
      }
      const cell = archive.services.extraction.grid(TEMPLATE, [id]).rows[0]!.cells.problems_and_diagnoses!;
      const apart = problems.items!.filter((i) => i.assertion!.label === 'negated' || i.assertion!.label === 'family');
      expect((cell.value as unknown[]).length).toBe(problems.items!.length - apart.length);
      expect(cell.setApart!.length).toBe(apart.length);
    }
    expect(seen).toContain('negated');
    expect(seen).toContain('historical');
  });
});
