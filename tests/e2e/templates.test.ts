// The template screen never strands the editor on 'Loading…': picking the template that is
// already open, or discarding a new draft, shows the stored template again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../helpers/e2e-app';

describe('templates screen', () => {
  let app: App;

  beforeAll(async () => {
    app = await openApp();
  });
  afterAll(() => app?.close());

  it('shows the open template again after picking it twice or discarding a new draft', async () => {
    const { page } = app;
    await page.getByTestId('header-templates').click();
    await page.getByTestId('templates-screen').waitFor();
    const first = page.getByTestId('template-item').first();
    await first.click();
    const editor = page.getByTestId('template-editor');
    await editor.waitFor();
    const title = await page.locator('.templates-screen__toolbar h2').innerText();

    await first.click(); // the same one again
    await editor.waitFor({ timeout: 10_000 });
    expect(await page.locator('.templates-screen__toolbar h2').innerText()).toBe(title);

    await page.getByTestId('template-new').click();
    await page.getByTestId('template-name').waitFor();
    await page.getByRole('button', { name: 'Discard' }).click();
    await expect.poll(() => page.locator('.templates-screen__toolbar h2').innerText(), { timeout: 10_000 }).toBe(title);
    expect(await editor.count()).toBe(1);
  });
});
