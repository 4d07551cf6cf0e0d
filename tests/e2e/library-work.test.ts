// The library shows the work done on each document, in Chromium against the real backend: its
// summary, its extraction (by template) and its review ("1 of 3 reviewed · 2 need review");
// the work filters (needs review, not extracted, failed, OCR needed) keep only the documents
// they name, and the work columns sort (in SQL, through documents:list).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Candidate } from '../../shared/extraction/api';
import { textPdf } from '../fixtures/pdfs';
import { openApp, type App } from '../helpers/e2e-app';

const TEMPLATE = 'nda';
const TITLES = ['Review me', 'Untouched', 'Summary failed', 'Scanned pages'] as const;

const cited = (value: string): { primary: Candidate; alternatives: Candidate[] } => ({
  primary: { value, normalized: value, status: 'cited', evidence: [], items: null, runId: null },
  alternatives: [],
});

describe('library work columns and filters in Chromium', () => {
  let app: App;
  let page: Page;
  let templateTitle = '';

  beforeAll(async () => {
    app = await openApp({
      viewport: { width: 1440, height: 900 },
      async seed(services) {
        const outcomes = await services.importer.importMany(
          TITLES.map((title, i) => ({ key: String(i), name: `${title.toLowerCase().replace(/ /g, '-')}.pdf`, data: textPdf({ title, pages: [[`${title} body text.`]] }) })),
        );
        const ids = outcomes.map((o) => {
          if (o.kind !== 'imported') throw new Error('fixture import failed');
          return o.document.id;
        });
        const { extraction, db } = services;
        const template = extraction.templates.get(TEMPLATE);
        templateTitle = template.title;
        const [a, b, c] = template.fields.map((f) => f.key);
        const finish = (runs: typeof extraction.runs, runId: number, status: 'done' | 'failed') =>
          runs.finish(runId, { status, error: status === 'failed' ? { code: 'internal', message: 'Broken.' } : null, tokens: { input: 1, output: 1 }, timings: {}, pagesRead: 1 });
        // "Review me": an extraction of three values, one of them confirmed.
        const runId = extraction.runs.create({ documentId: ids[0]!, profile: TEMPLATE, promptVersion: 'v1', settings: {}, pagesTotal: 1 });
        extraction.fields.applyRun(ids[0]!, template, runId, new Map([[a!, cited('Acme')], [b!, cited('Beta')], [c!, cited('Gamma')]]));
        finish(extraction.runs, runId, 'done');
        extraction.fields.confirm(ids[0]!, template, a!);
        // "Summary failed": a summary run that failed (the run store the summarizer uses).
        db.prepare(
          `INSERT INTO runs (document_id, kind, profile, prompt_version, status, error_code, error_message, started_at, finished_at)
           VALUES (?, 'summary', 'legal', 'v1', 'failed', 'internal', 'Broken.', '2024-01-01T00:00:00Z', '2024-01-01T00:00:01Z')`,
        ).run(ids[2]!);
        // "Scanned pages": pages the import found without text.
        db.prepare('UPDATE documents SET pages_needing_ocr = 1 WHERE id = ?').run(ids[3]!);
      },
    });
    page = app.page;
    await page.getByTestId('library-row').nth(TITLES.length - 1).waitFor({ timeout: 30_000 });
  }, 120_000);

  afterAll(() => app?.close());

  const row = (title: string) => page.getByTestId('library-row').filter({ hasText: title });
  const shownTitles = () => page.locator('[data-testid="library-row"] .library-row__title').allInnerTexts();
  const cell = (title: string, column: number) => row(title).getByRole('cell').nth(column);
  async function header(name: string): Promise<number> {
    const names = await page.getByRole('columnheader').allInnerTexts();
    return names.findIndex((n) => n.replace(/[▲▼]/g, '').trim() === name);
  }

  it('shows each document’s summary, extraction and review', async () => {
    const [summary, extraction, review] = [await header('Summary'), await header('Extraction'), await header('Review')];
    expect(Math.min(summary, extraction, review)).toBeGreaterThan(0);
    expect(await cell('Review me', review).textContent()).toContain('1 of 3 reviewed · 2 need review');
    expect(await cell('Review me', extraction).innerText()).toContain('Done');
    expect(await cell('Review me', extraction).innerText()).toContain(templateTitle);
    expect(await cell('Summary failed', summary).innerText()).toBe('Failed');
    expect(await cell('Untouched', extraction).textContent()).toContain('Not extracted');
    expect(await cell('Untouched', review).textContent()).toContain('Nothing to review');
  });

  it('filters by work in SQL, with the count of what is kept', async () => {
    const filter = async (id: string, titles: readonly string[]) => {
      await page.getByTestId(`work-filter-${id}`).click();
      expect(await page.getByTestId(`work-filter-${id}`).getAttribute('aria-pressed')).toBe('true');
      await expect.poll(async () => (await shownTitles()).sort()).toEqual([...titles].sort());
    };
    await filter('needs_review', ['Review me']);
    await expect.poll(() => page.locator('.library__count').innerText()).toBe(`1 of ${TITLES.length} documents`);
    await filter('not_extracted', ['Untouched', 'Summary failed', 'Scanned pages']);
    await filter('failed', ['Summary failed']);
    await filter('ocr_needed', ['Scanned pages']);
    await filter('all', TITLES);
    await expect.poll(() => page.locator('.library__count').innerText()).toBe(`${TITLES.length} documents`);
  });

  it('sorts by review and by summary state', async () => {
    await page.getByRole('columnheader', { name: 'Review' }).getByRole('button').click();
    expect(await page.getByRole('columnheader', { name: 'Review' }).getAttribute('aria-sort')).toBe('descending');
    await expect.poll(async () => (await shownTitles())[0]).toBe('Review me');
    await page.getByRole('columnheader', { name: 'Review' }).getByRole('button').click();
    await expect.poll(async () => (await shownTitles()).at(-1)).toBe('Review me');

    await page.getByRole('columnheader', { name: 'Summary' }).getByRole('button').click();
    expect(await page.getByRole('columnheader', { name: 'Summary' }).getAttribute('aria-sort')).toBe('ascending');
    // Not started first, then failed.
    await expect.poll(async () => (await shownTitles()).at(-1)).toBe('Summary failed');
    await page.getByRole('columnheader', { name: 'Summary' }).getByRole('button').click();
    await expect.poll(async () => (await shownTitles())[0]).toBe('Summary failed');
  });

  it('shows an empty filter in words, with a way back', async () => {
    app.services.db.prepare("UPDATE runs SET status = 'done' WHERE kind = 'summary'").run();
    await page.reload();
    await page.getByTestId('work-filter-failed').click();
    await page.getByText('No summary or extraction has failed.').waitFor();
    await page.getByRole('button', { name: 'Show all' }).click();
    await expect.poll(() => page.getByTestId('library-row').count()).toBe(TITLES.length);
  });
});
