// Search results in Chromium against the real backend: grouped by document with each one's
// number of matching pages, hits by page ("p. 3"); the keyboard goes from the header search box
// into the results (ArrowDown, even before the results have arrived), between hits (ArrowUp,
// ArrowDown), back up to the box, and Enter opens the document at the hit's page.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textPdf } from '../fixtures/pdfs';
import { openApp, type App } from '../helpers/e2e-app';

describe('search results by document, from the keyboard, in Chromium', () => {
  let app: App;
  let page: Page;

  beforeAll(async () => {
    app = await openApp({
      async seed(services) {
        const outcomes = await services.importer.importMany([
          {
            key: 'a',
            name: 'atlas.pdf',
            data: textPdf({ title: 'Atlas lease', pages: [['The quokka clause applies here.'], ['Rent is due monthly.'], ['A second quokka clause.']] }),
          },
          { key: 'b', name: 'borealis.pdf', data: textPdf({ title: 'Borealis memo', pages: [['Nothing to see.'], ['One quokka only.']] }) },
        ]);
        if (outcomes.some((o) => o.kind !== 'imported')) throw new Error('fixture import failed');
      },
    });
    page = app.page;
  }, 120_000);

  afterAll(() => app?.close());

  /** What has focus: its test id, and for a hit its page and its document's title. */
  const focused = (): Promise<{ testId: string | null; page: string | null; doc: string | null }> =>
    page.evaluate(`(() => {
      const el = document.activeElement;
      const group = el ? el.closest('[data-testid="search-document"]') : null;
      return {
        testId: el ? el.getAttribute('data-testid') : null,
        page: el ? el.getAttribute('data-page') : null,
        doc: group ? group.querySelector('h2').textContent : null,
      };
    })()`);

  it('moves from the box into results that have not arrived yet, grouped by document', async () => {
    const box = page.getByTestId('search-input');
    await box.click();
    await page.keyboard.type('quokka');
    // Before the typing's search has even started: the first hit takes focus once shown.
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await focused()).testId, { timeout: 15_000 }).toBe('search-hit');

    const groups = page.getByTestId('search-document');
    expect(await groups.count()).toBe(2);
    const atlas = groups.filter({ hasText: 'Atlas lease' });
    const borealis = groups.filter({ hasText: 'Borealis memo' });
    expect(await atlas.getByTestId('search-document-count').innerText()).toBe('2 matching pages');
    expect(await borealis.getByTestId('search-document-count').innerText()).toBe('1 matching page');
    // A document's hits by page, cited "p. N".
    expect(await atlas.getByTestId('search-hit').evaluateAll((els) => els.map((e) => e.getAttribute('data-page')))).toEqual(['1', '3']);
    const [first, second] = [atlas.getByTestId('search-hit').first(), atlas.getByTestId('search-hit').nth(1)];
    expect(await first.locator('.search-hit__page').textContent()).toBe('Atlas lease, p. 1');
    // Each hit with its own page's snippet.
    expect(await first.locator('.search-hit__snippet').innerText()).toBe('The quokka clause applies here.');
    expect(await second.locator('.search-hit__snippet').innerText()).toBe('A second quokka clause.');
    expect(await first.locator('mark').innerText()).toBe('quokka');
    expect(await page.locator('.search-view__count').innerText()).toBe('3 matching pages in 2 documents');
  });

  it('moves between hits with the arrows, back up to the box, and opens a hit with Enter', async () => {
    const order = await page.getByTestId('search-hit').evaluateAll((els) =>
      els.map((e) => `${e.closest('[data-testid="search-document"]')!.querySelector('h2')!.textContent}:${e.getAttribute('data-page')}`),
    );
    expect(order).toHaveLength(3);
    const at = async () => {
      const f = await focused();
      return `${f.doc}:${f.page}`;
    };
    expect(await at()).toBe(order[0]);
    await page.keyboard.press('ArrowDown');
    expect(await at()).toBe(order[1]);
    await page.keyboard.press('ArrowDown');
    expect(await at()).toBe(order[2]);
    await page.keyboard.press('ArrowDown'); // the last stays
    expect(await at()).toBe(order[2]);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await at()).toBe(order[0]);
    await page.keyboard.press('ArrowUp');
    expect((await focused()).testId).toBe('search-input');
    // The results are this query's: ArrowDown goes straight back into them.
    await page.keyboard.press('ArrowDown');
    expect(await at()).toBe(order[0]);
    await page.keyboard.press('End');
    expect(await at()).toBe(order[2]);
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    const [title, number] = order[1]!.split(':');
    await page.keyboard.press('Enter');
    await page.getByTestId('document-view').waitFor();
    await expect.poll(() => page.getByTestId('current-page').innerText()).toBe(number);
    await expect.poll(() => page.getByTestId('page-text').innerText()).toMatch(/quokka/);
    expect(await page.getByTestId('document-view').innerText()).toContain(title!);
  });
});
