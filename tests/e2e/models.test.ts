// The Models screen in a real browser over the loopback bridge: a typed path adds a model only
// under a folder `serve` allows (--allow-dir), and the installed model shows its SHA-256; the
// catalog says which entries are pinned.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTinyModel } from '../fixtures/gguf-writer';
import { openApp, type App } from '../helpers/e2e-app';
import { makeTempDir } from '../helpers/temp-dir';

describe('models screen in Chromium', () => {
  const models = makeTempDir('abstractor-e2e-models-');
  let app: App;
  let page: Page;
  let modelFile: string;

  beforeAll(async () => {
    modelFile = path.join(models.dir, 'tiny.gguf');
    fs.copyFileSync(await ensureTinyModel(), modelFile);
    app = await openApp({ allowDirs: [models.dir] });
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
    models.cleanup();
  });

  it('leads with the recommended model, adds a model by path under --allow-dir, refuses one outside, and shows its SHA-256 under Details', async () => {
    await page.getByTestId('header-models').click();
    await page.getByTestId('models-screen').waitFor();
    // The screen leads with one card: the model recommended for this computer, its speed said plainly.
    const first = page.locator('.models__main > section').first();
    expect(await first.getAttribute('data-testid')).toBe('models-recommended');
    const card = first.getByTestId('models-recommended-model');
    await card.waitFor({ timeout: 15_000 });
    expect(await first.getByTestId('models-recommended-model-speed').innerText()).toMatch(/pages a minute \((estimate|measured here|from a measured model)\)/);
    expect(await card.getByRole('button', { name: /^Download \(/ }).count()).toBe(1);

    await page.getByTestId('add-model-path').fill('/etc/hostname');
    await page.getByTestId('add-model-submit').click();
    await expect.poll(() => page.getByText('That path is not allowed here.').count(), { timeout: 15_000 }).toBe(1);

    await page.getByTestId('add-model-path').fill(modelFile);
    await page.getByTestId('add-model-submit').click();
    const sha = createHash('sha256').update(fs.readFileSync(modelFile)).digest('hex');
    // The file's details are folded under "Details".
    await page.getByTestId('model-details').locator('summary').click({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('model-sha256').innerText(), { timeout: 30_000 }).toContain(sha);

    const pinned = page.locator('[data-testid=catalog-item][data-catalog-id="qwen2.5-0.5b-instruct-q4_k_m"]').getByTestId('catalog-source');
    await expect.poll(() => pinned.innerText(), { timeout: 15_000 }).toMatch(/^Pinned/);
    const unpinned = page.locator('[data-testid=catalog-item][data-catalog-id="gemma-2-2b-it-q4_k_m"]').getByTestId('catalog-source');
    expect(await unpinned.innerText()).toMatch(/^Not pinned/);
  });
});
