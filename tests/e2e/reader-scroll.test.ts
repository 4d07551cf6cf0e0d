// The reader scrolls through every page in Chromium on the real backend: the pane is as tall
// as all pages (empty room of the right size for those not near the view), only pages near the
// view are in the DOM while the wheel scrolls a long PDF, the page number follows the scroll,
// and a page typed in the page box is scrolled to. The rail of thumbnails is one tab stop and
// marks the page holding a field's evidence; at 1024 px the rail is collapsed, the page keeps
// a readable width, and the side panel narrows by keyboard or hides.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { largePdf, pageMarker } from '../fixtures/pdfs';
import { axeViolations } from '../helpers/axe';
import { openApp, type App } from '../helpers/e2e-app';

const PAGE_COUNT = 60;
// ABSTRACTOR_SCREENSHOTS=<dir> also saves the reader's layouts there for a reviewer.
const SCREENSHOTS = process.env['ABSTRACTOR_SCREENSHOTS'];
const snap = async (page: Page, name: string) => {
  if (SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOTS, `reader-${name}.png`) });
};
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

describe('reader page rail and narrow windows in Chromium', () => {
  const EVIDENCE_PAGE = 12;
  const TEMPLATE = 'nda';

  async function openLong(width: number, colorScheme: 'light' | 'dark'): Promise<{ app: App; documentId: number }> {
    let documentId = 0;
    const app = await openApp({
      viewport: { width, height: 800 },
      colorScheme,
      seed: async (services) => {
        const [outcome] = await services.importer.importMany([{ key: 'rail', name: 'rail.pdf', data: largePdf(30, { title: 'Rail fixture' }) }]);
        if (outcome?.kind !== 'imported') throw new Error(`fixture did not import: ${JSON.stringify(outcome)}`);
        documentId = outcome.document.id;
        // A field whose evidence is on page 12, as a reviewer's selection leaves it.
        const text = services.archive.getPage(documentId, EVIDENCE_PAGE).text;
        const start = text.indexOf(pageMarker(EVIDENCE_PAGE));
        services.extraction.addFromSelection(documentId, TEMPLATE, 'parties', { page: EVIDENCE_PAGE, start, end: start + pageMarker(EVIDENCE_PAGE).length });
      },
    });
    // By its title: at 1024 px the row's middle is its domain select, which does not open it.
    await app.page.locator(`[data-testid="library-row"][data-document-id="${documentId}"] .library-row__title--link`).click();
    await app.page.locator('[data-testid="pdf-page"][data-page-number="1"][data-rendered="true"]').waitFor({ timeout: 30_000 });
    return { app, documentId };
  }

  const scaleOf = (page: Page) => page.locator('.reader__canvas').getAttribute('data-scale');
  const currentPage = async (page: Page) => Number(await page.getByTestId('current-page').innerText());

  describe('at 1280 px', () => {
    let app: App;
    let page: Page;
    beforeAll(async () => {
      ({ app } = await openLong(1280, 'light'));
      page = app.page;
    });
    afterAll(() => app?.close());

    it('draws thumbnails for the rail rows in view only, and is one tab stop moved by the arrow keys', async () => {
      const rail = page.getByTestId('page-rail');
      await rail.locator('.page-list__thumb[data-drawn="true"]').first().waitFor({ timeout: 30_000 });
      const rows = await rail.getByTestId('page-list-item').count();
      expect(rows).toBeGreaterThan(2);
      expect(rows).toBeLessThan(30);
      // One tab stop: only the current page's row is in the tab order.
      expect(await rail.locator('[data-testid="page-list-item"][tabindex="0"]').count()).toBe(1);
      await rail.locator('[data-testid="page-list-item"][tabindex="0"]').focus();
      expect(await rail.locator('[data-testid="page-list-item"][tabindex="0"]').getAttribute('data-page')).toBe('1');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      expect(await page.evaluate('document.activeElement?.getAttribute("data-page") ?? null')).toBe('3');
      expect(await rail.locator('[data-testid="page-list-item"][tabindex="0"]').count()).toBe(1);
      await page.keyboard.press('Enter');
      await expect.poll(() => currentPage(page)).toBe(3);
      // End goes to the last row (the rail's own End, not the reader's last page).
      await page.keyboard.press('End');
      expect(await page.evaluate('document.activeElement?.getAttribute("data-page") ?? null')).toBe('30');
      expect(await currentPage(page)).toBe(3);
    });

    it('marks the evidence page in the rail, scrolls to the evidence, and keeps the zoom whichever tab is open', async () => {
      const scale = await scaleOf(page);
      await page.getByTestId('summary-tab').click();
      await page.locator('#reader-panel-summary').waitFor();
      expect(await scaleOf(page)).toBe(scale);
      await page.getByTestId('extract-tab').click();
      const select = page.getByTestId('extract-template');
      await expect.poll(() => select.locator('option').count()).toBeGreaterThan(1);
      await select.selectOption(TEMPLATE);
      await page.getByTestId('field-row').first().waitFor();
      expect(await scaleOf(page)).toBe(scale);

      await page.locator('[data-testid=field-row][data-field-key=parties] .field-row__label').click();
      await expect.poll(() => currentPage(page)).toBe(EVIDENCE_PAGE);
      const highlight = page.locator(`[data-testid="pdf-page"][data-page-number="${EVIDENCE_PAGE}"] [data-testid=highlight].highlight--evidence`);
      await highlight.first().waitFor();
      // The evidence is in view in the page pane.
      const box = (await highlight.first().boundingBox())!;
      const pane = (await page.locator('.reader__canvas').boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(pane.y);
      expect(box.y + box.height).toBeLessThanOrEqual(pane.y + pane.height);
      // The rail scrolled to the page, and marks it as holding evidence (and no other page).
      const row = page.locator(`[data-testid="page-list-item"][data-page="${EVIDENCE_PAGE}"]`);
      await row.getByTestId('page-list-evidence').waitFor();
      expect(await row.getAttribute('aria-label')).toContain('has evidence');
      expect(await page.getByTestId('page-list-evidence').count()).toBe(1);
      await snap(page, 'rail-evidence-1280-light');
      // The reader with its rail of thumbnails and markers, in the light theme.
      expect(await axeViolations(page)).toEqual([]);
    });

    it('opened from a search hit: scrolls to the matched page and its highlight, and marks the page in the rail', async () => {
      const word = pageMarker(20);
      await page.getByTestId('search-input').fill(word);
      await page.getByTestId('search-input').press('Enter');
      const hit = page.getByTestId('search-hit').first();
      await hit.waitFor({ timeout: 15_000 });
      await hit.click();
      await page.getByTestId('document-view').waitFor();
      await expect.poll(() => currentPage(page)).toBe(20);
      const highlight = page.locator('[data-testid="pdf-page"][data-page-number="20"] [data-testid=highlight].highlight--search');
      await highlight.first().waitFor({ timeout: 15_000 });
      const box = (await highlight.first().boundingBox())!;
      const pane = (await page.locator('.reader__canvas').boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(pane.y);
      expect(box.y + box.height).toBeLessThanOrEqual(pane.y + pane.height);
      const row = page.locator('[data-testid="page-list-item"][data-page="20"]');
      await row.getByTestId('page-list-hit').waitFor();
      expect(await row.getAttribute('aria-label')).toContain('has matches');
      expect(await page.getByTestId('page-list-hit').count()).toBe(1);
    });
  });

  describe('at 1024 px', () => {
    let app: App;
    let page: Page;
    beforeAll(async () => {
      ({ app } = await openLong(1024, 'dark'));
      page = app.page;
    });
    afterAll(() => app?.close());

    const pageWidth = async () => (await page.locator('[data-testid="pdf-page"][data-current="true"]').boundingBox())!.width;

    it('collapses the rail and keeps the page readable; the side panel narrows by keyboard, hides and comes back', async () => {
      const toggle = page.getByTestId('page-rail-toggle');
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      expect(await page.getByTestId('page-list-item').count()).toBe(0);
      const before = await pageWidth();
      expect(before).toBeGreaterThanOrEqual(560);
      await snap(page, 'collapsed-1024-dark');

      // Narrower side panel, by keyboard: the page grows to the new width.
      const resizer = page.getByTestId('side-panel-resizer');
      const startWidth = Number(await resizer.getAttribute('aria-valuenow'));
      await resizer.focus();
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
      expect(Number(await resizer.getAttribute('aria-valuenow'))).toBe(startWidth - 48);
      await expect.poll(pageWidth).toBeGreaterThan(before + 40);
      // Home/End on the handle size the panel; the reader stays on its page.
      await page.keyboard.press('End');
      expect(Number(await resizer.getAttribute('aria-valuenow'))).toBeGreaterThan(startWidth);
      expect(await currentPage(page)).toBe(1);
      await page.keyboard.press('Home');

      // Hidden: the page takes the room; shown again at the chosen width.
      await page.getByTestId('side-panel-hide').click();
      expect(await page.getByTestId('page-text').isVisible()).toBe(false);
      await expect.poll(pageWidth).toBeGreaterThan(before + 150);
      await page.getByTestId('side-panel-show').click();
      await page.getByTestId('page-text').waitFor();

      // The rail opens with its toggle.
      await toggle.click();
      await page.getByTestId('page-list-item').first().waitFor();
      expect(await page.getByTestId('page-rail-toggle').getAttribute('aria-expanded')).toBe('true');
    });

    it('has no serious or critical axe violation with the rail collapsed, in the dark theme', async () => {
      await page.getByTestId('page-rail-toggle').click();
      expect(await page.getByTestId('page-list-item').count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
    });
  });
});
