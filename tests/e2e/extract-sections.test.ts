// The Extract panel's sections in a real browser, over a crafted clinical-record run (no model:
// the values are the same on every machine): fields grouped under the template's headings in
// order, each heading counting what is reviewed and what needs review, a heading folding its
// rows, "Needs me" dropping sections with nothing left, n landing in a folded section and
// opening it, and the arrows walking only the rows shown.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textPdf } from '../fixtures/pdfs';
import { applyCraftedClinicalRun, CLINICAL_NOTE, CLINICAL_TEMPLATE } from '../helpers/crafted-clinical-run';
import { openApp, type App } from '../helpers/e2e-app';

describe('extract panel sections in Chromium', () => {
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
        // Problems, medications and allergies hold values nobody has reviewed; then a person
        // confirms the allergies and types the patient's name.
        applyCraftedClinicalRun(services, documentId);
        services.extraction.confirm(documentId, CLINICAL_TEMPLATE, 'allergies');
        services.extraction.edit(documentId, CLINICAL_TEMPLATE, 'patient_name', 'Jane Roe');
      },
    });
    ({ page } = app);
  });

  afterAll(() => app?.close());

  const section = (name: string) => page.locator(`[data-testid=extract-section][data-section="${name}"]`);
  const toggle = (name: string) => section(name).getByTestId('extract-section-toggle');
  const rowsIn = (name: string) => section(name).getByTestId('field-row');
  const row = (key: string) => page.locator(`[data-testid=field-row][data-field-key=${key}]`);
  const focusedKey = (): Promise<string | null> =>
    page.evaluate("document.activeElement?.closest('[data-testid=field-row]')?.getAttribute('data-field-key') ?? null");
  const shownSections = () => page.getByTestId('extract-section').evaluateAll((els) => els.map((el) => el.getAttribute('data-section')));

  it('lists the fields under their section headings, each with its review count', async () => {
    await page.getByTestId('library-row').filter({ hasText: 'Clinic note' }).click();
    await page.getByTestId('extract-tab').click();
    const select = page.getByTestId('extract-template');
    await expect.poll(() => select.locator('option').count()).toBeGreaterThan(1);
    await select.selectOption(CLINICAL_TEMPLATE);
    await page.getByTestId('extract-summary').waitFor();

    const template = app.services.extraction.templates.get(CLINICAL_TEMPLATE);
    const names = [...new Set(template.fields.map((f) => f.section!))];
    expect(names).toEqual(['Patient', 'Encounter', 'Problems', 'Medications', 'Allergies', 'Procedures & results', 'Plan']);
    await expect.poll(shownSections).toEqual(names);
    for (const name of names) {
      // An h3 holding the button that folds it.
      expect(await section(name).locator('h3 > button[aria-expanded=true]').innerText()).toBe(name);
      const keys = await rowsIn(name).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-field-key')));
      expect(keys).toEqual(template.fields.filter((f) => f.section === name).map((f) => f.key));
    }
    const counts = (name: string) => section(name).getByTestId('extract-section-counts').innerText();
    expect(await counts('Patient')).toBe('1 of 3 reviewed');
    expect(await counts('Encounter')).toBe('0 of 3 reviewed');
    expect(await counts('Problems')).toBe('0 of 1 reviewed · 1 needs review');
    expect(await counts('Medications')).toBe('0 of 1 reviewed · 1 needs review');
    expect(await counts('Allergies')).toBe('1 of 2 reviewed');
    // The sticky summary is still there.
    expect(await page.getByTestId('extract-needing').locator('..').innerText()).toContain('Needs me (2)');
  });

  it('folds and opens a section from its heading, by mouse and by keyboard', async () => {
    await toggle('Patient').click();
    await expect.poll(() => toggle('Patient').getAttribute('aria-expanded')).toBe('false');
    expect(await rowsIn('Patient').count()).toBe(0);
    expect(await rowsIn('Encounter').count()).toBe(3);
    await toggle('Patient').press('Enter');
    await expect.poll(() => rowsIn('Patient').count()).toBe(3);
    expect(await toggle('Patient').getAttribute('aria-expanded')).toBe('true');
  });

  it('"Needs me" keeps only the sections with something left to review', async () => {
    await page.getByTestId('extract-needing').check();
    await expect.poll(shownSections).toEqual(['Problems', 'Medications']);
    expect(await page.getByTestId('field-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-field-key')))).toEqual([
      'problems_and_diagnoses',
      'medications',
    ]);
    // A heading still counts its whole section.
    expect(await section('Problems').getByTestId('extract-section-counts').innerText()).toBe('0 of 1 reviewed · 1 needs review');
    await page.getByTestId('extract-needing').uncheck();
    await expect.poll(() => shownSections().then((s) => s.length)).toBe(7);
  });

  it('n lands in a folded section and opens it; the arrows skip a folded one', async () => {
    await toggle('Problems').click();
    await expect.poll(() => rowsIn('Problems').count()).toBe(0);
    // From the last row of the section before it.
    await row('chief_complaint').locator('.field-row__label').click();
    await expect.poll(focusedKey).toBe('chief_complaint');
    await page.keyboard.press('n');
    await expect.poll(focusedKey).toBe('problems_and_diagnoses');
    expect(await toggle('Problems').getAttribute('aria-expanded')).toBe('true');
    expect(await rowsIn('Problems').count()).toBe(1);

    // n again: the next one, in the next section; c confirms it and its heading counts it.
    await page.keyboard.press('n');
    await expect.poll(focusedKey).toBe('medications');
    await page.keyboard.press('c');
    await expect.poll(() => section('Medications').getByTestId('extract-section-counts').innerText()).toBe('1 of 1 reviewed');

    // p goes back to the only field still needing review, in a folded section.
    await toggle('Problems').click();
    await row('medications').locator('.field-row__label').click();
    await page.keyboard.press('p');
    await expect.poll(focusedKey).toBe('problems_and_diagnoses');
    expect(await toggle('Problems').getAttribute('aria-expanded')).toBe('true');

    // ↓ from the row before a folded section goes past it.
    await toggle('Problems').click();
    await row('chief_complaint').locator('.field-row__label').click();
    await page.keyboard.press('ArrowDown');
    await expect.poll(focusedKey).toBe('medications');
    expect(await toggle('Problems').getAttribute('aria-expanded')).toBe('false');
  });
});
