// De-identified export end to end: a generated clinical note full of identifiers is imported
// (real archive, real pdf.js), a crafted clinical-record run extracts the patient's name,
// date of birth, MRN, provider, problems and medications with their quotes, and the CLI's
// `export --deidentify` (a real process) must leave none of the seeded identifiers in the CSV
// or the JSON, while the plain export still carries them (so the test can fail) and the
// clinical content survives. `export --deidentify --format pdf` (the same process) must leave
// none of them in the PDF it writes, and log the export.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyCraftedClinicalRun, CLINICAL_TEMPLATE } from '../helpers/crafted-clinical-run';
import { textPdf } from '../fixtures/pdfs';
import { rawText, readPdf, survivors as leaked } from '../helpers/pdf-leaks';
import { json, runCli, type Run } from '../helpers/run-cli';
import { openTempArchive, removeDir, tempDir } from '../helpers/temp-archive';

// Vandersloot and Eleonora are in no lexicon and appear once without context ("VANDERSLOOT
// reports..."): only the known-identifier detector (the extracted name) can find that one.
const NOTE: string[][] = [
  [
    'Clinic note - Eleonora Vandersloot',
    'Patient: Vandersloot, Eleonora   MRN: 00482913   DOB: 03/14/1931',
    'Date of visit: 2024-02-05. Phone (617) 555-0142. Email e.vandersloot@example.com',
    'Address: 14 Lantern Hill Road, Harrowgate, VT 05903. SSN 123-45-6789.',
    'VANDERSLOOT reports cough for three days. Patient denies chest pain.',
    'Her daughter Ysolde Quillfeather is at the bedside. Member ID XJH449201001.',
  ],
  ['ASSESSMENT: Community acquired pneumonia in a 93 year old.', 'MEDICATIONS: Lisinopril 10 mg daily.', 'Electronically signed by Thaddeus Blomqvist, MD on Feb 5, 2024'],
];

const SEEDED = [
  'Eleonora', 'Vandersloot', '00482913', '03/14/1931', '1931-03-14', '2024-02-05', '555-0142', 'e.vandersloot@example.com', 'Lantern Hill',
  'Harrowgate', '05903', '123-45-6789', 'Ysolde', 'Quillfeather', 'XJH449201001', 'Thaddeus', 'Blomqvist', 'Feb 5',
];

let root: string;
let archiveDir: string;

beforeAll(async () => {
  root = tempDir('abstractor-deid-');
  archiveDir = path.join(root, 'archive');
  const archive = await openTempArchive({ dir: archiveDir, keep: true });
  try {
    const file = path.join(root, 'note.pdf');
    fs.writeFileSync(file, textPdf({ pages: NOTE, title: 'Clinic note - Eleonora Vandersloot' }));
    const [outcome] = await archive.services.importer.importMany([{ key: 'note', name: 'Vandersloot note.pdf', path: file }]);
    if (outcome?.kind !== 'imported') throw new Error(`import failed: ${JSON.stringify(outcome)}`);
    applyCraftedClinicalRun(archive.services, outcome.document.id, (_lines, cite) => ({
      patient_name: { value: 'Eleonora Vandersloot', evidence: cite('Patient: Vandersloot') },
      date_of_birth: { value: '1931-03-14', evidence: cite('DOB: 03/14/1931') },
      mrn: { value: '00482913', evidence: cite('MRN: 00482913') },
      provider: { value: 'Thaddeus Blomqvist', evidence: cite('signed by Thaddeus') },
      chief_complaint: { value: 'VANDERSLOOT reports cough for three days', evidence: cite('VANDERSLOOT reports cough') },
      plan: { value: 'Date of visit: 2024-02-05. Phone (617) 555-0142. Email e.vandersloot@example.com', evidence: cite('Date of visit') },
      follow_up: { value: 'Her daughter Ysolde Quillfeather is at the bedside. Member ID XJH449201001.', evidence: cite('Her daughter') },
      procedures: [{ value: 'Address: 14 Lantern Hill Road, Harrowgate, VT 05903. SSN 123-45-6789.', evidence: cite('Address:') }],
      problems_and_diagnoses: [{ evidence: cite('pneumonia'), diagnosis: 'Community acquired pneumonia', icd10_code: null, status: null }],
      medications: [{ evidence: cite('Lisinopril'), name: 'Lisinopril', dose: '10 mg', route: null, frequency: 'daily' }],
    }));
  } finally {
    await archive.dispose();
  }
});

afterAll(() => removeDir(root));

function cli(args: string[]): Promise<Run> {
  return runCli([...args, '--archive', archiveDir], { ABSTRACTOR_PASSPHRASE: undefined });
}

function survivors(text: string): string[] {
  const lower = text.toLowerCase();
  return SEEDED.filter((id) => lower.includes(id.toLowerCase()));
}

describe('export --deidentify', () => {
  it('the plain export carries the identifiers (the check below can fail)', async () => {
    const run = await cli(['export', '--template', CLINICAL_TEMPLATE, '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    expect(survivors(run.stdout).length).toBeGreaterThanOrEqual(SEEDED.length - 2);
  });

  it('leaves no seeded identifier in the CSV or the JSON, and keeps the clinical content', async () => {
    const out = path.join(root, 'deid.csv');
    const csvRun = await cli(['export', '--template', CLINICAL_TEMPLATE, '--format', 'csv', '--deidentify', '--out', out]);
    expect(csvRun.code, csvRun.stderr).toBe(0);
    const csv = fs.readFileSync(out, 'utf8');
    expect(survivors(csv)).toEqual([]);
    expect(csv).toContain('Community acquired pneumonia');
    expect(csv).toContain('Lisinopril');
    expect(csv).toContain('reports cough for three days');

    const jsonRun = await cli(['export', '--template', CLINICAL_TEMPLATE, '--format', 'json', '--deidentify', '--shift-dates']);
    expect(jsonRun.code, jsonRun.stderr).toBe(0);
    expect(survivors(jsonRun.stdout)).toEqual([]);
    const exported = JSON.parse(jsonRun.stdout) as { documents: Array<{ title: string; fields: Array<{ key: string; value: unknown; evidence: Array<{ quote: string }> }> }> };
    const field = (key: string) => exported.documents[0]!.fields.find((f) => f.key === key)!;
    expect(field('patient_name').value).toBe('[PATIENT_NAME]');
    expect(field('chief_complaint').evidence[0]!.quote).toMatch(/^\[NAME( \d+)?\] reports cough/);
    // The shift is secret: whatever it was, the real visit date is gone and no offset is written.
    expect(jsonRun.stdout).not.toMatch(/shift|offset/i);
  });

  it('refuses its options without --deidentify, and --deidentify with --training', async () => {
    const alone = await cli(['export', '--template', CLINICAL_TEMPLATE, '--format', 'csv', '--shift-dates']);
    expect(alone.code).not.toBe(0);
    expect(alone.stderr).toContain('--deidentify');
    const training = await cli(['export', '--template', CLINICAL_TEMPLATE, '--training', '--deidentify']);
    expect(training.code).not.toBe(0);
    expect(training.stderr).toContain('de-identified');
  });
});

describe('export --deidentify --format pdf', () => {
  it('writes the note as page images with no seeded identifier left in text, metadata or bytes, and logs it', async () => {
    const out = path.join(root, 'note-deid.pdf');
    const run = await cli(['export', '--deidentify', '--format', 'pdf', '1', '--out', out, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(json<{ file: string; pages: number; identifiers: number }>(run)).toMatchObject({ file: out, pages: 2 });
    const data = new Uint8Array(fs.readFileSync(out));
    const reading = await readPdf(data);
    expect(reading.pages).toBe(2);
    expect(reading.text.trim()).toBe('');
    // Every seeded identifier as the page writes it (the ISO date and "Feb 5" are spellings of other exports).
    const onPage = SEEDED.filter((s) => s !== '1931-03-14' && s !== 'Feb 5');
    expect(leaked(reading.metadata + await rawText(data), onPage)).toEqual([]);
    const archive = await openTempArchive({ dir: archiveDir, keep: true });
    try {
      const { entries } = archive.services.accessLog.list({ action: 'exported' });
      expect(entries.find((e) => e.documentId === 1 && e.via === 'cli')?.detail).toMatchObject({ format: 'pdf', deidentified: true, pages: 2 });
    } finally {
      await archive.dispose();
    }
  }, 300_000);

  it('refuses bad requests with a usage error or a clear code', async () => {
    const out = path.join(root, 'never.pdf');
    const plain = await cli(['export', '--format', 'pdf', '1', '--out', out]);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain('--deidentify');
    const garbage = await cli(['export', '--deidentify', '--format', 'pdf', '../../etc/passwd', '--out', out]);
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toContain('not a document id');
    const missing = await cli(['export', '--deidentify', '--format', 'pdf', '4242', '--out', out]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('(not_found)');
    const shifted = await cli(['export', '--deidentify', '--shift-dates', '--format', 'pdf', '1', '--out', out]);
    expect(shifted.code).toBe(2);
    expect(fs.existsSync(out)).toBe(false);
  }, 120_000);
});
