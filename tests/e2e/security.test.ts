// The encryption screens in a real browser over the loopback bridge, as on a desktop without a
// usable keychain (Linux basic_text): a new archive asks for a passphrase, shows its recovery
// key once until the user confirms it is saved; a restart shows the unlock screen, where a
// wrong passphrase is refused (the archive unchanged and no document reachable) and the
// recovery key opens it; the Archive dialog changes the passphrase; a plaintext archive carries a "Not encrypted" marker in the header.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveKeys } from '../../electron/main/services/keys/archive-keys';
import { textPdf } from '../fixtures/pdfs';
import { launchChromium } from '../helpers/browser';
import { openApp, openAppPage, startAppBackend } from '../helpers/e2e-app';
import { fileHashes } from '../helpers/temp-archive';
import { makeTempDir } from '../helpers/temp-dir';

// Cheap scrypt for speed; the production cost is asserted in tests/integration/keystore.test.ts.
const keysOptions = { scrypt: { N: 1024, r: 8, p: 1 } };
const PASSPHRASE = 'correct horse battery staple';
const NEW_PASSPHRASE = 'a different passphrase now';


describe('encryption screens in Chromium', () => {
  const temp = makeTempDir();
  const dir = path.join(temp.dir, 'Archive');
  let browser: Browser;
  let recoveryKey = '';

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    temp.cleanup();
  });

  it('a new archive: choose a passphrase, then the recovery key is shown until it is saved', async () => {
    const backend = await startAppBackend(dir, { keys: new ArchiveKeys(keysOptions), onOpenError: 'recover' });
    try {
      const page = await openAppPage(browser, backend);
      await page.getByTestId('unlock-screen').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('unlock-screen').innerText()).toContain('Protect your new archive');
      await page.getByTestId('create-passphrase').fill(PASSPHRASE);
      await page.getByTestId('create-passphrase-again').fill('correct horse battery stapler');
      expect(await page.getByTestId('create-submit').isDisabled()).toBe(true); // they differ
      await page.getByTestId('create-passphrase-again').fill(PASSPHRASE);
      await page.getByTestId('create-submit').click();

      await page.getByTestId('recovery-key').waitFor({ timeout: 30_000 });
      recoveryKey = (await page.getByTestId('recovery-key').innerText()).trim();
      expect(recoveryKey).toMatch(/^([0-9A-Z]{4}-){8}[0-9A-Z]{4}$/);
      expect(fs.existsSync(path.join(dir, 'keystore.json'))).toBe(true);
      expect(await page.getByTestId('not-encrypted').count()).toBe(0);
      // Still there after a reload, until confirmed.
      await page.reload();
      await page.getByTestId('recovery-key').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('recovery-key-done').isDisabled()).toBe(true);
      await page.getByTestId('recovery-key-saved').check();
      await page.getByTestId('recovery-key-done').click();
      await expect.poll(() => page.getByTestId('recovery-key').count()).toBe(0);
      const security = await backend.host.dispatch('bridge')('archive:security', {});
      expect(security).toEqual({ ok: true, data: { encrypted: true, needsPassphrase: null, keySources: ['passphrase'], recoveryKey: null } });

      const [outcome] = await backend.services.importer.importMany([
        { key: 'o', name: 'okapi.pdf', data: textPdf({ title: 'Okapi Lease', pages: [['The okapi lease, page one.']] }) },
      ]);
      expect(outcome!.kind).toBe('imported');
    } finally {
      await backend.close();
    }
  });

  it('after a restart: the unlock screen refuses a wrong passphrase and opens with the recovery key', async () => {
    const backend = await startAppBackend(dir, { keys: new ArchiveKeys(keysOptions), onOpenError: 'recover' });
    try {
      const before = fileHashes(dir);
      const page = await openAppPage(browser, backend);
      await page.getByTestId('unlock-screen').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('unlock-screen').innerText()).toContain('Unlock your archive');
      // Locked: no call reaches a document.
      expect(await backend.host.dispatch('bridge')('documents:list', {})).toMatchObject({ ok: false, error: { code: 'archive_locked' } });
      expect(await page.locator('body').innerText()).not.toContain('Okapi');

      await page.getByTestId('unlock-passphrase').fill('not the passphrase');
      await page.getByTestId('unlock-submit').click();
      await expect.poll(() => page.getByTestId('unlock-error').count(), { timeout: 30_000 }).toBe(1);
      expect(await page.getByTestId('unlock-error').innerText()).toContain('does not open this archive');
      expect(fileHashes(dir)).toEqual(before);

      await page.getByTestId('unlock-passphrase').fill(recoveryKey.toLowerCase());
      await page.getByTestId('unlock-submit').click();
      await expect.poll(() => page.getByTestId('library-row').filter({ hasText: 'Okapi Lease' }).count(), { timeout: 30_000 }).toBe(1);
      expect(await page.getByTestId('not-encrypted').count()).toBe(0);

      // Archive dialog: change the passphrase (a wrong current one is refused).
      await page.getByTestId('header-archive').click();
      await page.getByTestId('passphrase-current').fill('a wrong guess');
      await page.getByTestId('passphrase-next').fill(NEW_PASSPHRASE);
      await page.getByTestId('passphrase-again').fill(NEW_PASSPHRASE);
      await page.getByTestId('passphrase-change').click();
      await expect.poll(() => page.getByTestId('passphrase-result').innerText(), { timeout: 30_000 }).toContain('not right');
      await page.getByTestId('passphrase-current').fill(PASSPHRASE);
      await page.getByTestId('passphrase-change').click();
      await expect.poll(() => page.getByTestId('passphrase-result').innerText(), { timeout: 30_000 }).toBe('The passphrase is changed.');
    } finally {
      await backend.close();
    }
  });

  it('after the change, the new passphrase unlocks it and the old one does not', async () => {
    const backend = await startAppBackend(dir, { keys: new ArchiveKeys(keysOptions), onOpenError: 'recover' });
    try {
      const page = await openAppPage(browser, backend);
      await page.getByTestId('unlock-passphrase').fill(PASSPHRASE);
      await page.getByTestId('unlock-submit').click();
      await expect.poll(() => page.getByTestId('unlock-error').count(), { timeout: 30_000 }).toBe(1);
      await page.getByTestId('unlock-passphrase').fill(NEW_PASSPHRASE);
      await page.getByTestId('unlock-submit').click();
      await expect.poll(() => page.getByTestId('library-row').filter({ hasText: 'Okapi Lease' }).count(), { timeout: 30_000 }).toBe(1);
    } finally {
      await backend.close();
    }
  });

  it('a plaintext archive says "Not encrypted" in the header', async () => {
    const app = await openApp();
    try {
      await app.page.getByTestId('not-encrypted').waitFor({ timeout: 30_000 });
      expect(await app.page.getByTestId('not-encrypted').innerText()).toBe('Not encrypted');
    } finally {
      await app.close();
    }
  });
});
