// The Domain adapters panel in a real browser over the loopback bridge: with an adapter in the
// library, each summary profile and template shows the adapter its runs use, and a choice made
// on the page is what the library then applies.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_MODEL_OPTIONS, writeRandomLoraGguf } from '../fixtures/gguf-writer';
import { openApp, type App } from '../helpers/e2e-app';
import { makeTempDir } from '../helpers/temp-dir';

describe('domain adapters panel in Chromium', () => {
  const scratch = makeTempDir('abstractor-e2e-adapters-');
  let app: App;
  let page: Page;

  beforeAll(async () => {
    const file = `${scratch.dir}/contracts.lora.gguf`;
    await writeRandomLoraGguf(file, TINY_MODEL_OPTIONS, { rank: 4, alpha: 4, seed: 3 });
    app = await openApp({ seed: async (services) => void (await services.models.adapters.add(file, 'contracts-v1')) });
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
    scratch.cleanup();
  });

  it('shows the adapter and stores the choice made for a profile', async () => {
    await page.getByTestId('header-models').click();
    await page.getByTestId('adapters-panel').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('adapters-panel').innerText()).toContain('contracts-v1');

    const legal = page.getByLabel('Adapter for Summaries: legal');
    expect(await legal.inputValue()).toBe('__default__');
    await legal.selectOption('contracts-v1');
    await expect.poll(() => app.services.models.adapters.chosen({ profile: 'legal' }), { timeout: 15_000 }).toBe('contracts-v1');
    await expect.poll(() => legal.inputValue(), { timeout: 15_000 }).toBe('contracts-v1');

    await legal.selectOption('__none__');
    // The source is already 'chosen' from the first choice: wait for the adapter itself to change.
    await expect.poll(() => app.services.models.adapters.chosen({ profile: 'legal' }), { timeout: 15_000 }).toBeNull();
    expect(app.services.models.adapters.choice({ profile: 'legal' }).source).toBe('chosen');
  });
});
