// The bugs of issue 12, each driven in Chromium as a person would meet it: the import panel
// leaves by itself after a clean import and never covers the reader; failed imports are listed
// apart ("Needs attention", in words, with what can help) and not counted as documents; focus
// follows the person to the opened document and back to the control that opened a dialog; the
// header search does not carry its text to other screens; the header has one Import button,
// shows the archive folder's end and keeps its count on one line.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textPdf } from '../fixtures/pdfs';
import { openApp, type App } from '../helpers/e2e-app';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);

/** What has focus, described well enough to assert on. */
function focused(page: Page): Promise<{ tag: string; testId: string | null; inReader: boolean; text: string }> {
  return page.evaluate(`(() => {
    const el = document.activeElement;
    return {
      tag: el ? el.tagName.toLowerCase() : 'none',
      testId: el ? el.getAttribute('data-testid') : null,
      inReader: !!(el && el.closest('[data-testid=document-view]')),
      text: el ? (el.textContent || '').trim().slice(0, 80) : '',
    };
  })()`);
}

describe('workbench bugs of issue 12 in Chromium', () => {
  let app: App;
  let page: Page;

  beforeAll(async () => {
    app = await openApp({ viewport: { width: 1280, height: 800 } });
    page = app.page;
  });

  afterAll(() => app?.close());

  const pdf = (title: string, ...lines: string[]) => ({
    name: `${title.toLowerCase().replace(/\W+/g, '-')}.pdf`,
    mimeType: 'application/pdf',
    buffer: Buffer.from(textPdf({ title, pages: [[title, ...lines], ['Section 9. The zebracorn clause applies.']] })),
  });

  it('closes the import panel by itself after a clean import', async () => {
    await page.getByTestId('import-input').setInputFiles([pdf('Alpha Services Agreement', 'Between Acme and Northwind.')]);
    await page.getByTestId('import-panel').waitFor();
    await expect.poll(() => page.getByTestId('library-row').count(), { timeout: 30_000 }).toBe(1);
    await page.getByTestId('import-panel').waitFor({ state: 'detached', timeout: 15_000 });
  });

  it('lists failed imports apart, in words, with only the action that can help, and does not count them', async () => {
    await page.getByTestId('import-input').setInputFiles([
      { name: 'picture.pdf', mimeType: 'application/pdf', buffer: PNG },
      { name: 'empty.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(0) },
    ]);
    const attention = page.getByTestId('needs-attention');
    await expect.poll(() => attention.getByTestId('attention-item').count(), { timeout: 30_000 }).toBe(2);
    // Not documents: not rows, not counted.
    expect(await page.getByTestId('library-row').count()).toBe(1);
    expect(await page.getByTestId('document-count').innerText()).toBe('1 document');
    expect(await page.locator('.library__count').innerText()).toBe('1 document');

    const item = (name: string) => attention.getByTestId('attention-item').filter({ hasText: name });
    expect(await item('picture.pdf').getByTestId('attention-reason').innerText()).toMatch(/^Not a PDF\. This is not a PDF: it looks like a PNG/);
    expect(await item('empty.pdf').getByTestId('attention-reason').innerText()).toMatch(/^Empty file\. The file is empty/);
    for (const name of ['picture.pdf', 'empty.pdf']) {
      expect(await item(name).innerText()).not.toMatch(/not_pdf|empty_file/);
      // Retrying the same bytes cannot help; no domain, nothing to open.
      expect(await item(name).getByRole('button', { name: /Retry/ }).count()).toBe(0);
      expect(await item(name).locator('select').count()).toBe(0);
      expect(await item(name).getByRole('button', { name: /Open/ }).count()).toBe(0);
    }
    await item('empty.pdf').getByRole('button', { name: 'Remove empty.pdf' }).click();
    await expect.poll(() => attention.getByTestId('attention-item').count()).toBe(1);
  });

  it('moves focus to the opened document, and keeps the import panel off the reader', async () => {
    // The failed import keeps the panel up: in the reader it must not cover the page's text.
    await page.getByTestId('import-panel').waitFor();
    await page.getByTestId('library-row').first().locator('.library-row__title').click();
    await page.getByTestId('document-view').waitFor();
    await expect.poll(async () => (await focused(page)).inReader, { timeout: 10_000 }).toBe(true);
    expect((await focused(page)).tag).toBe('h1');

    await expect.poll(() => page.getByTestId('page-text').innerText(), { timeout: 15_000 }).toContain('Alpha Services Agreement');
    await page.locator('.reader canvas').first().waitFor();
    // What is on screen of the page text and of the page (clipped by its scroll containers) is
    // not under the panel.
    const overlap = await page.evaluate(`(() => {
      const visible = (el) => {
        let r = el.getBoundingClientRect();
        let box = { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
        for (let p = el.parentElement; p; p = p.parentElement) {
          if (getComputedStyle(p).overflow === 'visible') continue;
          const c = p.getBoundingClientRect();
          box = { left: Math.max(box.left, c.left), top: Math.max(box.top, c.top), right: Math.min(box.right, c.right), bottom: Math.min(box.bottom, c.bottom) };
        }
        return box;
      };
      const panel = document.querySelector('[data-testid=import-panel]').getBoundingClientRect();
      return ['.page-text', '.reader canvas'].map((selector) => {
        const b = visible(document.querySelector(selector));
        const w = Math.min(b.right, panel.right) - Math.max(b.left, panel.left);
        const h = Math.min(b.bottom, panel.bottom) - Math.max(b.top, panel.top);
        return { selector, overlap: w > 0 && h > 0 && b.right > b.left && b.bottom > b.top ? w * h : 0 };
      });
    })()`);
    expect(overlap).toEqual([
      { selector: '.page-text', overlap: 0 },
      { selector: '.reader canvas', overlap: 0 },
    ]);
  });

  it('moves focus to the document opened from a search hit, and clears the search box on other screens', async () => {
    const box = page.getByTestId('search-input');
    await box.fill('zebracorn');
    await box.press('Enter');
    const hit = page.getByTestId('search-hit').first();
    await hit.waitFor({ timeout: 15_000 });
    await hit.click();
    await page.getByTestId('document-view').waitFor();
    await expect.poll(async () => (await focused(page)).inReader, { timeout: 10_000 }).toBe(true);
    // The reader is not the search: its box is empty. Back on the results, the query is back.
    expect(await box.inputValue()).toBe('');
    await page.keyboard.press('Alt+ArrowLeft');
    await hit.waitFor();
    expect(await box.inputValue()).toBe('zebracorn');
    await page.getByTestId('header-batches').click();
    await page.getByTestId('batches-screen').waitFor();
    expect(await box.inputValue()).toBe('');
  });

  it('returns focus to the Archive button when its dialog closes', async () => {
    await page.getByTestId('header-archive').click();
    await page.locator('dialog[open]').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('dialog[open]').waitFor({ state: 'detached' });
    expect((await focused(page)).testId).toBe('header-archive');
  });

  it('titles a document from its first heading when the PDF has no title, and renames it in the reader', async () => {
    // No metadata title (the fixture's Title is empty): the all-caps heading on page 1, tidied.
    const untitled = textPdf({ title: '', pages: [['Page 1 of 2', 'LEASE AGREEMENT FOR 12 ELM STREET', 'The landlord lets the premises to the tenant.'], ['Rent is due monthly.']] });
    await page.getByTitle('Go to the library').click();
    await page.getByTestId('import-input').setInputFiles([{ name: 'scan_0042.pdf', mimeType: 'application/pdf', buffer: Buffer.from(untitled) }]);
    const row = page.getByTestId('library-row').filter({ hasText: 'Lease Agreement for 12 Elm Street' });
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);

    await row.locator('.library-row__title').click();
    await page.getByTestId('document-view').waitFor();
    await expect.poll(() => page.getByTestId('document-title').innerText()).toBe('Lease Agreement for 12 Elm Street');
    await page.getByTestId('rename').click();
    await page.getByTestId('rename-input').fill('  Elm Street lease (2021)  ');
    await page.getByTestId('rename-input').press('Enter');
    await expect.poll(() => page.getByTestId('document-title').innerText()).toBe('Elm Street lease (2021)');
    // Escape keeps the old title.
    await page.getByTestId('rename').click();
    await page.getByTestId('rename-input').fill('Something else');
    await page.getByTestId('rename-input').press('Escape');
    expect(await page.getByTestId('document-title').innerText()).toBe('Elm Street lease (2021)');

    await page.keyboard.press('Alt+ArrowLeft');
    await expect.poll(() => page.getByTestId('library-row').filter({ hasText: 'Elm Street lease (2021)' }).count()).toBe(1);
    const id = Number(await page.getByTestId('library-row').filter({ hasText: 'Elm Street lease (2021)' }).getAttribute('data-document-id'));
    expect(app.services.archive.getDocument(id).title).toBe('Elm Street lease (2021)');
  });

  it('header: one Import button on the library, the archive folder\'s end in view with the whole path in its title, the count on one line', async () => {
    // The narrowest window that still shows the archive folder and count (below, they give way).
    await page.setViewportSize({ width: 1250, height: 800 });
    await page.getByTitle('Go to the library').click();
    await page.getByTestId('library-row').first().waitFor();
    expect(await page.getByRole('button', { name: 'Import PDFs', exact: true }).count()).toBe(1);

    const dir = await page.getByTestId('archive-dir').innerText();
    expect(await page.locator('.header__archive').getAttribute('title')).toBe(`Archive folder: ${dir}`);
    // However long the path, what is cut is its start: its last letter is inside the header.
    const lastLetterShown = await page.evaluate(`(() => {
      const bdi = document.querySelector('[data-testid=archive-dir]');
      const text = bdi.firstChild;
      const range = document.createRange();
      range.setStart(text, text.length - 1);
      range.setEnd(text, text.length);
      const letter = range.getBoundingClientRect();
      const box = bdi.parentElement.getBoundingClientRect();
      return letter.width > 0 && letter.left >= box.left - 1 && letter.right <= box.right + 1;
    })()`);
    expect(lastLetterShown).toBe(true);

    const countLines = await page.evaluate(`(() => {
      const range = document.createRange();
      range.selectNodeContents(document.querySelector('[data-testid=document-count]'));
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    })()`);
    expect(countLines).toBe(1);
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
