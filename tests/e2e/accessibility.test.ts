// axe-core on every screen of the real page in Chromium: 0 serious or critical violations on
// the library (with a failed import needing attention), the reader with each side-panel tab
// (and a field row focused), search results, batches, models, templates and the editor, the
// table (empty, then with rows and its column picker open), the access log, the patients, the
// Archive dialog, the welcome's four steps and the lock screen. The walk is one test per theme
// (the OS preference, which the app follows), so the app starts once for each.
// ABSTRACTOR_SCREENSHOTS=<dir> (npm run screenshots) also saves every screen of the walk there, in
// both themes at 1440 and 1024 px wide, for a reviewer to look at.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTinyModel } from '../fixtures/gguf-writer';
import { importPatientNotes } from '../fixtures/patient-notes';
import { servicesAgreementPdf } from '../fixtures/pdfs';
import { axeViolations, type AxeFinding } from '../helpers/axe';
import { openApp, type App } from '../helpers/e2e-app';

const TEMPLATE = 'nda';
const SCREENSHOTS = process.env['ABSTRACTOR_SCREENSHOTS'];
const WIDTHS = SCREENSHOTS ? [1440, 1024] : [1280];
const LOOKS = (['light', 'dark'] as const).flatMap((theme) => WIDTHS.map((width) => ({ theme, width })));

describe.each(LOOKS)('accessibility of every screen (axe-core), $theme theme, $width px', ({ theme, width }) => {
  let app: App;
  let page: Page;
  const found: Record<string, AxeFinding[]> = {};
  const badges: Record<string, string[]> = {};

  beforeAll(async () => {
    app = await openApp({
      viewport: { width, height: 800 },
      colorScheme: theme,
      async seed(services) {
        await services.models.addFromFile(await ensureTinyModel(), { mode: 'reference' });
        // Two notes of one patient and another of the same name (a suggested merge), imported
        // first so the contract stays the library's newest document.
        await importPatientNotes(services, ['january', 'april', 'otherJohn']);
        const [outcome] = await services.importer.importMany([
          { key: 'c', name: 'contract.pdf', data: servicesAgreementPdf() },
          { key: 'x', name: 'notes.pdf', data: new TextEncoder().encode('plain text, not a PDF') },
        ]);
        if (outcome?.kind !== 'imported') throw new Error('fixture import failed');
        // A value with evidence, so the Extract tab shows a field as a reviewed run would.
        const text = services.archive.getPage(outcome.document.id, 1).text;
        const start = text.indexOf('Acme Corp');
        services.extraction.addFromSelection(outcome.document.id, TEMPLATE, 'parties', { page: 1, start, end: start + 'Acme Corp'.length });
      },
    });
    page = app.page;
  });

  afterAll(() => app?.close());

  async function check(screen: string) {
    found[screen] = await axeViolations(page);
    // Badges read in sentence case on every screen (issue 12: some were lower case).
    const lowerBadges = (await page.evaluate(`[...document.querySelectorAll('.badge')].map((b) => b.textContent.trim()).filter((t) => /^[a-z]/.test(t))`)) as string[];
    if (lowerBadges.length > 0) badges[screen] = lowerBadges;
    if (SCREENSHOTS) {
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      const name = `${theme}-${width}-${screen.replace(/[^a-z0-9]+/gi, '-').replace(/-+$/, '')}.png`;
      await page.screenshot({ path: path.join(SCREENSHOTS, name) });
    }
  }

  /** A header button to its screen, then the check. */
  async function visit(button: string, screen: string, name: string) {
    await page.getByTestId(button).click();
    await page.getByTestId(screen).waitFor();
    await check(name);
  }

  it('finds no serious or critical violation on any screen', async () => {
    // The app follows the OS preference until the user picks a theme.
    expect(await page.evaluate('document.documentElement.dataset.theme')).toBe(theme);
    await page.getByTestId('needs-attention').waitFor();
    await page.getByTestId('library-row').first().waitFor();
    await check('library');

    await page.getByTestId('library-row').first().locator('.library-row__title').click();
    await page.getByTestId('document-view').waitFor();
    await page.getByTestId('pdf-page').locator('canvas').first().waitFor();
    await expect.poll(() => page.getByTestId('page-text').innerText()).toContain('Acme Corp');
    await check('reader · text');
    await page.getByTestId('summary-tab').click();
    await page.getByTestId('summary-start').waitFor();
    await check('reader · summary');
    await page.getByTestId('extract-tab').click();
    const select = page.getByTestId('extract-template');
    await expect.poll(() => select.locator('option').count()).toBeGreaterThan(1);
    await select.selectOption(TEMPLATE);
    const row = page.locator('[data-testid=field-row][data-field-key=parties]');
    await row.waitFor();
    await row.locator('.field-row__label').click();
    await check('reader · extract, a field focused');

    await page.getByTestId('search-input').fill('agreement');
    await page.getByTestId('search-input').press('Enter');
    await page.getByTestId('search-hit').first().waitFor({ timeout: 15_000 });
    await check('search results');

    await visit('header-batches', 'batches-screen', 'batches');

    await visit('header-models', 'models-screen', 'models');

    await page.getByTestId('header-templates').click();
    await page.getByTestId('templates-screen').waitFor();
    await page.getByTestId('template-item').first().click();
    await page.getByTestId('template-editor').waitFor();
    await check('templates · built-in');
    await page.getByTestId('template-new').click();
    await page.getByTestId('template-name').waitFor();
    await check('templates · new template editor');

    await visit('header-grid', 'grid-screen', 'table');
    // The fixture's template: rows, one cell focused, the column picker open.
    await page.getByTestId('grid-template').selectOption(TEMPLATE);
    await page.getByTestId('grid-row').first().waitFor();
    await page.locator('[data-testid=grid-table] [tabindex="0"]').focus();
    await page.keyboard.press('ArrowRight');
    await page.getByTestId('grid-columns').locator('summary').click();
    await check('table · rows, a cell focused, column picker open');
    await page.getByTestId('grid-columns').locator('summary').click();

    await page.getByTestId('header-access-log').click();
    await page.locator('#access-log-title').waitFor();
    await check('access log');

    await visit('header-deadlines', 'deadlines', 'deadlines');
    await visit('header-clauses', 'clauses', 'clauses');

    await page.getByTestId('header-patients').click();
    await page.getByTestId('patient-page').getByTestId('patient-lab').first().waitFor();
    await check('patients');

    await page.getByTestId('header-playbooks').click();
    // The playbook of the fixture's template, so its results list the contract.
    await page.locator('[data-testid=playbook-item][data-playbook=nda-standard]').click();
    await page.getByTestId('playbook-result-row').first().waitFor();
    await check('playbooks');
    await page.getByTestId('playbook-result-row').first().getByTestId('playbook-open-report').click();
    await page.getByTestId('playbook-report-row').first().waitFor();
    await check('playbook report');
    await page.getByTestId('header-playbooks').click();
    await page.locator('[data-testid=playbook-item][data-playbook=nda-standard]').click();
    await page.getByTestId('playbook-in-table').click();
    await page.getByTestId('grid-playbook-group').waitFor();
    await check('table · playbook column group');

    await page.getByTestId('header-archive').click();
    await page.locator('dialog[open]').waitFor();
    await check('archive dialog');
    await page.keyboard.press('Escape');
    await page.locator('dialog[open]').waitFor({ state: 'detached' });

    // The welcome, reopened from Help: each of its four steps.
    await page.getByTestId('header-help').click();
    for (const step of [0, 1, 2, 3]) {
      await page.locator(`[data-testid=welcome-step][data-step="${step}"]`).waitFor();
      if (step === 2) await page.getByTestId('welcome-model').or(page.getByTestId('welcome-no-model')).waitFor({ timeout: 15_000 });
      await check(`welcome · step ${step + 1}`);
      if (step < 3) await page.getByTestId('welcome-next').click();
    }
    await page.getByTestId('welcome-skip').click();
    await page.getByTestId('welcome').waitFor({ state: 'detached' });

    // Ctrl+L locks the app (a plaintext archive unlocks with a confirmation).
    await page.keyboard.press('Control+l');
    await page.getByTestId('app-lock').waitFor();
    await check('app lock');
    await page.getByTestId('app-lock-unlock').click();
    await page.getByTestId('app-lock').waitFor({ state: 'detached', timeout: 15_000 });

    const failing = Object.fromEntries(Object.entries(found).filter(([, list]) => list.length > 0));
    expect(failing).toEqual({});
    expect(badges).toEqual({});
    expect(Object.keys(found)).toHaveLength(24);
    // 24 screens, each waited for and scanned by axe: a minute was the budget for 22 on a quiet machine.
  }, 90_000);
});
