// The colour theme: follows the OS (Chromium's emulated preference) until the user picks one in
// the header; the pick survives a reload and 'System' hands the choice back to the OS.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../helpers/e2e-app';

// Strings: the node-typed test does not know the browser's globals.
const theme = (page: Page): Promise<string | undefined> => page.evaluate('document.documentElement.dataset.theme');
const background = (page: Page): Promise<string> => page.evaluate('getComputedStyle(document.documentElement).backgroundColor');

describe('theme', () => {
  let app: App;

  beforeAll(async () => {
    app = await openApp({ colorScheme: 'dark' });
  });
  afterAll(() => app?.close());

  it('follows the OS, then the user’s choice, which a reload keeps', async () => {
    const { page } = app;
    const toggle = page.getByTestId('theme-toggle');
    await toggle.waitFor();
    expect(await theme(page)).toBe('dark');
    expect(await toggle.getAttribute('aria-label')).toContain('Theme: System (dark now)');
    const dark = await background(page);

    await toggle.click(); // System → Light
    await expect.poll(() => theme(page)).toBe('light');
    expect(await background(page)).not.toBe(dark);

    await page.reload();
    await page.getByTestId('theme-toggle').waitFor();
    expect(await theme(page)).toBe('light');
    expect(await page.getByTestId('theme-toggle').getAttribute('data-theme-choice')).toBe('light');

    await page.getByTestId('theme-toggle').click(); // Light → Dark
    await expect.poll(() => theme(page)).toBe('dark');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await theme(page)).toBe('dark'); // a chosen theme ignores the OS

    await page.getByTestId('theme-toggle').click(); // Dark → System: the OS says light now
    await expect.poll(() => theme(page)).toBe('light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => theme(page)).toBe('dark');
  });
});
