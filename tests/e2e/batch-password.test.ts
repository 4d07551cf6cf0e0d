// Issue 12 in a real browser: a batch with a password-protected PDF. The card says a file needs
// a password and leads to it; its row offers "Enter password" (the library's password dialog);
// a wrong password says so in the dialog and in the row, and the dialog lets the person try
// again; the right one imports the file and the row becomes done. axe stays clean with the
// row and the dialog on screen.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptedPdf, textPdf } from '../fixtures/pdfs';
import { axeViolations } from '../helpers/axe';
import { openApp, type App } from '../helpers/e2e-app';

const PASSWORD = 'open sesame';

describe('a protected PDF in a batch, in Chromium', () => {
  let app: App;
  let page: Page;

  beforeAll(async () => {
    app = await openApp({ viewport: { width: 1400, height: 900 } });
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('asks for the password in the file’s row, says when it is wrong, and imports the file with the right one', async () => {
    await page.getByTestId('header-batches').click();
    await page.getByTestId('batches-screen').waitFor();
    await page.getByTestId('batch-file-input').setInputFiles([
      { name: 'sealed.pdf', mimeType: 'application/pdf', buffer: Buffer.from(encryptedPdf({ userPassword: PASSWORD, text: 'Sealed settlement terms.' })) },
      { name: 'open.pdf', mimeType: 'application/pdf', buffer: Buffer.from(textPdf({ title: 'Open letter', pages: [['Open letter, page one.']] })) },
    ]);
    await expect.poll(() => page.getByTestId('batch-chosen').innerText()).toMatch(/2 files/);
    await page.getByTestId('batch-start').click();

    const batch = page.getByTestId('batch-card').first();
    await batch.waitFor();
    await expect.poll(() => batch.getAttribute('data-state'), { timeout: 30_000 }).toBe('finished');
    // Not something "Retry failed" can fix; the card says what it needs instead.
    expect(await batch.getByTestId('batch-retry').count()).toBe(0);
    const needs = batch.getByTestId('batch-needs-password');
    await expect.poll(() => needs.innerText()).toBe('1 needs a password');

    // It leads to the file: the list shows the files that need a password.
    await needs.click();
    await expect.poll(() => batch.getByTestId('batch-files-filter').inputValue()).toBe('password');
    const rows = batch.getByTestId('batch-file');
    await expect.poll(() => rows.count()).toBe(1);
    const sealed = rows.filter({ hasText: 'sealed.pdf' });
    expect(await sealed.getAttribute('data-error-code')).toBe('password_required');
    expect(await sealed.getByTestId('batch-file-detail').innerText()).toMatch(/^Needs a password · /);
    expect(await sealed.getByTestId('batch-file-open').count()).toBe(0);
    expect(await sealed.getByRole('button', { name: /^Retry/ }).count()).toBe(0);

    const unlock = sealed.getByRole('button', { name: 'Enter password for sealed.pdf' });
    expect(await unlock.innerText()).toBe('Enter password');
    expect(await axeViolations(page)).toEqual([]);
    await unlock.click();
    const dialog = page.getByRole('dialog', { name: 'Password required' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('sealed.pdf');
    expect(await axeViolations(page)).toEqual([]);

    // A wrong password: said in the dialog, which stays open to try again, and in the row.
    const field = dialog.getByLabel('Password', { exact: true });
    await field.fill('open sesame?');
    await dialog.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => dialog.getByRole('alert').innerText()).toBe('That password is not correct. Check it and try again.');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => sealed.getAttribute('data-error-code')).toBe('password_incorrect');
    expect(await sealed.getByTestId('batch-file-detail').innerText()).toMatch(/^Wrong password · /);
    expect(await axeViolations(page)).toEqual([]);

    // The right one: the dialog closes and the file is imported; the list shows every file again.
    await field.fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Unlock' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => batch.getByTestId('batch-files-filter').inputValue()).toBe('all');
    await expect.poll(() => rows.filter({ hasText: 'sealed.pdf' }).getAttribute('data-state')).toBe('done');
    expect(await rows.filter({ hasText: 'sealed.pdf' }).getByTestId('batch-file-state').innerText()).toBe('Done');
    await expect.poll(() => batch.locator('[data-count=done] dd').innerText()).toBe('2');
    expect(await batch.locator('[data-count=failed] dd').innerText()).toBe('0');
    expect(await needs.count()).toBe(0);

    // It opens in the reader with its text.
    await rows.filter({ hasText: 'sealed.pdf' }).getByTestId('batch-file-open').click();
    await page.getByTestId('document-view').waitFor();
    await expect.poll(() => page.getByTestId('page-text').innerText()).toContain('Sealed settlement terms.');
  });
});
