// Faithful summaries in a real browser: after a crafted summary run (tests/helpers/
// crafted-summary.ts) the Summary tab shows the share of supported bullets, each "check"
// bullet with its badge, and the words not on its cited pages marked.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTinyModel } from '../fixtures/gguf-writer';
import { textPdf } from '../fixtures/pdfs';
import { craftedAnswer, CRAFTED_SUPPORT, SUMMARY_NOTE } from '../helpers/crafted-summary';
import { openApp, type App } from '../helpers/e2e-app';

describe('faithful summary in Chromium', () => {
  let app: App;
  let page: Page;

  beforeAll(async () => {
    app = await openApp({
      engineThreads: 1,
      async seed(services) {
        const [outcome] = await services.importer.importMany([{ key: 'n', name: 'note.pdf', data: textPdf({ title: 'Discharge note', pages: SUMMARY_NOTE }) }]);
        if (outcome?.kind !== 'imported') throw new Error('fixture import failed');
        const run = await services.summaries.summarize(outcome.document.id, { modelPath: await ensureTinyModel(), profile: 'clinical', steps: craftedAnswer() });
        if (run.status !== 'done') throw new Error(`crafted run ${run.status}`);
      },
    });
    ({ page } = app);
  });

  afterAll(() => app?.close());

  it('shows the supported share, "check" bullets and their unsupported words', async () => {
    await page.getByTestId('library-row').filter({ hasText: 'Discharge note' }).click();
    await page.getByTestId('document-view').waitFor();
    await page.getByTestId('summary-tab').click();
    const share = page.getByTestId('summary-supported');
    await share.waitFor();
    expect(await share.innerText()).toContain('3 of 7 bullets supported by their cited pages (43%)');

    const bullets = page.getByTestId('summary-bullet');
    const shown = await bullets.evaluateAll((els) =>
      els.map((e) => [
        e.querySelector('.summary-bullet__text')?.textContent ?? '',
        e.getAttribute('data-support'),
        [...e.querySelectorAll('[data-testid=unsupported-token]')].map((m) => m.textContent),
      ]),
    );
    expect(Object.fromEntries(shown.map(([text, status, marks]) => [text, [status, marks]]))).toEqual(CRAFTED_SUPPORT_IN_TEXT_ORDER);
    expect(await page.getByTestId('bullet-check').count()).toBe(4);
  });

  it('cites pages as "p. 3", as the Extract tab and the Table do', async () => {
    const citations = await page.getByTestId('summary-citation').allInnerTexts();
    expect(citations.length).toBeGreaterThan(0);
    for (const citation of citations) expect(citation).toMatch(/^p\. \d+$/);
  });
});


// The UI marks the words in the order they appear in the bullet.
const CRAFTED_SUPPORT_IN_TEXT_ORDER = Object.fromEntries(
  Object.entries(CRAFTED_SUPPORT).map(([text, [status, words]]) => [text, [status, [...words].sort((a, b) => text.indexOf(a) - text.indexOf(b))]]),
);
