// The main journey in a real browser against the real backend over the loopback bridge:
// import a PDF through the UI, see it listed, open it, search a word, land on its page.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textPdf } from '../fixtures/pdfs';
import { openApp, type App } from '../helpers/e2e-app';

describe('library journey in Chromium', () => {
  let app: App;
  let page: Page;

  beforeAll(async () => {
    app = await openApp();
    page = app.page;
  });

  afterAll(() => app?.close());

  it('imports, lists, opens, searches and lands on the right page', async () => {
    const pdf = textPdf({
      title: 'Master Services Agreement',
      pages: [
        ['MASTER SERVICES AGREEMENT', 'between Acme Clinic and Northwind Legal LLP.'],
        ['Section 2. Fees and payment terms.', 'Invoices are due within thirty days.'],
        ['Section 9. Governing law.', 'This agreement is governed by the laws of Ontario.', 'Zebracorn clause applies.'],
      ],
    });
    await page.getByTestId('import-input').setInputFiles({
      name: 'msa.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(pdf),
    });

    const row = page.getByTestId('library-row').filter({ hasText: 'Master Services Agreement' });
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => row.innerText()).toMatch(/3/);

    await row.click();
    await page.getByTestId('document-view').waitFor();
    await expect.poll(() => page.getByTestId('current-page').innerText()).toBe('1');
    await expect.poll(() => page.getByTestId('page-text').innerText()).toContain('MASTER SERVICES AGREEMENT');

    await page.getByTestId('search-input').fill('zebracorn');
    await page.getByTestId('search-input').press('Enter');
    const hit = page.getByTestId('search-hit').first();
    await hit.waitFor({ timeout: 15_000 });
    expect(await hit.innerText()).toMatch(/zebracorn/i);
    await hit.click();

    await page.getByTestId('document-view').waitFor();
    await expect.poll(() => page.getByTestId('current-page').innerText()).toBe('3');
    await expect.poll(() => page.getByTestId('page-text').innerText()).toContain('Zebracorn clause applies.');
  });
});
