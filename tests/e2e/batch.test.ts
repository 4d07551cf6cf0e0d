// The Batches screen in a real browser against the real job queue over the loopback bridge:
// start a batch of generated PDFs plus a file that is not a PDF (no template, so no model),
// follow it to 100% with every file settled, see the failed file's reason in words (and no
// Retry that cannot help, and the failed share apart on the bar), open a finished
// file in the reader, then remove the finished batch from the list (its documents stay); then a
// batch from a folder path, paused (not removable) and resumed from the UI.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { largePdf, textPdf } from '../fixtures/pdfs';
import { bridgeCall, openApp, type App } from '../helpers/e2e-app';
import { makeTempDir } from '../helpers/temp-dir';

describe('batches in Chromium', () => {
  const inbox = makeTempDir('abstractor-inbox-');
  let app: App;
  let page: Page;

  beforeAll(async () => {
    // As `serve --allow-dir <inbox>`: the page may name paths in the inbox only.
    app = await openApp({ viewport: { width: 1400, height: 900 }, allowDirs: [inbox.dir] });
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
    inbox.cleanup();
  });

  const card = (id: string) => page.locator(`[data-testid=batch-card][data-batch-id="${id}"]`);
  const fileRow = (scope: ReturnType<typeof card>, name: string) => scope.getByTestId('batch-file').filter({ hasText: name });

  it('runs a batch of uploaded files to 100%, with the broken file failed, said in words and not offered a retry', async () => {
    await page.getByTestId('header-batches').click();
    await page.getByTestId('batches-screen').waitFor();
    await page.getByTestId('batches-empty').waitFor();

    const pdf = (title: string) => Buffer.from(textPdf({ title, pages: [[title, 'Governing law: Ontario.'], ['Signed by both parties.']] }));
    // One file dropped on the batch's drop zone (not imported on its own by the window's
    // drop target), two more chosen with the file input.
    // A string, so the node-typed test need not know the DOM's DataTransfer.
    const dropped = await page.evaluateHandle(`(() => {
      const transfer = new DataTransfer();
      const bytes = Uint8Array.from(${JSON.stringify([...pdf('Alpha Agreement')])});
      transfer.items.add(new File([bytes], 'alpha.pdf', { type: 'application/pdf' }));
      return transfer;
    })()`);
    for (const type of ['dragenter', 'dragover', 'drop']) await page.getByTestId('batch-drop').dispatchEvent(type, { dataTransfer: dropped });
    await expect.poll(() => page.getByTestId('batch-chosen').innerText()).toMatch(/1 file/);
    expect(await page.getByTestId('import-panel').count()).toBe(0);
    await page.getByTestId('batch-file-input').setInputFiles([
      { name: 'beta.pdf', mimeType: 'application/pdf', buffer: pdf('Beta Agreement') },
      { name: 'broken.pdf', mimeType: 'application/pdf', buffer: Buffer.from('This is a plain text file, not a PDF.\n') },
    ]);
    await expect.poll(() => page.getByTestId('batch-chosen').innerText()).toMatch(/3 files/);
    await page.getByTestId('batch-start').click();

    const batch = page.getByTestId('batch-card').first();
    await batch.waitFor();
    const id = (await batch.getAttribute('data-batch-id'))!;
    const ours = card(id);
    await expect.poll(() => ours.getAttribute('data-state'), { timeout: 30_000 }).toBe('finished');
    await expect.poll(() => ours.getByTestId('batch-percent').innerText()).toBe('100%');
    await expect.poll(() => ours.locator('[data-count=done] dd').innerText()).toBe('2');
    expect(await ours.locator('[data-count=failed] dd').innerText()).toBe('1');
    expect(await ours.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    // Finished is not the same as succeeded: the bar shows the failed third apart, and says so.
    expect(await ours.getByRole('progressbar').getAttribute('aria-valuetext')).toBe('2 of 3 files done, 1 failed');
    const failedShare = await ours.getByTestId('progress-failed').evaluate((el) => el.getBoundingClientRect().width / el.parentElement!.getBoundingClientRect().width);
    expect(failedShare).toBeCloseTo(1 / 3, 1);
    // A file that is not a PDF will never import: no Retry for it, nor for the batch.
    expect(await ours.getByTestId('batch-retry').count()).toBe(0);

    // A started batch opens with its files listed; each settled.
    await expect.poll(() => ours.getByTestId('batch-file').count()).toBe(3);
    for (const name of ['alpha.pdf', 'beta.pdf']) {
      await expect.poll(() => fileRow(ours, name).getAttribute('data-state')).toBe('done');
      expect(await fileRow(ours, name).getByTestId('batch-file-state').innerText()).toBe('Done');
    }
    const broken = fileRow(ours, 'broken.pdf');
    await expect.poll(() => broken.getAttribute('data-state')).toBe('failed');
    expect(await broken.getByTestId('batch-file-state').innerText()).toBe('Failed');
    expect(await broken.getAttribute('data-error-code')).toBe('not_pdf');
    // Said in words, not with the program's code.
    const detail = await broken.getByTestId('batch-file-detail').innerText();
    expect(detail).toMatch(/^Import failed · This is not a PDF/);
    expect(detail).not.toContain('not_pdf');
    expect(await broken.getByTestId('batch-file-open').count()).toBe(0);
    expect(await broken.getByRole('button', { name: /Retry/ }).count()).toBe(0);

    // The filter narrows a long list to what needs attention.
    await ours.getByTestId('batch-files-filter').selectOption('failed');
    await expect.poll(() => ours.getByTestId('batch-file').count()).toBe(1);
    await ours.getByTestId('batch-files-filter').selectOption('all');

    // Nothing is queued any more: the header's indicator is gone.
    await expect.poll(() => page.getByTestId('queue-indicator').count()).toBe(0);

    // A finished file opens in the reader; Back returns to the batch.
    await fileRow(ours, 'alpha.pdf').getByTestId('batch-file-open').click();
    await page.getByTestId('document-view').waitFor();
    await expect.poll(() => page.getByTestId('page-text').innerText()).toContain('Alpha Agreement');
    await page.keyboard.press('Alt+ArrowLeft');
    await page.getByTestId('batches-screen').waitFor();

    // Issue 12: a finished batch leaves the list when asked; the documents it imported stay.
    const documents = await page.getByTestId('document-count').innerText();
    expect(await ours.getByTestId('batch-remove').getAttribute('aria-label')).toMatch(/^Remove .* from the list$/);
    await ours.getByTestId('batch-remove').click();
    await expect.poll(() => ours.count()).toBe(0);
    expect(app.services.jobs.listBatches().some((b) => String(b.id) === id)).toBe(false);
    expect(await page.getByTestId('document-count').innerText()).toBe(documents);
    // Gone from the archive too: a fresh page lists the batches again without it.
    await page.reload();
    await page.getByTestId('header-batches').click();
    await page.getByTestId('batches-screen').waitFor();
    await page.getByTestId('batch-card').first().or(page.getByTestId('batches-empty')).waitFor();
    expect(await ours.count()).toBe(0);
  });

  it('starts a batch from a folder path, shows it paused and resumes it', async () => {
    // Eight different files (the same bytes would be imported once).
    const FILES = 8;
    for (let i = 1; i <= FILES; i++) fs.writeFileSync(path.join(inbox.dir, `scan-${i}.pdf`), largePdf(800, { linesPerPage: 40, title: `Scan ${i}` }));
    const before = new Set(app.services.jobs.listBatches().map((b) => b.id));
    await page.getByTestId('batch-paths').fill(inbox.dir);
    await page.getByTestId('batch-start').click();
    // pdf.js reads these plain pages at hundreds a second, faster than a click on a busy machine
    // can land: the test pauses the batch the moment main creates it, then checks the page shows
    // it paused and that its Resume button finishes it.
    // Once its first file is being read (before that the batch may exist with its jobs not yet
    // queued, and a pause would miss them).
    let batchId: number | undefined;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const batch = app.services.jobs.listBatches().find((b) => !before.has(b.id));
      batchId = batch?.id;
      if (batch && batch.counts.working > 0) break;
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(batchId).toBeDefined();
    expect(app.services.jobs.pause({ batchId: batchId! })).toBeGreaterThan(0);

    const batch = page.locator(`[data-testid=batch-card][data-batch-id="${batchId}"]`);
    await expect.poll(() => batch.innerText()).toContain(path.basename(inbox.dir));
    await expect.poll(() => batch.getAttribute('data-state'), { timeout: 60_000 }).toBe('paused');
    // While paused the header says so and leads back here.
    await expect.poll(() => page.getByTestId('queue-indicator').getAttribute('aria-label')).toMatch(new RegExp(`^Paused \\d+/${FILES}\\b`));
    const paused = Number(await batch.locator('[data-count=done] dd').innerText());
    expect(paused).toBeLessThan(FILES);
    // Not finished: no Remove, and main refuses one asked for anyway.
    expect(await batch.getByTestId('batch-remove').count()).toBe(0);
    const refused = await bridgeCall(app.backend, 'batches:remove', { id: batchId });
    expect(refused.body.ok ? null : refused.body.error?.code).toBe('invalid_request');
    expect(app.services.jobs.listBatches().some((b) => b.id === batchId)).toBe(true);

    await batch.getByTestId('batch-resume').click();
    await expect.poll(() => batch.getAttribute('data-state'), { timeout: 180_000 }).toBe('finished');
    expect(await batch.locator('[data-count=done] dd').innerText()).toBe(String(FILES));
    expect(await batch.getByTestId('batch-percent').innerText()).toBe('100%');
  }, 240_000);
});
