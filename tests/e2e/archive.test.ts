// Backup, restore and recovery in a real browser over the loopback bridge, where folders are
// typed (the desktop app uses its native folder dialog instead): back up from the Archive
// dialog, lose a document, restore it; then open the UI on a damaged archive and get out of
// the recovery screen by restoring the backup.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/main/bridge/start-backend';
import { textPdf } from '../fixtures/pdfs';
import { launchChromium } from '../helpers/browser';
import { openAppPage, startAppBackend } from '../helpers/e2e-app';
import { makeTempDir } from '../helpers/temp-dir';

const PASSPHRASE = 'narwhal backup passphrase';

describe('archive backup, restore and recovery in Chromium', () => {
  const temp = makeTempDir();
  let browser: Browser;
  let backupPath = '';

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    temp.cleanup();
  });

  const openPage = (backend: Backend): Promise<Page> => openAppPage(browser, backend);

  const rows = (page: Page, text: string) => page.getByTestId('library-row').filter({ hasText: text });

  it('backs up from the Archive dialog, then restores a deleted document', async () => {
    // As `serve --allow-dir <temp>`: backups go there and are restored from there.
    const backend = await startAppBackend(path.join(temp.dir, 'archive'), { allowDirs: [temp.dir] });
    try {
      const [outcome] = await backend.services.importer.importMany([
        { key: 'n', name: 'narwhal.pdf', data: textPdf({ title: 'Narwhal Agreement', pages: [['The narwhal agreement, page one.']] }) },
      ]);
      expect(outcome!.kind).toBe('imported');
      const page = await openPage(backend);
      await expect.poll(() => rows(page, 'Narwhal Agreement').count(), { timeout: 30_000 }).toBe(1);

      await page.getByTestId('header-archive').click();
      await page.getByTestId('backup-dest').fill(path.join(temp.dir, 'backups'));
      // This archive is not encrypted: its backup is authenticated with a passphrase.
      await page.getByTestId('backup-run').click();
      await expect.poll(() => page.getByTestId('archive-error').innerText(), { timeout: 30_000 }).toMatch(/needs a passphrase/);
      await page.getByTestId('backup-passphrase').fill(PASSPHRASE);
      await page.getByTestId('backup-run').click();
      await expect.poll(() => page.getByTestId('archive-done').innerText(), { timeout: 30_000 }).toMatch(/^Backed up 1 documents .* to .*abstractor-backup-/);
      backupPath = fs.readdirSync(path.join(temp.dir, 'backups')).map((name) => path.join(temp.dir, 'backups', name))[0]!;

      // Lost behind the UI's back; the restore brings it back and the page reloads.
      const id = outcome!.kind === 'imported' ? outcome!.document.id : 0;
      backend.services.archive.deleteDocument(id);
      await page.getByTestId('restore-source').fill(backupPath);
      await page.getByTestId('restore-run').click();
      await expect.poll(() => page.getByTestId('archive-done').innerText(), { timeout: 30_000 }).toMatch(/^Restored 1 documents/);
      await page.waitForEvent('load', { timeout: 15_000 });
      await expect.poll(() => rows(page, 'Narwhal Agreement').count(), { timeout: 30_000 }).toBe(1);
      expect(fs.readdirSync(temp.dir).some((name) => name.startsWith('archive.before-restore-'))).toBe(true);
    } finally {
      await backend.close();
    }
  });

  it('shows the recovery screen on a damaged archive and restores the backup from it', async () => {
    const damaged = path.join(temp.dir, 'damaged');
    fs.mkdirSync(damaged);
    fs.writeFileSync(path.join(damaged, 'archive.sqlite'), Buffer.alloc(8192, 0x42));
    const backend = await startAppBackend(damaged, { onOpenError: 'recover', allowDirs: [temp.dir] });
    try {
      const page = await openPage(backend);
      await page.getByTestId('recovery-screen').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('recovery-message').innerText()).toContain(path.join(damaged, 'archive.sqlite'));
      await page.getByTestId('recovery-passphrase').fill(PASSPHRASE);
      await page.getByTestId('recovery-restore').click();
      await page.getByTestId('recovery-path').fill(backupPath);
      await page.getByTestId('recovery-path').press('Enter');
      await expect.poll(() => rows(page, 'Narwhal Agreement').count(), { timeout: 30_000 }).toBe(1);
      expect(fs.readdirSync(temp.dir).some((name) => name.startsWith('damaged.before-restore-'))).toBe(true);
    } finally {
      await backend.close();
    }
  });
});
