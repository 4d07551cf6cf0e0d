// The setup every browser e2e test shares, kept in one place: the real backend serving the
// built renderer over the loopback bridge, on a temp archive, and Chromium on its tokened page.
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { BRIDGE_PATHS, decodeWire, encodeWire } from '../../shared/wire';
import { APP_VERSION } from '../../electron/main/app-version';
import { BUILT_RENDERER_DIR, startBackend, type Backend } from '../../electron/main/bridge/start-backend';
import type { ServiceOptions, Services } from '../../electron/main/services/compose';
import type { ArchiveKeys } from '../../electron/main/services/keys/archive-keys';
import { setWelcomeStatus } from '../../electron/main/services/welcome-settings';
import { SOURCE_ENTRIES } from '../../electron/main/source-entries';
import { launchChromium } from './browser';
import { makeTempDir } from './temp-dir';

/**
 * startBackend's options a test may set; the archive folder, entries, version and static dir
 * are fixed. Archives are plaintext unless a test passes `keys` (or `archiveKey`).
 */
export type AppBackendOptions = Partial<Omit<ServiceOptions, 'archiveDir' | 'entries'>> & {
  onOpenError?: 'throw' | 'recover';
  keys?: ArchiveKeys;
  /** `serve --allow-dir`: folders the page may name by path. */
  allowDirs?: readonly string[];
  /**
   * A real first run: the welcome opens by itself on the empty archive. Otherwise the archive
   * (when it opens at start) is marked as having seen it, so a test starts on the library.
   */
  firstRun?: boolean;
};

/** The backend over `archiveDir`, serving the built renderer (which must exist). */
export async function startAppBackend(archiveDir: string, options: AppBackendOptions = {}): Promise<Backend> {
  if (!fs.existsSync(BUILT_RENDERER_DIR)) throw new Error('Build the renderer first (npm run test:e2e does).');
  const { firstRun, ...backendOptions } = options;
  const backend = await startBackend({ entries: SOURCE_ENTRIES, ...backendOptions, archiveDir, version: APP_VERSION, staticDir: BUILT_RENDERER_DIR });
  const services = backend.host.services;
  if (!firstRun && services) setWelcomeStatus(services.db, 'seen');
  return backend;
}

/** A call as the page makes it, straight to the bridge. */
export async function bridgeCall(backend: Backend, name: string, payload: unknown): Promise<{ status: number; body: { ok: boolean; error?: { code: string }; data?: unknown } }> {
  const res = await fetch(backend.bridge.url + BRIDGE_PATHS.call(name), {
    method: 'POST',
    headers: { Authorization: `Bearer ${backend.bridge.token}`, 'Content-Type': 'application/json' },
    body: encodeWire(payload),
  });
  return { status: res.status, body: decodeWire(await res.text()) as { ok: boolean; error?: { code: string }; data?: unknown } };
}

/** A new page on the backend's UI (token included), with page errors logged. */
export async function openAppPage(browser: Browser, backend: Backend, look: PageLook = {}): Promise<Page> {
  const page = await browser.newPage({
    ...(look.viewport ? { viewport: look.viewport } : {}),
    ...(look.colorScheme ? { colorScheme: look.colorScheme } : {}),
  });
  page.on('pageerror', (err) => console.error('[page error]', err));
  await page.goto(backend.bridge.pageUrl);
  return page;
}

/** The window size, and the light or dark preference the page sees from the "OS". */
export interface PageLook {
  readonly viewport?: { width: number; height: number };
  readonly colorScheme?: 'light' | 'dark';
}

export interface OpenAppOptions extends AppBackendOptions, PageLook {
  /** Fills the archive (models, imports, OCR) before the page first loads. */
  readonly seed?: (services: Services) => Promise<void>;
}

export interface App {
  readonly backend: Backend;
  /** The open archive's services (they change after a restore). */
  readonly services: Services;
  readonly browser: Browser;
  readonly page: Page;
  /** The page URL with the bridge token. */
  readonly url: string;
  /** The temp archive folder, removed by close(). */
  readonly dir: string;
  close(): Promise<void>;
}

/** Backend over a fresh temp archive, seeded, then Chromium on its page; cleans up if any step fails. */
export async function openApp(options: OpenAppOptions = {}): Promise<App> {
  const { viewport, colorScheme, seed, ...backendOptions } = options;
  const temp = makeTempDir();
  let backend: Backend | undefined;
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    try {
      await browser?.close();
    } finally {
      try {
        await backend?.close();
      } finally {
        temp.cleanup();
      }
    }
  };
  try {
    const started = (backend = await startAppBackend(temp.dir, backendOptions));
    await seed?.(started.services);
    const launched = (browser = await launchChromium());
    const page = await openAppPage(launched, started, { ...(viewport ? { viewport } : {}), ...(colorScheme ? { colorScheme } : {}) });
    return {
      backend: started,
      get services() {
        return started.services;
      },
      browser: launched,
      page,
      url: started.bridge.pageUrl,
      dir: temp.dir,
      close,
    };
  } catch (err) {
    await close().catch(() => {});
    throw err;
  }
}
