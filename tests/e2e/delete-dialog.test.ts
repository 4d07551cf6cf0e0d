// Deleting a document from the library: the dialog says what goes with it (its summaries, field
// values and a person's corrections, counted from the archive), and after the delete none of it
// is left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTinyModel } from '../fixtures/gguf-writer';
import { servicesAgreementPdf } from '../fixtures/pdfs';
import { openApp, type App } from '../helpers/e2e-app';

describe('delete dialog', () => {
  let app: App;
  let id = 0;

  beforeAll(async () => {
    app = await openApp({
      engineThreads: 1,
      async seed(services) {
        const model = await ensureTinyModel();
        await services.models.addFromFile(model, { mode: 'reference' });
        const [outcome] = await services.importer.importMany([{ key: 'c', name: 'contract.pdf', data: servicesAgreementPdf() }]);
        if (outcome?.kind !== 'imported') throw new Error('fixture import failed');
        id = outcome.document.id;
        await services.summaries.summarize(id, { modelPath: model, settings: { maxOutputTokens: 64, maxBullets: 1, maxBulletChars: 16 } });
        // Two values a person added from the text, one of them confirmed: two fields, three corrections.
        const text = services.archive.getPage(id, 1).text;
        for (const [field, words] of [['parties', 'Acme Corp'], ['governing_law', 'Beta LLC']] as const) {
          const start = text.indexOf(words);
          services.extraction.addFromSelection(id, 'nda', field, { page: 1, start, end: start + words.length });
        }
        services.extraction.confirm(id, 'nda', 'parties');
      },
    });
  });

  afterAll(() => app?.close());

  it('lists the summaries, field values and corrections that go with the document, then erases them', async () => {
    const { page } = app;
    const row = page.getByTestId('library-row').first();
    await row.waitFor();
    await row.getByRole('button', { name: /^Delete / }).click();
    const impact = page.getByTestId('delete-impact');
    await expect.poll(() => impact.getAttribute('aria-busy')).toBe('false');
    const lines = (await impact.locator('li').allInnerTexts()).map((l) => l.trim());
    expect(lines).toEqual(['its file and page text', '1 summary', '2 field values', '3 corrections by a person']);

    await page.locator('dialog[open]').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.getByTestId('library-row').count()).toBe(0);
    expect(() => app.services.archive.getDocument(id)).toThrow();
    expect(app.services.extraction.audit(id)).toEqual([]);
  });
});
