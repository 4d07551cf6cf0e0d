// The evaluation harness end to end on the tiny model: a generated labeled document (no
// ../shared needed), real extraction, and a report with every metric the harness promises.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { ensureTinyModel } from '../fixtures/gguf-writer';
import { removeDir, tempDir } from '../helpers/temp-archive';
import { runEval } from '../eval/run-eval';

const dir = tempDir('abstractor-eval-test-');
afterAll(() => removeDir(dir));

it('scores a template over labeled documents', async () => {
  const labelsFile = path.join(dir, 'labels.json');
  fs.writeFileSync(
    labelsFile,
    JSON.stringify({
      template: 'contract',
      fields: ['parties', 'governing_law', 'effective_date', 'non_compete'],
      documents: [
        {
          pages: [['Agreement between Acme Corp and Beta LLC.', 'Effective Date: March 3, 2020.'], ['Governed by the laws of Ohio.']],
          values: {
            parties: { value: ['Acme Corp', 'Beta LLC'], page: 1 },
            governing_law: { value: 'Ohio', page: 2 },
            effective_date: { value: 'March 3, 2020', page: 1 },
            non_compete: { value: null },
          },
        },
        { file: 'missing/nowhere.pdf', values: {} },
      ],
    }),
  );
  const report = await runEval({
    labelsFile,
    modelPath: await ensureTinyModel(),
    settings: { maxValueChars: 8, maxListItems: 1, maxEvidence: 1, maxOutputTokens: 400 },
    engineThreads: 1,
  });
  expect(report.template).toBe('contract');
  expect(report.documents).toBe(1);
  expect(report.skipped).toEqual(['missing/nowhere.pdf']);
  expect(report.fields.map((f) => f.field)).toEqual(['parties', 'effective_date', 'governing_law', 'non_compete']);
  const parties = report.fields.find((f) => f.field === 'parties')!;
  expect(parties.recall).not.toBeNull();
  for (const f of report.fields) {
    expect(f.exact).toBeGreaterThanOrEqual(0);
    expect(f.exact).toBeLessThanOrEqual(f.normalized + 1e-9); // exact implies normalized
  }
  expect(report.seconds).toBeGreaterThan(0);
});
