// The template screen never strands the editor on 'Loading…': picking the template that is
// already open, or discarding a new draft, shows the stored template again. Issue 12: a
// built-in opens read-only, instructions get a box of several lines, and the editor speaks in
// words (no 'slug', 'enum' or snake_case, domains in sentence case). A field's section shows in
// the editor and is saved.
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

  it('opens a built-in read-only, gives instructions several lines and speaks without jargon', async () => {
    const { page } = app;
    await page.getByTestId('header-templates').click();
    await page.locator('[data-testid=template-item]').filter({ hasText: 'Lease abstract' }).click();
    const editor = page.getByTestId('template-editor');
    await editor.waitFor();
    await expect.poll(() => page.getByTestId('template-name').inputValue()).toBe('lease-abstract');
    expect(await editor.getAttribute('disabled')).not.toBeNull();
    expect(await page.getByTestId('template-name').isEditable()).toBe(false);
    expect(await page.getByTestId('template-instructions').first().isEditable()).toBe(false);

    await page.getByTestId('template-new').click();
    await page.getByTestId('template-name').waitFor();
    expect(await editor.getAttribute('disabled')).toBeNull();
    const instructions = page.getByTestId('template-instructions').first();
    expect(await instructions.evaluate((el) => el.tagName)).toBe('TEXTAREA');
    expect(await instructions.getAttribute('rows')).toBe('3');
    const words = await editor.evaluate((el) =>
      [el.textContent ?? '', ...[...el.querySelectorAll('input, textarea')].map((i) => i.getAttribute('placeholder') ?? '')].join(' '),
    );
    expect(words).not.toMatch(/slug|\benum\b|\(enum\)|snake_case/i);
    expect(await page.getByTestId('template-domain').locator('option').allInnerTexts()).toEqual(['Medical', 'Legal', 'Other']);
    await page.getByRole('button', { name: 'Discard' }).click();
  });

  it('shows a built-in field\'s section and saves the section typed for a new template\'s field', async () => {
    const { page } = app;
    await page.locator('[data-testid=template-item][data-template=nda]').click();
    const sections = page.getByTestId('template-section');
    await expect.poll(() => sections.first().inputValue()).toBe('Parties');
    expect(await sections.first().isDisabled()).toBe(true); // a built-in is read-only

    await page.getByTestId('template-new').click();
    await page.getByTestId('template-name').fill('sectioned');
    await page.getByLabel('Section', { exact: false }).first().fill('  Term & renewal ');
    await page.getByTestId('template-save').click();
    await expect.poll(() => app.services.extraction.templates.list().some((t) => t.name === 'sectioned')).toBe(true);
    expect(app.services.extraction.templates.get('sectioned').fields[0]!.section).toBe('Term & renewal');
    await expect.poll(() => sections.first().inputValue()).toBe('Term & renewal');
  });
});
