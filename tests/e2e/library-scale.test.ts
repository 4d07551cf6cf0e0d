// The library of a large archive in Chromium: documents written through the archive's import
// steps in one transaction (one tiny page each: the list is what is tested, not the text),
// then the table scrolled to further and further rows. The DOM holds a bounded number of rows
// however far it goes (virtualized), and rows arrive a page at a time from the API (keyset).
// ABSTRACTOR_E2E_LIBRARY_DOCUMENTS sets the size (default 100,000).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../helpers/e2e-app';
import { vocabulary, writeSyntheticDocuments } from '../helpers/synthetic-archive';

const DOCUMENTS = Number(process.env.ABSTRACTOR_E2E_LIBRARY_DOCUMENTS ?? 100_000);
/** Far more than a screen and its overscan, far fewer than the archive. */
const MAX_ROWS_IN_DOM = 80;

describe(`library of ${DOCUMENTS.toLocaleString()} documents in Chromium`, () => {
  let app: App;
  let page: Page;

  beforeAll(async () => {
    app = await openApp({
      seed: async (services) => {
        const vocab = vocabulary(null);
        services.db.transaction(() => writeSyntheticDocuments(services.archive, 0, DOCUMENTS, { vocab, wordsPerPage: 3, pagesOf: () => 1 }))();
      },
    });
    page = app.page;
  }, 900_000);

  afterAll(() => app?.close());

  async function shownRows(): Promise<{ count: number; maxIndex: number; titles: string[] }> {
    const rows = await page.getByTestId('library-row').evaluateAll((els) =>
      els.map((r) => ({ index: Number(r.getAttribute('aria-rowindex')), title: r.querySelector('.library-row__title')?.textContent ?? '' })),
    );
    rows.sort((a, b) => a.index - b.index);
    return { count: rows.length, maxIndex: Math.max(0, ...rows.map((r) => r.index)), titles: rows.map((r) => r.title) };
  }

  it('scrolls deep into the list with a bounded number of rows in the DOM', async () => {
    const table = page.getByRole('table', { name: 'Documents' });
    await expect.poll(() => table.getAttribute('aria-rowcount'), { timeout: 60_000 }).toBe(String(DOCUMENTS + 1));
    const scroller = page.locator('.library-table__scroll');
    await expect.poll(async () => (await shownRows()).count, { timeout: 30_000 }).toBeGreaterThan(0);
    const first = await shownRows();
    expect(first.count).toBeLessThanOrEqual(MAX_ROWS_IN_DOM);
    // The newest document first: the last one written.
    expect(first.titles[0]).toMatch(new RegExp(` ${DOCUMENTS - 1}$`));

    // Scroll to the end of what is loaded, again and again: each time the next page arrives.
    let deepest = first.maxIndex;
    for (let round = 0; round < 12; round++) {
      await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
      await expect.poll(async () => (await shownRows()).maxIndex, { timeout: 30_000 }).toBeGreaterThan(deepest);
      const now = await shownRows();
      expect(now.count).toBeLessThanOrEqual(MAX_ROWS_IN_DOM);
      deepest = now.maxIndex;
    }
    // More rows than the first page held, and the rows in order (newest first) without gaps.
    expect(deepest).toBeGreaterThan(300);
    const last = await shownRows();
    const numbers = last.titles.map((t) => Number(t.split(' ').at(-1)));
    for (let i = 1; i < numbers.length; i++) expect(numbers[i]).toBe(numbers[i - 1]! - 1);
    // The header counts every document, from the count call, not from the rows loaded.
    await expect.poll(() => page.locator('.library__count').innerText()).toMatch(new RegExp(DOCUMENTS.toLocaleString('en-US')));
  });
});
