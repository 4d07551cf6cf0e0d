// Clause comparison and defined terms in Chromium over the bridge: three contracts imported for
// real, their governing-law clauses recorded as a reviewer selects them; the Clauses screen
// shows every clause side by side as a whole sentence, groups the two alike wordings into one
// variant, and marks word differences against the person's own reference text; a clause's
// page link opens the reader, where a line using a defined term carries its definition and page.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textPdf } from '../fixtures/pdfs';
import { bridgeCall, openApp, type App } from '../helpers/e2e-app';

const NY = 'This Agreement shall be governed by and construed in accordance with the laws of the State of New York.';
const DE = 'This Agreement shall be governed by and construed in accordance with the laws of the State of Delaware.';
const EN = 'This Agreement is governed by English law and the parties submit to the exclusive jurisdiction of the English courts.';

describe('clauses and defined terms in Chromium', () => {
  let app: App;
  let page: Page;

  beforeAll(async () => {
    let ids: number[] = [];
    app = await openApp({
      viewport: { width: 1400, height: 900 },
      async seed(services) {
        // The clause over short lines (as a page wraps it), between other sentences.
        const wrap = (law: string) => ['Payment terms apply.', ...law.match(/.{1,60}(?:\s|$)/g)!.map((l) => l.trim()), 'Notices follow.'];
        const pdf = (title: string, law: string) =>
          textPdf({ title, pages: [[title, 'This Agreement is made between Acme Corp (the "Buyer") and Widget LLC.', ...wrap(law), 'The Buyer pays within thirty days.']] });
        const outcomes = await services.importer.importMany([
          { key: 'a', name: 'ny.pdf', data: pdf('Supply Agreement', NY) },
          { key: 'b', name: 'de.pdf', data: pdf('Services Agreement', DE) },
          { key: 'c', name: 'en.pdf', data: pdf('Licence Agreement', EN) },
        ]);
        ids = outcomes.map((o) => (o.kind === 'imported' ? o.document.id : 0));
      },
    });
    page = app.page;
    for (const [i, law] of [NY, DE, EN].entries()) {
      const documentId = ids[i]!;
      const text = (await bridgeCall(app.backend, 'documents:page', { id: documentId, page: 1 })).body.data as { text: string };
      const quote = 'governed by';
      const start = text.text.indexOf(quote);
      expect(start, law).toBeGreaterThan(0);
      const value = ['State of New York', 'State of Delaware', 'England'][i];
      const res = await bridgeCall(app.backend, 'extraction:addFromSelection', { documentId, template: 'contract', field: 'governing_law', page: 1, start, end: start + quote.length, value });
      expect(res.body.ok, JSON.stringify(res.body.error)).toBe(true);
    }
    await page.reload();
  });

  afterAll(() => app?.close());

  it('shows each clause as its sentence, groups alike wordings, and diffs against a reference text', async () => {
    await page.getByTestId('header-clauses').click();
    await page.getByTestId('clauses').waitFor();
    const cards = page.getByTestId('clause-card');
    await expect.poll(() => cards.count()).toBe(3);
    const texts = await cards.allTextContents();
    expect(texts.some((t) => t.includes(NY)), texts.join("\n")).toBe(true);
    expect(texts.some((t) => t.includes(EN))).toBe(true);
    const variants = page.getByTestId('clauses-variant');
    await expect.poll(() => variants.allTextContents()).toEqual(['Variant 1 (2)', 'Variant 2 (1)']);

    await page.getByTestId('clauses-reference-kind').selectOption('text');
    await page.getByTestId('clauses-reference-text').fill(NY);
    const delaware = cards.filter({ hasText: 'Services Agreement' });
    await expect.poll(() => delaware.locator('ins').allTextContents()).toEqual([' Delaware.']);
    expect(await delaware.locator('del').allTextContents()).toEqual([' New York.']);
    const same = cards.filter({ hasText: 'Supply Agreement' });
    expect(await same.locator('ins, del').count()).toBe(0);

    await variants.nth(1).click();
    await expect.poll(() => cards.count()).toBe(1);
  });

  it('opens the reader from a clause, where a line using a defined term shows its definition and page on hover', async () => {
    await page.getByTestId('clauses-variant').first().click();
    await page.getByTestId('clause-card').filter({ hasText: 'Supply Agreement' }).getByRole('button', { name: 'p. 1' }).click();
    const defined = page.locator('.textLayer .textLayer__defined').filter({ hasText: 'The Buyer pays' });
    await defined.first().waitFor();
    expect(await defined.first().getAttribute('title')).toBe('“Buyer” (defined on p. 1): Acme Corp');
  });
});
