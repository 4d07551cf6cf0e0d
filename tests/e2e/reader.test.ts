// The reader keeps up, in Chromium on the real backend: the next pages are drawn ahead while
// page 1 is read, so stepping to page 2 shows it drawn in the same frame as its number; a page
// just left is shown from the cache; the cache is bounded, so a page left far behind is drawn
// again. Observed through the pages' own data-rendered attribute, never through timings.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { largePdf } from '../fixtures/pdfs';
import { openApp, type App } from '../helpers/e2e-app';

const PAGE_COUNT = 30;

// Plain script text (the tests' TypeScript has no DOM types): remembers, per page number,
// whether the page element first appeared for it drawn ('true') or still drawing ('false').
const WATCH = `(() => {
  const first = new Map();
  window.__firstState = first;
  const note = (el) => {
    const n = Number(el.getAttribute('data-page-number'));
    if (!first.has(n)) first.set(n, el.getAttribute('data-rendered'));
  };
  new MutationObserver(() => document.querySelectorAll('[data-testid="pdf-page"]').forEach(note))
    .observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-rendered', 'data-page-number'] });
})()`;

const firstState = (page: Page, n: number): Promise<string | null> => page.evaluate(`window.__firstState.get(${n}) ?? null`);
const forget = (page: Page): Promise<unknown> => page.evaluate('window.__firstState.clear()');

describe('reader keeps up in Chromium', () => {
  let app: App;
  let page: Page;
  let documentId = 0;

  beforeAll(async () => {
    app = await openApp({
      seed: async (services) => {
        const [outcome] = await services.importer.importMany([{ key: 'long', name: 'long.pdf', data: largePdf(PAGE_COUNT) }]);
        if (outcome?.kind !== 'imported') throw new Error(`fixture did not import: ${JSON.stringify(outcome)}`);
        documentId = outcome.document.id;
      },
    });
    page = app.page;
  });

  afterAll(() => app?.close());

  const drawn = (n: number) => page.locator(`[data-testid="pdf-page"][data-page-number="${n}"][data-rendered="true"]`);
  const drawnAhead = async (): Promise<number[]> =>
    ((await page.locator('.reader__canvas').getAttribute('data-drawn-ahead')) ?? '').split(' ').filter(Boolean).map(Number);

  it('draws the next page ahead, shows pages just seen from the cache, and forgets pages far behind', async () => {
    await page.locator(`[data-testid="library-row"][data-document-id="${documentId}"]`).click();
    await drawn(1).waitFor({ timeout: 30_000 });
    await page.evaluate(WATCH);
    await page.locator('.reader__canvas').focus();

    // Page 2 (and 3) are drawn while page 1 is read; stepping shows page 2 drawn at once. (In
    // the continuous scroll page 2's element is there, empty, before it is drawn ahead.)
    await expect.poll(drawnAhead, { timeout: 30_000 }).toEqual(expect.arrayContaining([2, 3]));
    await forget(page);
    await page.keyboard.press('PageDown');
    await drawn(2).waitFor();
    expect(await firstState(page, 2)).toBe('true');

    // Step on to page 14, each page drawn before the next step.
    for (let n = 3; n <= 14; n++) {
      await page.keyboard.press('PageDown');
      await drawn(n).waitFor({ timeout: 30_000 });
    }
    // The page just left comes back from the cache at once.
    await forget(page);
    await page.keyboard.press('PageUp');
    await drawn(13).waitFor();
    expect(await firstState(page, 13)).toBe('true');

    // Page 1 fell out of the bounded cache: it is drawn again, and still arrives.
    await forget(page);
    await page.keyboard.press('Home');
    await drawn(1).waitFor({ timeout: 30_000 });
    expect(await firstState(page, 1)).toBe('false');
    await expect.poll(() => page.getByTestId('current-page').innerText()).toBe('1');
  });
});
