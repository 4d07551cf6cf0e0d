// Assertion status in a real browser: after a crafted clinical-record run over a generated
// note, the Extract panel shows each problem's badge (negated and family items struck), a
// person's change of a badge is stored, and the Table view never lists a negated or family
// finding among the patient's problems: it shows them struck, apart. Medications show their
// sig as read, in the panel and the Table.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textPdf } from '../fixtures/pdfs';
import { applyCraftedClinicalRun, CLINICAL_NOTE, CLINICAL_TEMPLATE, CRAFTED_PROBLEMS } from '../helpers/crafted-clinical-run';
import { openApp, type App } from '../helpers/e2e-app';

describe('assertion status in Chromium', () => {
  let app: App;
  let page: Page;
  let documentId = 0;

  beforeAll(async () => {
    app = await openApp({
      viewport: { width: 1400, height: 900 },
      async seed(services) {
        const [outcome] = await services.importer.importMany([{ key: 'n', name: 'note.pdf', data: textPdf({ pages: CLINICAL_NOTE, title: 'Clinic note' }) }]);
        if (outcome?.kind !== 'imported') throw new Error('fixture import failed');
        documentId = outcome.document.id;
        applyCraftedClinicalRun(services, documentId);
      },
    });
    ({ page } = app);
  });

  afterAll(() => app?.close());

  const problems = () => page.locator('[data-testid=field-row][data-field-key=problems_and_diagnoses]');

  it('shows a badge per problem and stores a person\'s change', async () => {
    await page.getByTestId('library-row').filter({ hasText: 'Clinic note' }).click();
    await page.getByTestId('extract-tab').click();
    const select = page.getByTestId('extract-template');
    await expect.poll(() => select.locator('option').count()).toBeGreaterThan(1);
    await select.selectOption(CLINICAL_TEMPLATE);
    const badges = problems().getByTestId('assertion-badge');
    await expect.poll(() => badges.evaluateAll((els) => els.map((e) => e.getAttribute('data-assertion')))).toEqual(CRAFTED_PROBLEMS.map(([, label]) => label));
    expect(await problems().locator('.field-value__item--set-apart').count()).toBe(3);

    await badges.nth(5).selectOption('affirmed');
    await expect
      .poll(() => app.services.extraction.get(documentId, CLINICAL_TEMPLATE).fields.find((f) => f.key === 'problems_and_diagnoses')!.items![5]!.assertion)
      .toEqual({ label: 'affirmed', cue: null, source: 'user' });
  });

  it('shows each medication\'s sig as read, the part no rule read marked', async () => {
    const meds = page.locator('[data-testid=field-row][data-field-key=medications]');
    await expect.poll(() => meds.getByTestId('sig-view').count()).toBe(2);
    expect(await meds.getByTestId('sig-view').first().innerText()).toContain('Lisinopril · 10 mg 1/day');
    expect(await meds.getByTestId('sig-unread').allInnerTexts()).toEqual(['OD']);
  });

  it('keeps negated and family findings out of the patient\'s problems in the Table', async () => {
    await page.getByTestId('header-grid').click();
    await page.getByTestId('grid-template').selectOption(CLINICAL_TEMPLATE);
    const cell = page.locator('[data-testid=grid-cell][data-field-key=problems_and_diagnoses]').first();
    await cell.waitFor();
    const listed = await cell.locator('.grid-cell__text').innerText();
    const apart = await cell.getByTestId('grid-cell-set-apart').innerText();
    for (const [name] of CRAFTED_PROBLEMS.slice(0, 3)) {
      expect(listed).not.toContain(name);
      expect(apart).toContain(name);
    }
    expect(listed).toContain('Community acquired pneumonia');
    expect(await cell.getByTestId('grid-cell-set-apart').evaluate((e) => e.tagName)).toBe('S');
    const meds = page.locator('[data-testid=grid-cell][data-field-key=medications]').first();
    expect(await meds.locator('.grid-cell__text').innerText()).toBe('Lisinopril · 10 mg 1/day; Metformin · 500 mg 2/day for 30 day · oral [unread: OD]');
  });
});
