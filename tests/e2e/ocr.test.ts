// OCR'd pages in the reader, in a real browser against the real backend: a scan imported and
// read by OCR shows its text with an "OCR nn%" badge, and a search for a word on the scan
// lands on its page.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scannedPdf, SCAN_LINES } from '../fixtures/scans';
import { openApp, type App } from '../helpers/e2e-app';

describe('OCR pages in the reader', () => {
  let app: App;
  let page: Page;

  beforeAll(async () => {
    app = await openApp({
      async seed(services) {
        const [outcome] = await services.importer.importMany([
          { key: 'scan', name: 'scanned-agreement.pdf', data: scannedPdf([{ scan: SCAN_LINES }, { scan: ['Second page of the scan.'] }], { title: 'Scanned agreement' }) },
        ]);
        if (outcome?.kind !== 'imported') throw new Error('the scan did not import');
        // Only page 1 is read: page 2 stays waiting, so both states show.
        const controller = new AbortController();
        await services.ocr
          .recognizeDocument(outcome.document.id, { signal: controller.signal, onPage: (done) => done === 1 && controller.abort() })
          .catch(() => {});
      },
    });
    page = app.page;
  });

  afterAll(() => app?.close());

  it('shows the OCR text with its confidence, and the page still waiting as needing OCR', async () => {
    await page.getByTestId('search-input').fill('Northwind');
    await page.getByTestId('search-input').press('Enter');
    const hit = page.getByTestId('search-hit').first();
    await hit.waitFor({ timeout: 15_000 });
    await hit.click();

    await page.getByTestId('document-view').waitFor();
    await expect.poll(() => page.getByTestId('current-page').innerText()).toBe('1');
    await expect.poll(() => page.getByTestId('page-text').innerText()).toContain('Northwind Traders');
    const badge = page.getByTestId('ocr-badge');
    await expect.poll(() => badge.innerText()).toMatch(/^OCR \d+%$/);
    expect(await badge.getAttribute('data-low')).toBe('false');

    await page.getByTestId('page-list-item').nth(1).click();
    await expect.poll(() => page.getByTestId('current-page').innerText()).toBe('2');
    await expect.poll(() => page.getByTestId('page-text').innerText()).toContain('This page needs OCR');
    expect(await page.getByTestId('ocr-badge').count()).toBe(0);
  });
});
