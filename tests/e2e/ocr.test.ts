// OCR'd pages in the reader, in a real browser against the real backend: a scan imported and
// read by OCR shows its text with an "OCR nn%" badge, and a search for a word on the scan
// lands on its page.
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_VERSION } from '../../electron/main/app-version';
import { BUILT_RENDERER_DIR, startBackend, type Backend } from '../../electron/main/bridge/start-backend';
import { SOURCE_ENTRIES } from '../../electron/main/source-entries';
import { scannedPdf, SCAN_LINES } from '../fixtures/scans';
import { launchChromium } from '../helpers/browser';
import { makeTempDir } from '../helpers/temp-dir';

describe('OCR pages in the reader', () => {
  const temp = makeTempDir();
  let backend: Backend;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!fs.existsSync(BUILT_RENDERER_DIR)) throw new Error('Build the renderer first (npm run test:e2e does).');
    backend = await startBackend({ archiveDir: temp.dir, entries: SOURCE_ENTRIES, version: APP_VERSION, staticDir: BUILT_RENDERER_DIR });
    const { services } = backend;
    const [outcome] = await services.importer.importMany([
      { key: 'scan', name: 'scanned-agreement.pdf', data: scannedPdf([{ scan: SCAN_LINES }, { scan: ['Second page of the scan.'] }], { title: 'Scanned agreement' }) },
    ]);
    if (outcome?.kind !== 'imported') throw new Error('the scan did not import');
    // Only page 1 is read: page 2 stays waiting, so both states show.
    const controller = new AbortController();
    await services.ocr
      .recognizeDocument(outcome.document.id, { signal: controller.signal, onPage: (done) => done === 1 && controller.abort() })
      .catch(() => {});
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (err) => console.error('[page error]', err));
    await page.goto(backend.bridge.pageUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await backend?.close();
    temp.cleanup();
  });

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
