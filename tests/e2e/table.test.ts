// The Table screen in Chromium (issue 12): it opens on the template with the most runs and lists
// every document of its domain, those not extracted too, each with a button that queues its
// extraction on the job queue; the grid is one tab stop moved by the arrow keys (Home/End,
// header row included), Enter opens a cell's evidence; columns resize by keyboard and by
// dragging, a column picker hides fields, both remembered per template; wrapping shows long
// values whole, and citations read "p. 1" (on the Extract tab too, with sentence-case badges).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textPdf } from '../fixtures/pdfs';
import { openApp, type App } from '../helpers/e2e-app';

const TEMPLATE = 'lease-abstract';
const LANDLORD = 'Landlord: Northwind Property Holdings LLC.';
const LONG_USE = 'General office use, including software development, client meetings, training sessions and storage of records ancillary to that use';

describe('the Table in Chromium', () => {
  let app: App;
  let page: Page;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    app = await openApp({
      viewport: { width: 1280, height: 800 },
      async seed(services) {
        for (const title of ['Lease Alpha', 'Lease Beta', 'Lease Gamma']) {
          const pdf = textPdf({ title, pages: [[title.toUpperCase(), LANDLORD, 'The tenant pays rent monthly.']] });
          const [outcome] = await services.importer.importMany([{ key: title, name: `${title}.pdf`, data: pdf }]);
          if (outcome?.kind !== 'imported') throw new Error(`import of ${title} failed`);
          services.archive.updateDocument(outcome.document.id, { domain: 'legal' });
          ids[title] = outcome.document.id;
        }
        // Runs of the lease template (the most run one) on Alpha, with a value with evidence;
        // a long value on Beta; Gamma never extracted.
        const runs = services.extraction.runs;
        for (const id of [ids['Lease Alpha']!, ids['Lease Beta']!]) {
          const run = runs.create({ documentId: id, profile: TEMPLATE, promptVersion: 'test', settings: {}, pagesTotal: 1 });
          runs.finish(run, { status: 'done', tokens: { input: 0, output: 0 }, timings: {}, pagesRead: 1, output: {} });
        }
        const alpha = ids['Lease Alpha']!;
        const text = services.archive.getPage(alpha, 1).text;
        const start = text.indexOf('Northwind Property Holdings LLC');
        services.extraction.addFromSelection(alpha, TEMPLATE, 'landlord', { page: 1, start, end: start + 'Northwind Property Holdings LLC'.length });
        services.extraction.edit(ids['Lease Beta']!, TEMPLATE, 'permitted_use', LONG_USE);
      },
    });
    page = app.page;
    await page.getByTestId('header-grid').click();
    await page.getByTestId('grid-screen').waitFor();
  });

  afterAll(() => app?.close());

  const row = (title: string) => page.locator(`[data-testid=grid-row][data-document-id="${ids[title]}"]`);
  const cell = (title: string, field: string) => row(title).locator(`[data-testid=grid-cell][data-field-key=${field}]`);
  const head = (key: string) => page.locator(`[data-testid=grid-head][data-column="${key}"]`);
  const focusedCell = () => page.evaluate(`document.activeElement && document.activeElement.getAttribute('data-cell')`);
  const tabStops = () => page.locator('[data-testid=grid-table] [tabindex="0"]').count();
  const width = async (key: string) => (await head(key).boundingBox())!.width;

  it('opens on the template with the most runs, listing the documents not extracted with a button that queues their run', async () => {
    await expect.poll(() => page.getByTestId('grid-template').inputValue()).toBe(TEMPLATE);
    await expect.poll(() => page.getByTestId('grid-row').count()).toBe(3);
    expect(await page.getByTestId('grid-count').innerText()).toBe('3 documents');
    expect(await cell('Lease Alpha', 'landlord').locator('.grid-cell__text').innerText()).toBe('Northwind Property Holdings LLC');
    // A citation reads "p. 1".
    expect(await cell('Lease Alpha', 'landlord').getAttribute('title')).toMatch(/, p\. 1\)$/);
    expect(await cell('Lease Gamma', 'landlord').innerText()).toBe('Not extracted');

    const extract = row('Lease Gamma').getByTestId('grid-extract');
    expect(await extract.getAttribute('aria-label')).toBe('Extract: Lease Gamma');
    await extract.click();
    await expect.poll(() => app.services.jobs.list().filter((j) => j.kind === 'extract' && j.documentId === ids['Lease Gamma']).length).toBe(1);
    // Queued, then run (and, with no model here, failed): never offered as not extracted again.
    await expect.poll(() => row('Lease Gamma').getByTestId('grid-run').getAttribute('data-state')).not.toBe('none');
  });

  it('is one tab stop moved by the arrow keys, Home and End, and Enter opens the cell\'s evidence', async () => {
    expect(await tabStops()).toBe(1);
    await page.locator('[data-testid=grid-table] [tabindex="0"]').focus();
    // The tab stop is where the person left the grid: the Extraction cell of Lease Gamma.
    expect(await focusedCell()).toBe('2:1');
    const steps: Array<[string, string]> = [
      ['Control+Home', '0:0'],
      ['ArrowRight', '0:1'],
      ['ArrowRight', '0:2'],
      ['ArrowDown', '1:2'],
      ['End', '1:15'],
      ['Home', '1:0'],
      ['ArrowUp', '0:0'],
      ['ArrowUp', '-1:0'],
      ['ArrowUp', '-1:0'],
      ['Control+End', '2:15'],
      ['Control+Home', '0:0'],
    ];
    for (const [key, expected] of steps) {
      await page.keyboard.press(key);
      await expect.poll(focusedCell, { message: key }).toBe(expected);
      expect(await tabStops()).toBe(1);
    }
    // The Landlord cell of Lease Alpha (first row, fourth column): its evidence on the Extract tab.
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await focusedCell()).toBe('0:3');
    await page.keyboard.press('Enter');
    await page.getByTestId('document-view').waitFor();
    const field = page.locator('[data-testid=field-row][data-field-key=landlord]');
    await field.waitFor();
    // Issue 12: the Extract tab cites as the Table and the Summary do, and its badges are in sentence case.
    expect(await field.getByTestId('evidence-chip').first().innerText()).toBe('p. 1');
    const badges = await field.locator('.badge').allInnerTexts();
    expect(badges.length).toBeGreaterThan(0);
    for (const badge of badges) expect(badge).toMatch(/^[A-Z0-9]/);
    await page.keyboard.press('Alt+ArrowLeft');
    await page.getByTestId('grid-screen').waitFor();
  });

  it('resizes a column by keyboard and by its handle, and remembers the width for the template', async () => {
    await head('premises').waitFor();
    const before = await width('premises');
    await head('premises').focus();
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => width('premises')).toBeCloseTo(before + 20, 0);

    const handle = head('landlord').getByTestId('grid-resize');
    const box = (await handle.boundingBox())!;
    const landlord = await width('landlord');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    await expect.poll(() => width('landlord')).toBeCloseTo(landlord + 60, 0);

    await page.getByTestId('header-batches').click();
    await page.getByTestId('header-grid').click();
    await head('premises').waitFor();
    expect(await width('premises')).toBeCloseTo(before + 20, 0);
    expect(await width('landlord')).toBeCloseTo(landlord + 60, 0);
  });

  it('hides fields chosen in the column picker, for this template only', async () => {
    const columns = page.getByTestId('grid-columns');
    await columns.locator('summary').click();
    await columns.locator('[data-testid=grid-column-toggle][data-field-key=premises]').uncheck();
    await expect.poll(() => head('premises').count()).toBe(0);
    expect(await columns.locator('summary').innerText()).toBe('Columns (13 of 14)');
    await page.getByTestId('header-batches').click();
    await page.getByTestId('header-grid').click();
    await head('landlord').waitFor();
    expect(await head('premises').count()).toBe(0);
    // Another template has its own choice.
    await page.getByTestId('grid-template').selectOption('nda');
    await expect.poll(() => page.getByTestId('grid-head').count()).toBeGreaterThan(2);
    await page.getByTestId('grid-template').selectOption(TEMPLATE);
    await head('landlord').waitFor();
    expect(await head('premises').count()).toBe(0);
  });

  it('wraps long values whole when asked; otherwise their whole text is in the cell\'s title', async () => {
    const long = cell('Lease Beta', 'permitted_use');
    const text = long.locator('.grid-cell__text');
    await text.waitFor();
    const clipped = () => text.evaluate((el) => el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight);
    expect(await clipped()).toBe(true);
    expect(await long.getAttribute('title')).toContain(LONG_USE);
    const height = (await row('Lease Beta').boundingBox())!.height;
    await page.getByTestId('grid-wrap').check();
    await expect.poll(clipped).toBe(false);
    expect((await row('Lease Beta').boundingBox())!.height).toBeGreaterThan(height);
    // The rows below move down: none overlaps the wrapped one.
    const beta = (await row('Lease Beta').boundingBox())!;
    const gamma = (await row('Lease Gamma').boundingBox())!;
    expect(gamma.y).toBeGreaterThanOrEqual(beta.y + beta.height - 1);
  });
});
