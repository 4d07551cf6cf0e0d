// The reader scrolls through every page in Chromium on the real backend: the pane is as tall
// as all pages (empty room of the right size for those not near the view), only pages near the
// view are in the DOM while the wheel scrolls a long PDF, the page number follows the scroll,
// and a page typed in the page box is scrolled to.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { largePdf } from '../fixtures/pdfs';
import { openApp, type App } from '../helpers/e2e-app';

const PAGE_COUNT = 60;
// The pages in view and one on each side: a handful, whatever the document's length.
const MAX_PAGES_IN_DOM = 6;

describe('reader continuous scroll in Chromium', () => {
  let app: App;
  let page: Page;
  let documentId = 0;

  beforeAll(async () => {
    app = await openApp({
      viewport: { width: 1280, height: 800 },
      seed: async (services) => {
        const [outcome] = await services.importer.importMany([{ key: 'long', name: 'long.pdf', data: largePdf(PAGE_COUNT) }]);
        if (outcome?.kind !== 'imported') throw new Error(`fixture did not import: ${JSON.stringify(outcome)}`);
        documentId = outcome.document.id;
      },
    });
    page = app.page;
  });

  afterAll(() => app?.close());

  const pane = () => page.locator('.reader__canvas');
  const currentPage = async () => Number(await page.getByTestId('current-page').innerText());
  const counts = (): Promise<{ pages: number; rendered: number; canvases: number }> =>
    page.evaluate(`(() => ({
      pages: document.querySelectorAll('[data-testid="pdf-page"]').length,
      rendered: document.querySelectorAll('[data-testid="pdf-page"][data-rendered="true"]').length,
      canvases: document.querySelectorAll('.reader__canvas canvas').length,
    }))()`);
  /** Whether page n's element overlaps the visible part of the pane. */
  const inView = (n: number): Promise<boolean> =>
    page.evaluate(`(() => {
      const el = document.querySelector('[data-testid="pdf-page"][data-page-number="${n}"]');
      const pane = document.querySelector('.reader__canvas');
      if (!el || !pane) return false;
      const a = el.getBoundingClientRect();
      const b = pane.getBoundingClientRect();
      return a.bottom > b.top && a.top < b.bottom;
    })()`);

  it('scrolls all pages with the wheel, the page number following, with a bounded number of pages in the DOM', async () => {
    await page.locator(`[data-testid="library-row"][data-document-id="${documentId}"]`).click();
    await page.locator('[data-testid="pdf-page"][data-page-number="1"][data-rendered="true"]').waitFor({ timeout: 30_000 });

    // The pane is as tall as all the pages, though only a few are in it.
    const pageHeight = (await page.locator('[data-testid="pdf-page"][data-page-number="1"]').boundingBox())!.height;
    const scrollHeight = Number(await page.evaluate(`document.querySelector('.reader__canvas').scrollHeight`));
    expect(scrollHeight).toBeGreaterThan(pageHeight * (PAGE_COUNT - 1));
    expect((await counts()).pages).toBeLessThanOrEqual(MAX_PAGES_IN_DOM);

    // The wheel scrolls the pages, and the page number follows.
    const box = (await pane().boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    let peak = { pages: 0, rendered: 0, canvases: 0 };
    for (let step = 0; step < 40; step++) {
      await page.mouse.wheel(0, pageHeight * 0.75);
      const now = await counts();
      peak = { pages: Math.max(peak.pages, now.pages), rendered: Math.max(peak.rendered, now.rendered), canvases: Math.max(peak.canvases, now.canvases) };
    }
    await expect.poll(currentPage, { timeout: 15_000 }).toBeGreaterThan(20);
    const reached = await currentPage();
    // The page named in the toolbar is the one on screen, and it gets drawn.
    expect(await inView(reached)).toBe(true);
    await page.locator(`[data-testid="pdf-page"][data-page-number="${reached}"][data-rendered="true"]`).waitFor({ timeout: 30_000 });
    expect(peak.pages).toBeLessThanOrEqual(MAX_PAGES_IN_DOM);
    expect(peak.rendered).toBeLessThanOrEqual(MAX_PAGES_IN_DOM);
    expect(peak.canvases).toBeLessThanOrEqual(MAX_PAGES_IN_DOM);
    // Page 1 left the DOM long ago.
    expect(await page.locator('[data-testid="pdf-page"][data-page-number="1"]').count()).toBe(0);

    // Scrolling back up moves the page number back.
    for (let step = 0; step < 8; step++) await page.mouse.wheel(0, -pageHeight * 0.75);
    await expect.poll(currentPage).toBeLessThan(reached);
  });

  it('scrolls to a page typed in the page box, and PageDown to the next one', async () => {
    const input = page.getByTestId('page-input');
    await input.fill('45');
    await input.press('Enter');
    await expect.poll(currentPage).toBe(45);
    await page.locator('[data-testid="pdf-page"][data-page-number="45"][data-rendered="true"]').waitFor({ timeout: 30_000 });
    expect(await inView(45)).toBe(true);
    // The number stays: the scroll that showed page 45 does not move it.
    await page.waitForTimeout(300);
    expect(await currentPage()).toBe(45);

    await pane().focus();
    await page.keyboard.press('PageDown');
    await expect.poll(currentPage).toBe(46);
    await page.locator('[data-testid="pdf-page"][data-page-number="46"][data-rendered="true"]').waitFor({ timeout: 30_000 });
    expect(await inView(46)).toBe(true);

    await page.keyboard.press('End');
    await expect.poll(currentPage).toBe(PAGE_COUNT);
    await page.locator(`[data-testid="pdf-page"][data-page-number="${PAGE_COUNT}"][data-rendered="true"]`).waitFor({ timeout: 30_000 });
    await page.keyboard.press('Home');
    await expect.poll(currentPage).toBe(1);
    expect(await inView(1)).toBe(true);
  });
});
