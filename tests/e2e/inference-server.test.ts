// The shared inference server in Chromium over the bridge: with it on, the header says plainly
// which host documents go to; on the Models screen it is turned off and the header says nothing
// more. No run starts, so nothing contacts the (made-up) host.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setServerSettings } from '../../electron/main/services/llm/server/inference-server-settings';
import { bridgeCall, openApp, type App } from '../helpers/e2e-app';

describe('inference server in Chromium', () => {
  let app: App;
  let page: Page;

  beforeAll(async () => {
    app = await openApp({
      viewport: { width: 1400, height: 900 },
      async seed(services) {
        setServerSettings(services.db, { enabled: true, url: 'http://gpu.example.org:8080', slots: 2, apiKey: 'team-key' });
      },
    });
    page = app.page;
  });

  afterAll(() => app?.close());

  it('says in the header where documents go, and stops saying it once turned off', async () => {
    const banner = page.getByTestId('server-banner');
    await expect.poll(() => banner.textContent()).toBe('Sends documents to gpu.example.org:8080');
    // The key never reaches the page.
    const view = await bridgeCall(app.backend, 'server:getSettings', {});
    expect(JSON.stringify(view.body)).not.toContain('team-key');
    await banner.click();
    const card = page.getByTestId('inference-server');
    await expect.poll(() => card.textContent()).toContain('gpu.example.org:8080');
    await page.getByTestId('server-disable').click();
    await expect.poll(() => banner.count()).toBe(0);
    await expect.poll(() => card.textContent()).toContain('no document leaves it');
  });
});
