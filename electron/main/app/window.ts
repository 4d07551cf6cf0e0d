// The window factory: it alone holds the security defaults for web content.
import { BrowserWindow, shell } from 'electron';
import { isExternalAllowed } from './external-links';

export interface WindowOptions {
  readonly preload: string;
  /** Dev server URL in development; otherwise the built index.html is loaded from disk. */
  readonly devServerUrl?: string;
  readonly indexHtml: string;
  /** DevTools at all (development only: see launch-mode.ts). */
  readonly devTools: boolean;
}

export function createMainWindow(options: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1320,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Abstractor',
    backgroundColor: '#f6f7f9',
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
      devTools: options.devTools,
    },
  });

  // No new windows. A link opens in the user's browser only when its origin is on the allowlist.
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isExternalAllowed(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.on('will-redirect', (event) => event.preventDefault());
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());

  if (options.devServerUrl) void win.loadURL(options.devServerUrl);
  else void win.loadFile(options.indexHtml);
  return win;
}

/** Calls are accepted only from our own page, never from another frame or origin. */
export function isOwnPage(frameUrl: string | undefined, options: WindowOptions): boolean {
  if (!frameUrl) return false;
  if (options.devServerUrl) return frameUrl.startsWith(new URL(options.devServerUrl).origin);
  return frameUrl.startsWith('file://') && decodeURIComponent(new URL(frameUrl).pathname).endsWith(options.indexHtml.replaceAll('\\', '/'));
}
