// Patients over the real parts: clinical notes imported (pdf.js) into a real archive, crafted
// clinical-record runs (tests/helpers/crafted-clinical-run.ts) stored through the same
// grounding and store as a real run, and the patients:* calls through the dispatcher.
// Grouping on normalized name / date of birth / MRN, no automatic merge across a conflicting
// date of birth (a suggestion instead), merge and split kept across a reopen, a person's
// correction regrouping, negated / family / possible findings never on the problem list, the
// conflicts list, hostile ids, and the patient rows erased with the documents.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, type Dispatch } from '../../electron/main/api/dispatcher';
import { createHandlers } from '../../electron/main/api/handlers';
import type { MergeSuggestion, PatientDetail, PatientSummary } from '../../shared/patients/api';
import { importPatientNotes, type NoteName } from '../fixtures/patient-notes';
import { callOk } from '../helpers/call-ok';
import { json, runCli } from '../helpers/run-cli';
import { openTempArchive, removeDir, type TempArchive } from '../helpers/temp-archive';

let archive: TempArchive;
let dispatch: Dispatch;
let ids: Record<NoteName, number>;

const call = <T>(name: string, payload: unknown): Promise<T> => callOk<T>(dispatch, name, payload);
const list = () => call<{ patients: PatientSummary[]; suggestions: MergeSuggestion[] }>('patients:list', {});
const get = (patientId: number) => call<PatientDetail>('patients:get', { patientId });
const patientOf = async (documentId: number): Promise<PatientSummary> => {
  for (const p of (await list()).patients) if ((await get(p.id)).documents.some((d) => d.documentId === documentId)) return p;
  throw new Error(`document ${documentId} has no patient`);
};
const documentsOf = async (patientId: number): Promise<number[]> => (await get(patientId)).documents.map((d) => d.documentId).sort((a, b) => a - b);
async function errorCode(name: string, payload: unknown): Promise<string> {
  const result = await dispatch(name, payload);
  if (result.ok) throw new Error(`${name} succeeded with ${JSON.stringify(payload)}`);
  return result.error.code;
}

async function open(dir?: string): Promise<void> {
  archive = await openTempArchive({ keep: true, ...(dir ? { dir } : {}) });
  dispatch = createDispatcher(createHandlers(archive.services, { version: 'test', transport: 'bridge' }));
}

beforeAll(async () => {
  await open();
  ids = await importPatientNotes(archive.services);
});

afterAll(async () => {
  await archive?.dispose();
  if (archive) removeDir(archive.dir);
});

describe('patients', () => {
  it('groups documents whose normalized name, date of birth and MRN agree, and only suggests a merge across a different date of birth', async () => {
    const { patients, suggestions } = await list();
    expect(patients).toHaveLength(3);
    const john = await patientOf(ids.january);
    expect(await documentsOf(john.id)).toEqual([ids.january, ids.april]);
    expect(john).toMatchObject({ name: 'Smith, John', dob: '1962-03-14', mrn: '0012345', documents: 2, first: '2024-01-10', last: '2024-04-12', differing: [], decided: false });
    const other = await patientOf(ids.otherJohn);
    expect(other.id).not.toBe(john.id);
    expect(other.dob).toBe('1970-05-02');
    expect(suggestions).toEqual([{ patientId: Math.min(john.id, other.id), otherId: Math.max(john.id, other.id), shared: ['name'], differing: ['dob'] }]);
    // Grouping again changes nothing (ids are stable).
    expect((await list()).patients.map((p) => p.id)).toEqual(patients.map((p) => p.id));
  });

  it('builds the timeline: encounters, the patient\'s own problems only, medication changes, lab series, each with its evidence', async () => {
    const john = await get((await patientOf(ids.january)).id);
    expect(john.encounters.map((e) => [e.date, e.documentId, e.kind])).toEqual([
      ['2024-01-10', ids.january, 'office visit'],
      ['2024-04-12', ids.april, 'office visit'],
    ]);
    // Negated (chest pain), family (breast cancer) and possible (pulmonary embolism) findings never appear.
    expect(john.problems.map((p) => p.key)).toEqual(['type 2 diabetes']);
    const everything = JSON.stringify({ problems: john.problems, encounters: john.encounters, medications: john.medications, labs: john.labs });
    for (const absent of ['chest pain', 'Breast cancer', 'pulmonary embolism']) expect(everything).not.toContain(absent);
    expect(john.problems[0]!.mentions.map((m) => [m.date, m.label])).toEqual([['2024-01-10', 'affirmed'], ['2024-04-12', 'affirmed']]);
    expect(john.problems[0]!.state).toBe('active');

    const meds = Object.fromEntries(john.medications.map((m) => [m.key, m]));
    expect(meds.metformin!.events.map((e) => [e.date, e.change])).toEqual([['2024-01-10', 'started'], ['2024-04-12', 'changed']]);
    expect(meds.metformin!.state).toBe('active');
    expect(meds.lisinopril!.events.map((e) => [e.date, e.change])).toEqual([['2024-01-10', 'started'], ['2024-04-12', 'stopped']]);
    expect(meds.lisinopril!.state).toBe('stopped');

    expect(john.labs).toHaveLength(1);
    expect(john.labs[0]!.points.map((p) => [p.date, p.numeric, p.unit])).toEqual([['2024-01-10', 8.1, '%'], ['2024-04-12', 7.2, '%']]);
    const evidence = john.labs[0]!.points[1]!.evidence!;
    expect(evidence).toMatchObject({ documentId: ids.april, template: 'clinical-record', field: 'labs', page: 2 });
    const page = await call<{ text: string }>('documents:page', { id: ids.april, page: evidence.page });
    expect(page.text).toContain(evidence.quote);
  });

  it('lists the conflicts: an allergy against NKDA, a medication active in one and stopped in another', async () => {
    const john = await get((await patientOf(ids.january)).id);
    const byKind = Object.fromEntries(john.conflicts.map((c) => [c.kind, c]));
    expect(Object.keys(byKind).sort()).toEqual(['allergy', 'medication']);
    expect(byKind.allergy!.sides.map((s) => [s.documentId, s.text])).toEqual([[ids.january, 'Allergy: Penicillin'], [ids.april, 'No known allergies']]);
    expect(byKind.medication!.label).toContain('Lisinopril');
    expect(byKind.medication!.sides.map((s) => s.documentId).sort()).toEqual([ids.january, ids.april].sort());
  });

  it('refuses bad ids, merging a patient with itself and splitting a document it does not have, with the archive unchanged', async () => {
    const before = await list();
    const john = await patientOf(ids.january);
    const jane = await patientOf(ids.jane);
    expect(await errorCode('patients:get', { patientId: 987654 })).toBe('not_found');
    expect(await errorCode('patients:get', { patientId: -1 })).toBe('invalid_request');
    expect(await errorCode('patients:get', { patientId: '1; DROP TABLE patients' })).toBe('invalid_request');
    expect(await errorCode('patients:merge', { patientId: john.id, otherId: john.id })).toBe('invalid_request');
    expect(await errorCode('patients:merge', { patientId: john.id, otherId: 987654 })).toBe('not_found');
    expect(await errorCode('patients:split', { patientId: john.id, documentIds: [ids.jane] })).toBe('invalid_request');
    expect(await errorCode('patients:split', { patientId: john.id, documentIds: [] })).toBe('invalid_request');
    expect(await errorCode('patients:split', { patientId: jane.id, documentIds: [ids.jane] })).toBe('invalid_request');
    expect(await errorCode('patients:keepApart', { patientId: jane.id, otherId: jane.id })).toBe('invalid_request');
    expect(await list()).toEqual(before);
  });

  it('keeps a person\'s merge and split across a reopen; the merged patient shows its differing dates of birth', async () => {
    const john = await patientOf(ids.january);
    const other = await patientOf(ids.otherJohn);
    const merged = await call<{ patient: PatientSummary }>('patients:merge', { patientId: john.id, otherId: other.id });
    expect(merged.patient).toMatchObject({ id: john.id, documents: 3, differing: ['dob'], decided: true });
    expect((await list()).suggestions).toEqual([]);
    const dob = (await get(john.id)).conflicts.find((c) => c.kind === 'dob')!;
    expect(dob.sides.map((s) => s.text).sort()).toEqual(['03/14/1962', '05/02/1970', 'March 14, 1962']);
    expect(await errorCode('patients:get', { patientId: other.id })).toBe('not_found');

    const dir = archive.dir;
    await archive.services.dispose();
    await open(dir);
    expect(await documentsOf(john.id)).toEqual([ids.january, ids.april, ids.otherJohn]);

    const split = await call<{ patient: PatientSummary }>('patients:split', { patientId: john.id, documentIds: [ids.otherJohn] });
    expect(split.patient).toMatchObject({ documents: 1, dob: '1970-05-02', decided: true });
    await archive.services.dispose();
    await open(dir);
    expect(await documentsOf(john.id)).toEqual([ids.january, ids.april]);
    expect(await documentsOf(split.patient.id)).toEqual([ids.otherJohn]);
    // Split apart by a person: suggested again, until kept apart.
    expect((await list()).suggestions).toHaveLength(1);
    await call('patients:keepApart', { patientId: split.patient.id, otherId: john.id });
    expect((await list()).suggestions).toEqual([]);
  });

  it('regroups on a person\'s correction: the corrected identifiers win over the model\'s', async () => {
    const jane = await patientOf(ids.jane);
    expect(jane.name).toBe('Doe, Jane');
    const ref = { documentId: ids.jane, template: 'clinical-record' };
    await call('extraction:edit', { ...ref, field: 'patient_name', value: 'smith, john' });
    await call('extraction:edit', { ...ref, field: 'date_of_birth', value: '3/14/1962' });
    await call('extraction:edit', { ...ref, field: 'mrn', value: 'MRN 0012345' });
    const john = await patientOf(ids.january);
    expect(await documentsOf(john.id)).toEqual([ids.january, ids.april, ids.jane]);
    expect((await list()).patients.some((p) => p.name === 'Doe, Jane')).toBe(false);
    const doc = (await get(john.id)).documents.find((d) => d.documentId === ids.jane)!;
    expect(doc).toMatchObject({ identifiers: { name: 'smith, john', dob: '3/14/1962', mrn: 'MRN 0012345' }, reviewed: ['name', 'dob', 'mrn'], pinned: false });
  });

  it('CLI: patients list and show over the same archive', async () => {
    const john = await patientOf(ids.january);
    const dir = archive.dir;
    await archive.services.dispose(); // the CLI opens the archive itself
    const listed = await runCli(['patients', 'list', '--archive', dir, '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(json<{ patients: PatientSummary[] }>(listed).patients.find((p) => p.id === john.id)).toMatchObject({ name: 'Smith, John', documents: 3 });
    const shown = await runCli(['patients', 'show', String(john.id), '--archive', dir]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('Type 2 diabetes [active]');
    expect(shown.stdout).not.toContain('chest pain');
    const missing = await runCli(['patients', 'show', '987654', '--archive', dir]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/No patient 987654/);
    const bad = await runCli(['patients', 'show', '1;2', '--archive', dir]);
    expect(bad.code).toBe(2);
    await open(dir);
  });

  it('erases the patients with their documents', async () => {
    const { db } = archive.services;
    const count = (table: string): number => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect(count('patients')).toBe(2);
    expect(count('patients_kept_apart')).toBe(1);
    const lone = await patientOf(ids.otherJohn);
    await archive.services.erasure.deleteDocument(ids.otherJohn, 'cli');
    // The trigger removed the emptied patient (and the pair it was kept apart in) on delete, before any list.
    expect(count('patients')).toBe(1);
    expect(count('patients_kept_apart')).toBe(0);
    expect(await errorCode('patients:get', { patientId: lone.id })).toBe('not_found');
    for (const id of [ids.january, ids.april, ids.jane]) await archive.services.erasure.deleteDocument(id, 'cli');
    expect([count('patients'), count('patient_documents')]).toEqual([0, 0]);
    expect((await list()).patients).toEqual([]);
  });
});
