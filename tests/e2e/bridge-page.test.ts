// The built page on the loopback bridge, as a browser sees it: the token is read once from the
// fragment and leaves the address bar, travels only in the Authorization header (calls and the
// event stream alike, never in a URL), events still arrive, and no other site can frame the page.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/main/bridge/start-backend';
import { textPdf } from '../fixtures/pdfs';
import { launchChromium } from '../helpers/browser';
import { startAppBackend } from '../helpers/e2e-app';
import { makeTempDir } from '../helpers/temp-dir';

describe('the bridge page in Chromium', () => {
  const temp = makeTempDir();
  let backend: Backend;
  let browser: Browser;

  beforeAll(async () => {
    backend = await startAppBackend(temp.dir);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await backend?.close();
    temp.cleanup();
  });

  it('keeps the token out of every URL and sends it in the Authorization header only', async () => {
    const page = await browser.newPage();
    const requests: Request[] = [];
    page.on('request', (r) => requests.push(r));
    await page.goto(backend.bridge.pageUrl);
    const { token } = backend.bridge;

    // Events reach the page over the header-authenticated stream: an import shows up by itself.
    await page.getByTestId('import-input').setInputFiles({
      name: 'bridge-page.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(textPdf({ title: 'Bridge page fixture', pages: [['Loopback only.']] })),
    });
    const row = page.getByTestId('library-row').filter({ hasText: 'Bridge page fixture' });
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);

    expect(page.url()).not.toContain(token);
    expect(new URL(page.url()).hash).toBe('');
    const api = requests.filter((r) => new URL(r.url()).pathname.startsWith('/api/'));
    expect(api.some((r) => r.url().endsWith('/api/events'))).toBe(true);
    expect(api.some((r) => r.url().includes('/api/call/'))).toBe(true);
    for (const r of requests) expect(r.url()).not.toContain(token);
    for (const r of api) expect(await r.headerValue('authorization'), r.url()).toBe(`Bearer ${token}`);
    await page.close();
  });

  it('cannot be framed by another page', async () => {
    // Another site on this machine: it serves a page that frames a given URL, and a page that
    // sends no anti-framing headers (the control, which it can frame).
    const other = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://other');
      const src = url.searchParams.get('src') ?? '';
      res.end(url.pathname === '/framer' ? `<!doctype html><iframe src="${src}"></iframe>` : '<!doctype html><p id="inside">framed</p>');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const otherBase = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    const page = await browser.newPage();
    const framed = async (src: string) => {
      await page.goto(`${otherBase}/framer?src=${encodeURIComponent(src)}`);
      return (await (await page.waitForSelector('iframe')).contentFrame())!;
    };
    try {
      const control = await framed(`${otherBase}/plain`);
      expect(await control.locator('#inside').count()).toBe(1);
      const app = await framed(`${backend.bridge.url}/`);
      expect(app.url()).toMatch(/^chrome-error:/); // blocked: the browser shows its error page instead
      expect(await app.locator('#root').count()).toBe(0);
    } finally {
      await page.close();
      other.closeAllConnections();
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });
});
