// Playbook review in Chromium over the bridge: a contract imported for real, its values entered
// through the review calls as a paralegal would; the Playbooks screen shows the built-in
// read-only, lists a duplicate's problems in words until they are fixed, saves it; the results
// open a per-contract report with every rule, its outcome and evidence, that prints without the
// app around it; the Table shows the playbook's rules as a column group.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textPdf } from '../fixtures/pdfs';
import { bridgeCall, openApp, type App } from '../helpers/e2e-app';

const LAW = 'This Agreement is governed by the laws of the State of New York.';
const NOTICE = 'Either party may prevent renewal by notice thirty (30) days before the end of the term.';
const INDEMNITY = 'Each party shall indemnify and hold harmless the other party from third-party claims.';

describe('playbooks in Chromium', () => {
  let app: App;
  let page: Page;
  let documentId = 0;

  async function review(name: string, payload: Record<string, unknown>) {
    const res = await bridgeCall(app.backend, name, { documentId, template: 'contract', ...payload });
    expect(res.body.ok, JSON.stringify(res.body.error)).toBe(true);
  }

  async function select(field: string, line: string, value?: string) {
    const text = app.services.archive.getPage(documentId, 1).text;
    const start = text.indexOf(line);
    expect(start, line).toBeGreaterThanOrEqual(0);
    await review('extraction:addFromSelection', { field, page: 1, start, end: start + line.length, ...(value ? { value } : {}) });
  }

  beforeAll(async () => {
    app = await openApp({
      viewport: { width: 1400, height: 900 },
      async seed(services) {
        const pdf = textPdf({ title: 'Services Agreement', pages: [['SERVICES AGREEMENT', LAW, NOTICE, INDEMNITY]] });
        const [outcome] = await services.importer.importMany([{ key: 's', name: 'services.pdf', data: pdf }]);
        documentId = outcome?.kind === 'imported' ? outcome.document.id : 0;
      },
    });
    page = app.page;
    await select('governing_law', LAW, 'State of New York');
    await select('notice_period_to_terminate_renewal', NOTICE, 'thirty (30) days');
    await select('indemnification', INDEMNITY);
    await review('extraction:edit', { field: 'non_compete', value: false });
    await page.reload();
  });

  afterAll(() => app?.close());

  it('shows a built-in read-only, lists a duplicate\'s problems in words, and saves it once fixed', async () => {
    await page.getByTestId('header-playbooks').click();
    await page.getByTestId('playbooks-screen').waitFor();
    await page.locator('[data-testid="playbook-item"][data-playbook="commercial-standard"]').click();
    const json = page.getByTestId('playbook-json');
    await expect.poll(async () => (await json.inputValue()).includes('"commercial-standard"')).toBe(true);
    expect(await json.getAttribute('readonly')).not.toBeNull();

    await page.getByTestId('playbook-duplicate').click();
    await expect.poll(async () => (await json.inputValue()).includes('"commercial-standard-copy"')).toBe(true);
    const draft = JSON.parse(await json.inputValue()) as { rules: Array<Record<string, unknown>> };
    draft.rules[0] = { ...draft.rules[0], check: { type: 'matches', pattern: '.*' } };
    await json.fill(JSON.stringify(draft, null, 2));
    const problems = page.getByTestId('playbook-problems');
    await expect.poll(() => problems.textContent()).toContain('rules[0] (governing-law).check.type: a check type must be one of present, absent, one_of, none_of, at_least, at_most');
    expect(await page.getByTestId('playbook-save').isDisabled()).toBe(true);

    draft.rules[0] = { ...draft.rules[0], check: { type: 'one_of', values: ['Delaware'] } };
    await json.fill(JSON.stringify(draft, null, 2));
    await expect.poll(() => problems.count()).toBe(0);
    await page.getByTestId('playbook-save').click();
    const saved = page.locator('[data-testid="playbook-item"][data-playbook="commercial-standard-copy"]');
    await saved.waitFor();
    expect(await saved.textContent()).not.toContain('Built-in');

    // A new draft discarded returns to the stored playbook it was made from.
    await page.getByTestId('playbook-new').click();
    await expect.poll(async () => (await json.inputValue()).includes('"my-playbook"')).toBe(true);
    await page.getByTestId('playbook-discard').click();
    await expect.poll(async () => (await json.inputValue()).includes('"commercial-standard-copy"')).toBe(true);
    expect(await page.getByTestId('playbook-delete').isVisible()).toBe(true);
  });

  it('opens a contract\'s report with every rule, its outcome and evidence; it prints without the app around it', async () => {
    await page.locator('[data-testid="playbook-item"][data-playbook="commercial-standard"]').click();
    const row = page.locator(`[data-testid="playbook-result-row"][data-document-id="${documentId}"]`);
    await row.waitFor();
    await row.getByTestId('playbook-open-report').click();
    await page.getByTestId('playbook-report').waitFor();
    const rows = page.getByTestId('playbook-report-row');
    await expect.poll(() => rows.count()).toBe(10);
    const outcome = (rule: string) => page.locator(`[data-testid="playbook-report-row"][data-rule="${rule}"]`).getAttribute('data-outcome');
    expect(await outcome('governing-law')).toBe('meets');
    expect(await outcome('renewal-notice')).toBe('deviates');
    expect(await outcome('mutual-indemnification')).toBe('meets');
    expect(await outcome('no-non-compete')).toBe('meets');
    expect(await outcome('force-majeure')).toBe('missing');
    const law = page.locator('[data-testid="playbook-report-row"][data-rule="governing-law"]');
    expect(await law.textContent()).toContain('State of New York');
    expect(await law.getByTestId('playbook-report-evidence').textContent()).toContain(`p. 1 ${LAW}`.replace(/\s+/g, ' ').slice(0, 40));

    // Print / Save as PDF: the system dialog (stubbed here) and an access-log entry naming the contract.
    await page.evaluate('window.print = () => { window.__printed = (window.__printed || 0) + 1; }');
    await page.getByTestId('playbook-print').click();
    await expect.poll(() => page.evaluate('window.__printed')).toBe(1);
    await expect
      .poll(async () => (await bridgeCall(app.backend, 'accessLog:list', { action: 'printed', documentId })).body.data)
      .toMatchObject({ entries: [{ action: 'printed', documentId, via: 'bridge', detail: { playbook: 'commercial-standard' } }] });

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.header').isVisible()).toBe(false);
    expect(await page.getByTestId('playbook-print').isVisible()).toBe(false);
    expect(await rows.first().isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    expect(await page.locator('header.header').isVisible()).toBe(true);
  });

  it('adds the playbook\'s rules to the Table as a column group, each cell the outcome', async () => {
    await page.getByTestId('header-playbooks').click();
    await page.locator('[data-testid="playbook-item"][data-playbook="commercial-standard"]').click();
    await page.getByTestId('playbook-in-table').click();
    await page.getByTestId('grid-screen').waitFor();
    await expect.poll(() => page.getByTestId('grid-playbook-group').textContent()).toBe('Playbook: Commercial contracts: firm standard positions');
    expect(await page.getByTestId('grid-rule-head').count()).toBe(10);
    const cell = page.locator(`[data-testid="grid-row"][data-document-id="${documentId}"] [data-testid="grid-rule-cell"][data-rule="renewal-notice"]`);
    expect(await cell.textContent()).toBe('Deviates');
    expect(await cell.getAttribute('title')).toContain('is not at least 60 days');
    await page.getByTestId('grid-playbook').selectOption('');
    await expect.poll(() => page.getByTestId('grid-rule-head').count()).toBe(0);
  });
});
