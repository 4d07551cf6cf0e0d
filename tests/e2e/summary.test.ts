// A summary from the document view in a real browser: with a model installed, start a run,
// watch the model's output stream in, and cancel it from the UI. The tiny random-weight
// model keeps generating, so only the cancel can end the run quickly.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/main/bridge/start-backend';
import { ensureTinyModel } from '../fixtures/gguf-writer';
import { textPdf } from '../fixtures/pdfs';
import { openApp, type App } from '../helpers/e2e-app';

describe('summary panel in Chromium', () => {
  let app: App;
  let backend: Backend;
  let page: Page;

  beforeAll(async () => {
    app = await openApp({
      // A model of a few million parameters runs fastest on one thread.
      engineThreads: 1,
      async seed(services) {
        await services.models.addFromFile(await ensureTinyModel(), { mode: 'reference' });
        const pdf = textPdf({ title: 'Discharge note', pages: [['Patient admitted with pneumonia.', 'Started on amoxicillin 500 mg.'], ['Discharged home in stable condition.']] });
        const [outcome] = await services.importer.importMany([{ key: 'n', name: 'note.pdf', data: pdf }]);
        if (outcome?.kind !== 'imported') throw new Error('fixture import failed');
      },
    });
    ({ backend, page } = app);
  });

  afterAll(() => app?.close());

  it('streams the model output and cancels on request', async () => {
    await page.getByTestId('library-row').filter({ hasText: 'Discharge note' }).click();
    await page.getByTestId('document-view').waitFor();
    await page.getByTestId('summary-tab').click();
    await page.getByTestId('summary-start').click();

    const status = page.getByTestId('summary-status');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 30_000 }).toBe('running');
    // Tokens arrive as events and land in the output view: its heading counts their characters
    // ('Model output · waiting…' before the first, which is no sign of the model running yet).
    const characters = async (): Promise<number> => {
      const heading = await page.getByTestId('summary-output').locator('summary').innerText();
      return Number(/([\d,]+) characters/.exec(heading)?.[1]?.replaceAll(',', '') ?? 0);
    };
    await expect.poll(characters, { timeout: 60_000 }).toBeGreaterThan(20);

    await page.getByTestId('summary-cancel').click();
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 10_000 }).toBe('cancelled');
    const runs = backend.services.summaries.list(1);
    expect(runs[0]).toMatchObject({ status: 'cancelled' });
  });
});
