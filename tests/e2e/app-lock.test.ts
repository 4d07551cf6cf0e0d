// The app lock in Chromium over the loopback bridge: with the idle time set to 5 seconds, an
// open document's text is gone from the DOM and the title once the app locks; the backend
// refuses content calls with app_locked (the lock is enforced there, not only in the page); a
// wrong passphrase keeps it locked, the right one brings the document back; Ctrl+L locks
// again; locks and unlocks are in the access log. A plaintext archive has no secret, so its
// lock is a privacy screen that says so.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/main/bridge/start-backend';
import { ArchiveKeys } from '../../electron/main/services/keys/archive-keys';
import { textPdf } from '../fixtures/pdfs';
import { launchChromium } from '../helpers/browser';
import { bridgeCall, openAppPage, startAppBackend } from '../helpers/e2e-app';
import { makeTempDir } from '../helpers/temp-dir';

const PASSPHRASE = 'lighthouse keeper passphrase';
const TITLE = 'Marmalade Lighthouse consult';
const CANARY = 'periwinkle';
// Cheap scrypt for speed; the production cost is asserted in tests/integration/keystore.test.ts.
const keysOptions = { scrypt: { N: 1024, r: 8, p: 1 }, askPassphrase: async () => PASSPHRASE };

async function seed(backend: Backend): Promise<number> {
  const [outcome] = await backend.services.importer.importMany([
    { key: 'c', name: 'consult.pdf', data: textPdf({ title: TITLE, pages: [[`The ${CANARY} finding was discussed.`, 'Plan: review.']] }) },
  ]);
  if (outcome?.kind !== 'imported') throw new Error('import failed');
  return outcome.document.id;
}

const lockScreen = (page: Page) => page.getByTestId('app-lock');

describe('app lock in Chromium', () => {
  const temp = makeTempDir();
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    temp.cleanup();
  });

  it('locks when idle: no document text in the DOM or title, content calls refused; the passphrase unlocks', async () => {
    const dir = path.join(temp.dir, 'encrypted');
    // An existing encrypted archive with a passphrase (its recovery key already saved).
    const keys = new ArchiveKeys(keysOptions);
    await keys.keyFor(dir);
    keys.takeRecoveryKey();
    const backend = await startAppBackend(dir, { keys });
    try {
      const id = await seed(backend);
      const page = await openAppPage(browser, backend);
      await page.getByTestId('library-row').filter({ hasText: TITLE }).click();
      await expect.poll(() => page.getByTestId('page-text').innerText(), { timeout: 30_000 }).toContain(CANARY);

      const set = await bridgeCall(backend, 'privacy:setSettings', { lockAfterSeconds: 5 });
      expect(set.body.ok).toBe(true);
      // No input from here on: the app locks itself.
      await lockScreen(page).waitFor({ timeout: 30_000 });
      const html = await page.content();
      expect(html).not.toContain(CANARY);
      expect(html).not.toContain(TITLE);
      expect(await page.title()).toBe('Abstractor (locked)');
      expect(await page.getByTestId('document-view').count()).toBe(0);

      for (const [name, payload] of [
        ['documents:page', { id, page: 1 }],
        ['documents:get', { id }],
        ['documents:list', {}],
        ['search:query', { query: CANARY }],
        ['accessLog:list', {}],
      ] as const) {
        const refused = await bridgeCall(backend, name, payload);
        expect(refused.status, name).toBe(423);
        expect(refused.body.error?.code, name).toBe('app_locked');
      }
      expect((await bridgeCall(backend, 'lock:state', {})).body.data).toMatchObject({ locked: true, unlockWith: 'passphrase', lockAfterSeconds: 5 });

      await page.getByTestId('app-lock-passphrase').fill('not the passphrase');
      await page.getByTestId('app-lock-unlock').click();
      await expect.poll(() => page.getByTestId('app-lock-error').innerText()).toMatch(/does not open/);
      expect((await bridgeCall(backend, 'documents:page', { id, page: 1 })).body.error?.code).toBe('app_locked');

      await page.getByTestId('app-lock-passphrase').fill(PASSPHRASE);
      await page.getByTestId('app-lock-unlock').click();
      await expect.poll(() => page.getByTestId('page-text').innerText(), { timeout: 30_000 }).toContain(CANARY);
      expect(await page.title()).toBe('Abstractor');
      expect((await bridgeCall(backend, 'documents:page', { id, page: 1 })).body.ok).toBe(true);

      // Ctrl+L locks at once.
      await bridgeCall(backend, 'privacy:setSettings', { lockAfterSeconds: 900 });
      await page.getByTestId('page-text').click();
      await page.keyboard.press('Control+L');
      await lockScreen(page).waitFor({ timeout: 10_000 });
      expect(await page.content()).not.toContain(CANARY);

      const log = backend.services.accessLog.list({}).entries.map((e) => e.action);
      expect(log.filter((a) => a === 'locked')).toHaveLength(2);
      expect(log.filter((a) => a === 'unlocked')).toHaveLength(1);
    } finally {
      await backend.close();
    }
  }, 120_000);

  it('on a plaintext archive, the lock screens the documents and says it needs no secret', async () => {
    const backend = await startAppBackend(path.join(temp.dir, 'plaintext'));
    try {
      await seed(backend);
      const page = await openAppPage(browser, backend);
      await expect.poll(() => page.getByTestId('library-row').filter({ hasText: TITLE }).count(), { timeout: 30_000 }).toBe(1);
      expect((await bridgeCall(backend, 'lock:lock', {})).body.data).toMatchObject({ locked: true, unlockWith: 'confirm' });
      await lockScreen(page).waitFor({ timeout: 10_000 });
      expect(await page.content()).not.toContain(TITLE);
      expect(await page.getByTestId('unlock-screen').innerText()).toMatch(/not encrypted/);
      await page.getByTestId('app-lock-unlock').click();
      await expect.poll(() => page.getByTestId('library-row').filter({ hasText: TITLE }).count(), { timeout: 30_000 }).toBe(1);
    } finally {
      await backend.close();
    }
  }, 60_000);
});
