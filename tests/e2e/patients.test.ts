// The Patients screen in Chromium over the bridge: clinical notes imported for real with
// crafted clinical-record runs (tests/fixtures/patient-notes.ts). The two notes of one John
// Smith (written differently) are one patient; the other John Smith (another date of birth)
// is a suggested merge, not merged. The patient's problem list holds his diabetes and none of
// the negated, family or possible findings; a lab point opens the reader on its evidence
// page; a suggested merge and a split change the list.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPatientNotes, type NoteName } from '../fixtures/patient-notes';
import { openApp, type App } from '../helpers/e2e-app';

describe('patients in Chromium', () => {
  let app: App;
  let page: Page;
  let ids: Record<NoteName, number>;

  beforeAll(async () => {
    app = await openApp({
      viewport: { width: 1400, height: 900 },
      async seed(services) {
        ids = await importPatientNotes(services, ['january', 'april', 'otherJohn']);
      },
    });
    page = app.page;
  });

  afterAll(() => app?.close());

  const items = () => page.getByTestId('patient-item');

  it('groups the notes by patient and shows the timeline without the negated, family or possible findings', async () => {
    await page.getByTestId('header-patients').click();
    await page.getByTestId('patients').waitFor();
    await expect.poll(() => items().count()).toBe(2);
    expect(await page.getByTestId('patient-suggestion').count()).toBe(1);
    expect(await page.getByTestId('patient-suggestion').textContent()).toContain('date of birth differs');

    await items().filter({ hasText: '2 documents' }).click();
    const patient = page.getByTestId('patient-page');
    await expect.poll(() => patient.getByTestId('patient-document').count()).toBe(2);
    expect(await patient.getByTestId('patient-problem').allTextContents()).toEqual([expect.stringContaining('Type 2 diabetes')]);
    const text = (await patient.textContent()) ?? '';
    for (const absent of ['chest pain', 'Breast cancer', 'pulmonary embolism']) expect(text).not.toContain(absent);
    expect(await patient.getByTestId('patient-conflict').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual(['allergy', 'medication']);
    expect(await patient.getByTestId('lab-chart-point').count()).toBe(2);
  });

  it('opens a lab point\'s evidence on its page in the reader', async () => {
    const april = page.getByTestId('patient-lab-point').filter({ hasText: '7.2' });
    await april.getByTestId('patient-evidence').click();
    await page.getByTestId('document-view').waitFor();
    await expect.poll(() => page.locator('[data-testid=pdf-page][data-current=true]').getAttribute('data-page-number')).toBe('2');
    // The Extract tab has the labs field focused and its evidence highlighted on that page.
    await expect.poll(() => page.locator('[data-testid=field-row][data-field-key=labs]').getAttribute('aria-current')).toBe('true');
    await expect.poll(() => page.getByTestId('highlight').count()).toBeGreaterThan(0);
    await page.getByTestId('header-patients').click();
    await page.getByTestId('patients').waitFor();
  });

  it('merges on a suggestion and splits a document off again', async () => {
    await page.getByTestId('patient-suggestion-merge').click();
    await expect.poll(() => items().count()).toBe(1);
    const patient = page.getByTestId('patient-page');
    await expect.poll(() => patient.getByTestId('patient-document').count()).toBe(3);
    await expect.poll(() => patient.getByTestId('patient-conflict').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toContain('dob');

    await patient.locator(`[data-testid=patient-document][data-document-id="${ids.otherJohn}"]`).getByTestId('patient-split').click();
    await expect.poll(() => items().count()).toBe(2);
    // A person split them: still suggested, and "Keep apart" ends that.
    await page.getByTestId('patient-suggestion-keep-apart').click();
    await expect.poll(() => page.getByTestId('patient-suggestion').count()).toBe(0);
  });
});
