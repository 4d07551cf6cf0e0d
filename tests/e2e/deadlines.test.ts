// Deadlines in Chromium over the bridge: a contract imported for real, its values entered
// through the review call (extraction:edit) as a paralegal would; the library shows how many
// dates fall in the next 30 days; the Deadlines screen lists them soonest first with the
// values they came from, marks a date built on a missing value "needs review", filters by
// window and party, and a date's evidence opens the reader on its page.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../shared/deadlines/dates';
import { textPdf } from '../fixtures/pdfs';
import { bridgeCall, openApp, type App } from '../helpers/e2e-app';

// Dates relative to today, so the "next 30 days" always hold the same three.
const today = new Date().toISOString().slice(0, 10);
const EXPIRES = addDays(today, 20);
const NOTICE_DUE = addDays(today, 10);
const RENEWS = addDays(today, 21);

describe('deadlines in Chromium', () => {
  let app: App;
  let page: Page;

  async function edit(documentId: number, field: string, value: unknown) {
    const res = await bridgeCall(app.backend, 'extraction:edit', { documentId, template: 'contract', field, value });
    expect(res.body.ok, JSON.stringify(res.body.error)).toBe(true);
  }

  beforeAll(async () => {
    let ids: number[] = [];
    app = await openApp({
      viewport: { width: 1400, height: 900 },
      async seed(services) {
        const supply = textPdf({ title: 'Supply Agreement', pages: [['Supply Agreement between Acme Corp and Widget LLC.'], ['Renews for successive one (1) year terms unless notice is given', 'ten (10) days prior to the end of the term.']] });
        const lease = textPdf({ title: 'Equipment Lease', pages: [['Equipment Lease between Acme Corp and Lessor Inc.', 'Renews for successive one (1) year terms.']] });
        const outcomes = await services.importer.importMany([
          { key: 's', name: 'supply.pdf', data: supply },
          { key: 'l', name: 'lease.pdf', data: lease },
        ]);
        ids = outcomes.map((o) => (o.kind === 'imported' ? o.document.id : 0));
      },
    });
    page = app.page;
    const [supply, lease] = ids as [number, number];
    await edit(supply, 'effective_date', addDays(EXPIRES, -364));
    await edit(supply, 'expiration_date', EXPIRES);
    await edit(supply, 'renewal_term', 'successive one (1) year terms');
    await edit(supply, 'notice_period_to_terminate_renewal', 'ten (10) days prior to the end of the term');
    await edit(supply, 'parties', ['Acme Corp', 'Widget LLC']);
    await edit(lease, 'effective_date', '2020-01-01');
    await edit(lease, 'expiration_date', addDays(today, 200));
    await edit(lease, 'renewal_term', 'successive one (1) year terms');
    await edit(lease, 'parties', ['Acme Corp', 'Lessor Inc.']);
    await page.reload();
  });

  afterAll(() => app?.close());

  it('shows upcoming deadlines on the library, lists them soonest first with their values, and filters', async () => {
    const card = page.getByTestId('upcoming-deadlines');
    await expect.poll(() => card.textContent()).toBe('3 deadlines in the next 30 days');
    await card.click();
    await page.getByTestId('deadlines').waitFor();

    const rows = page.getByTestId('deadline-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(3);
    const dated = (await page.getByTestId('deadline-date').allTextContents()).filter((d) => d !== '—');
    expect(dated.slice(0, 3)).toEqual([NOTICE_DUE, EXPIRES, RENEWS]);
    expect([...dated].sort()).toEqual(dated);
    const notice = rows.filter({ hasText: 'Supply Agreement' }).filter({ hasText: 'notice of non-renewal (term 1)' });
    await expect.poll(() => notice.textContent()).toContain('ten (10) days prior to the end of the term');

    // The lease has no notice period: its notice date needs review, with the reason, no date.
    const leaseNotice = rows.filter({ hasText: 'Equipment Lease' }).filter({ hasText: 'notice of non-renewal (term 1)' });
    expect(await leaseNotice.getByTestId('deadline-date').textContent()).toBe('—');
    expect(await leaseNotice.getByTestId('deadline-needs-review').count()).toBe(1);
    expect(await leaseNotice.textContent()).toContain('Notice period to terminate renewal is missing');

    await page.getByTestId('deadlines-window').selectOption('30');
    await expect.poll(() => rows.count()).toBe(3);
    await page.getByTestId('deadlines-window').selectOption('upcoming');
    await page.getByTestId('deadlines-party').selectOption('Lessor Inc.');
    await expect.poll(async () => (await rows.allTextContents()).every((t) => t.includes('Equipment Lease'))).toBe(true);
    expect(await rows.count()).toBeGreaterThan(0);
  });

  it('opens the reader on the page of a value a reviewer selected as evidence', async () => {
    const ids = (await bridgeCall(app.backend, 'deadlines:list', {})).body.data as { deadlines: Array<{ documentId: number; title: string }> };
    const supplyId = ids.deadlines.find((d) => d.title === 'Supply Agreement')!.documentId;
    const text = app.services.archive.getPage(supplyId, 2).text;
    const line = 'ten (10) days prior to the end of the term';
    const start = text.indexOf(line);
    const added = await bridgeCall(app.backend, 'extraction:addFromSelection', { documentId: supplyId, template: 'contract', field: 'notice_period_to_terminate_renewal', page: 2, start, end: start + line.length });
    expect(added.body.ok, `${start} ${JSON.stringify(added.body.error)}`).toBe(true);
    await page.reload();
    await page.getByTestId('header-deadlines').click();
    const row = page.getByTestId('deadline-row').filter({ hasText: 'Supply Agreement' }).filter({ hasText: 'notice of non-renewal (term 1)' });
    await row.getByTestId('deadline-evidence').filter({ hasText: 'p. 2' }).click();
    await page.getByTestId('document-view').waitFor();
    await expect.poll(() => page.locator('[data-testid=pdf-page][data-current=true]').getAttribute('data-page-number')).toBe('2');
  });
});
