// A discharge note and a crafted model answer for it: one correct bullet per kind of claim,
// a wrong date, a wrong dose, a drug not in the document and a bullet citing the wrong page.
// The answer is given as the job's stored step (generation-memo.ts), the way a resumed run
// replays a finished generation, so the real summarizer, checks and store handle it while a
// real (random-weight) model is loaded. Shared by the integration and e2e tests.
import type { StepStore } from '../../electron/main/services/runs/generation-memo';

export const SUMMARY_NOTE: string[][] = [
  ['Discharge summary', 'Admitted 03/04/2024 with community acquired pneumonia.', 'Home medications: lisinopril 5 mg daily.'],
  ['Metformin 500 mg twice daily was continued.', 'Hemoglobin A1c 7.2% on March 1, 2024.', 'Follow-up in 2 weeks.'],
];

export const CRAFTED_SUMMARY = {
  problems: [
    { text: 'Admitted March 4, 2024 with community acquired pneumonia.', pages: [1] },
    { text: 'Admitted on 3/14/2024.', pages: [1] },
  ],
  medications: [
    { text: 'Lisinopril 50 mg daily.', pages: [1] },
    { text: 'Metformin 500 mg twice daily; started atorvastatin 40 mg.', pages: [2] },
    { text: 'Metformin 500 mg twice daily.', pages: [1] },
  ],
  findings: [{ text: 'A1c 7.2% on 2024-03-01.', pages: [2] }],
  allergies: [],
  procedures: [],
  plan: [{ text: 'Follow-up in two weeks.', pages: [2] }],
};

/** Each crafted bullet with its expected support: status and the claims not on its cited pages. */
export const CRAFTED_SUPPORT: Readonly<Record<string, readonly [string, readonly string[]]>> = {
  'Admitted March 4, 2024 with community acquired pneumonia.': ['supported', []],
  'Admitted on 3/14/2024.': ['check', ['3/14/2024']],
  'Lisinopril 50 mg daily.': ['check', ['50 mg']],
  'Metformin 500 mg twice daily; started atorvastatin 40 mg.': ['check', ['40 mg', 'atorvastatin']],
  // True of the document, but not of the page it cites.
  'Metformin 500 mg twice daily.': ['check', ['500 mg', 'Metformin']],
  'A1c 7.2% on 2024-03-01.': ['supported', []],
  'Follow-up in two weeks.': ['supported', []],
};

/** Steps that answer every generation request with `answer`. */
export function craftedAnswer(answer: unknown = CRAFTED_SUMMARY): StepStore {
  const text = JSON.stringify(answer);
  const result = { requestId: 'crafted', text, stopReason: 'eos', tokensIn: 100, tokensCached: 0, tokensOut: 50, timings: { queuedMs: 0, prefillMs: 0, firstTokenMs: 0, totalMs: 0 } };
  return { get: () => JSON.stringify(result), put: () => undefined };
}
