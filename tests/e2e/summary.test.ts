// A summary from the document view in a real browser: with a model installed, start a run,
// watch the model's output stream in, and cancel it from the UI. The tiny random-weight
// model keeps generating, so only the cancel can end the run quickly.
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_VERSION } from '../../electron/main/app-version';
import { BUILT_RENDERER_DIR, startBackend, type Backend } from '../../electron/main/bridge/start-backend';
import { SOURCE_ENTRIES } from '../../electron/main/source-entries';
import { ensureTinyModel } from '../fixtures/gguf-writer';
import { textPdf } from '../fixtures/pdfs';
import { launchChromium } from '../helpers/browser';
import { makeTempDir } from '../helpers/temp-dir';

describe('summary panel in Chromium', () => {
  const temp = makeTempDir();
  let backend: Backend;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!fs.existsSync(BUILT_RENDERER_DIR)) throw new Error('Build the renderer first (npm run test:e2e does).');
    backend = await startBackend({
      archiveDir: temp.dir,
      entries: SOURCE_ENTRIES,
      version: APP_VERSION,
      staticDir: BUILT_RENDERER_DIR,
      // A model of a few million parameters runs fastest on one thread.
      engineThreads: 1,
    });
    await backend.services.models.addFromFile(await ensureTinyModel(), { mode: 'reference' });
    const pdf = textPdf({ title: 'Discharge note', pages: [['Patient admitted with pneumonia.', 'Started on amoxicillin 500 mg.'], ['Discharged home in stable condition.']] });
    const [outcome] = await backend.services.importer.importMany([{ key: 'n', name: 'note.pdf', data: pdf }]);
    if (outcome?.kind !== 'imported') throw new Error('fixture import failed');
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(backend.bridge.pageUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await backend?.close();
    temp.cleanup();
  });

  it('streams the model output and cancels on request', async () => {
    await page.getByTestId('library-row').filter({ hasText: 'Discharge note' }).click();
    await page.getByTestId('document-view').waitFor();
    await page.getByTestId('summary-tab').click();
    await page.getByTestId('summary-start').click();

    const status = page.getByTestId('summary-status');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 30_000 }).toBe('running');
    // Tokens arrive as events and land in the output view.
    await expect.poll(async () => (await page.getByTestId('summary-output').innerText()).length, { timeout: 30_000 }).toBeGreaterThan(20);

    await page.getByTestId('summary-cancel').click();
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 10_000 }).toBe('cancelled');
    const runs = backend.services.summaries.list(1);
    expect(runs[0]).toMatchObject({ status: 'cancelled' });
  });
});
