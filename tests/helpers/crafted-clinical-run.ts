// A clinical note with negated, family, historical and possible findings, and a crafted
// clinical-record run over it: the answers a model would write (rows citing numbered lines)
// go through the same grounding, merging and store as a real run. A random-weight model
// cannot write them, so tests of what happens to the values use this.
import type { Services } from '../../electron/main/services/compose';
import { candidateFromAnswer, mergeCandidates } from '../../electron/main/services/extraction/grounding';
import { numberLines, type NumberedLine } from '../../electron/main/services/extraction/numbered-text';

export const CLINICAL_TEMPLATE = 'clinical-record';

export const CLINICAL_NOTE: string[][] = [
  [
    'Clinic note',
    'HISTORY OF PRESENT ILLNESS: Cough for three days.',
    'Patient denies chest pain.',
    'No history of diabetes.',
    'FAMILY HISTORY: Breast cancer.',
    'PAST MEDICAL HISTORY: Hypertension.',
  ],
  ['ASSESSMENT: Community acquired pneumonia.', 'Rule out pulmonary embolism.', 'MEDICATIONS: Lisinopril 10 mg daily.', 'Metformin 500 mg PO BID x 30 days, OD.', 'ALLERGIES: Penicillin (hives).'],
];

/** The problems the crafted run lists, in order, with the label each must get. */
export const CRAFTED_PROBLEMS: ReadonlyArray<readonly [string, string]> = [
  ['chest pain', 'negated'],
  ['diabetes', 'negated'],
  ['Breast cancer', 'family'],
  ['Hypertension', 'historical'],
  ['Community acquired pneumonia', 'affirmed'],
  ['pulmonary embolism', 'possible'],
];

type Answers = (lines: readonly NumberedLine[], cite: (words: string) => string[]) => Record<string, unknown>;

/** The answers for CLINICAL_NOTE: CRAFTED_PROBLEMS, two medications (one with a part no rule reads), one allergy. */
const noteAnswers: Answers = (_lines, cite) => ({
  problems_and_diagnoses: CRAFTED_PROBLEMS.map(([diagnosis]) => ({ evidence: cite(diagnosis), diagnosis, icd10_code: null, status: null })),
  medications: [
    { evidence: cite('Lisinopril'), name: 'Lisinopril', dose: '10 mg', route: null, frequency: 'daily' },
    { evidence: cite('Metformin'), name: 'Metformin', dose: '500 mg', route: 'PO', frequency: 'BID x 30 days, OD' },
  ],
  allergies: [{ evidence: cite('Penicillin'), substance: 'Penicillin', reaction: 'hives' }],
});

/** A finished clinical-record run on the document with the given answers (those for CLINICAL_NOTE by default). */
export function applyCraftedClinicalRun(services: Services, documentId: number, answersFor: Answers = noteAnswers): number {
  const { extraction } = services;
  const template = extraction.templates.get(CLINICAL_TEMPLATE);
  const lines = numberLines(services.archive.iteratePages(documentId));
  const byId = new Map(lines.map((l) => [l.id, l]));
  const cite = (words: string): string[] => {
    const line = lines.find((l) => l.text.includes(words));
    if (!line) throw new Error(`no line with "${words}" in ${JSON.stringify(lines.map((l) => l.text))}`);
    return [line.id];
  };
  const answers = answersFor(lines, cite);
  const runId = extraction.runs.create({ documentId, profile: CLINICAL_TEMPLATE, promptVersion: 'crafted', settings: {}, pagesTotal: CLINICAL_NOTE.length });
  const pages = extraction.fields.pageSource(documentId);
  const merged = new Map(
    Object.entries(answers).map(([key, answer]) => {
      const field = template.fields.find((f) => f.key === key)!;
      return [key, mergeCandidates(field, [candidateFromAnswer(field, answer, byId, pages, runId)], runId)];
    }),
  );
  extraction.fields.applyRun(documentId, template, runId, merged);
  extraction.runs.finish(runId, { status: 'done', tokens: { input: 0, output: 0 }, timings: {}, pagesRead: CLINICAL_NOTE.length, output: null });
  return runId;
}
