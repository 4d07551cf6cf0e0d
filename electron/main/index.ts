// Electron bootstrap: compose the plain-Node services over the archive, register IPC,
// open the window, and shut down in order (work, then the database). With app/ and
// ipc/, the only code that imports electron.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { app, BrowserWindow, dialog, utilityProcess } from 'electron';
import { toErrorData } from '../../shared/errors';
import { createDispatcher } from './api/dispatcher';
import { createHandlers } from './api/handlers';
import { installMenu } from './app/menu';
import { hardenSession } from './app/security';
import { createMainWindow, isOwnPage, type WindowOptions } from './app/window';
import { startBridge, type Bridge } from './bridge/bridge-server';
import { registerIpc } from './ipc/register';
import { resolveArchiveDir } from './services/archive/location';
import { openServices, type Services } from './services/compose';
import { adaptUtilityProcess } from './services/llm/engine-spawn';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: flags } = parseArgs({
  args: process.argv.slice(app.isPackaged ? 1 : 2),
  options: { archive: { type: 'string' }, 'dev-bridge': { type: 'boolean' } },
  strict: false,
});

/** better-sqlite3 built for Electron's ABI by scripts/electron-native.mjs (tests use Node's). */
function electronSqliteBinding(): string | undefined {
  const candidate = path.join(app.getAppPath(), '.cache', 'electron-native', 'better_sqlite3.node');
  return fs.existsSync(candidate) ? candidate : undefined;
}

let services: Services | null = null;
let bridge: Bridge | null = null;
let unregisterIpc: (() => void) | null = null;

async function openArchive(archiveDir: string): Promise<Services | null> {
  try {
    return await openServices({
      archiveDir,
      entries: { pdfWorker: path.join(here, 'pdf-worker.js'), engine: path.join(here, 'engine-process.js') },
      // The model runs in a utility process: a llama.cpp crash cannot take the UI or archive down.
      spawnEngine: (entry) => adaptUtilityProcess(utilityProcess.fork(entry, [], { stdio: 'pipe', serviceName: 'Abstractor engine' })),
      sqliteBinding: electronSqliteBinding(),
      // Shipped beside the app: resources/ in development, the bundle's resources when packaged.
      templatesDir: path.join(app.isPackaged ? process.resourcesPath : app.getAppPath(), 'resources', 'templates'),
    });
  } catch (err) {
    const { code, message } = toErrorData(err);
    const choice = dialog.showMessageBoxSync({
      type: 'error',
      title: 'Abstractor',
      message: code === 'archive_from_future' ? 'This archive needs a newer Abstractor' : 'The archive cannot be opened',
      detail: `${message}\n\nFolder: ${archiveDir}`,
      buttons: ['Choose another folder…', 'Quit'],
      defaultId: 0,
      cancelId: 1,
    });
    if (choice !== 0) return null;
    const picked = dialog.showOpenDialogSync({ properties: ['openDirectory', 'createDirectory'] });
    return picked?.[0] ? openArchive(picked[0]) : null;
  }
}

async function start(): Promise<void> {
  const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
  hardenSession(devServerUrl);
  installMenu(!app.isPackaged);
  services = await openArchive(resolveArchiveDir(flags.archive as string | undefined, process.env, app.getPath('userData')));
  if (!services) return app.quit();

  const windowOptions: WindowOptions = {
    preload: path.join(here, '../preload/index.cjs'),
    devServerUrl,
    indexHtml: path.join(here, '../renderer/index.html'),
  };
  let win: BrowserWindow | null = null;
  const handlers = createHandlers(services, {
    version: app.getVersion(),
    transport: 'ipc',
    pickFile: async () => {
      const options = { properties: ['openFile' as const], filters: [{ name: 'GGUF models', extensions: ['gguf'] }] };
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
  });
  const dispatch = createDispatcher(handlers, {
    checkResponses: !app.isPackaged,
    onInternalError: (name, err) => console.error(`[ipc] ${name} failed:`, err),
  });
  unregisterIpc = registerIpc({
    dispatch,
    events: services.events,
    isTrustedSender: (url) => isOwnPage(url, windowOptions),
    target: () => win?.webContents ?? null,
  });
  win = createMainWindow(windowOptions);

  // Developer flag only: serve the same handlers to a browser on loopback.
  if (flags['dev-bridge'] && !app.isPackaged) {
    const served = createDispatcher(createHandlers(services, { version: app.getVersion(), transport: 'bridge' }));
    bridge = await startBridge({ dispatch: served, events: services.events, staticDir: path.join(here, '../renderer') });
    console.log(`[dev-bridge] ${bridge.pageUrl}`);
  }
}

let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !services) return;
  event.preventDefault();
  quitting = true;
  unregisterIpc?.();
  void (async () => {
    await bridge?.close();
    await services?.dispose();
    app.quit();
  })();
});
app.on('window-all-closed', () => app.quit());
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (e) => e.preventDefault());
});

if (!app.requestSingleInstanceLock()) app.quit();
else app.whenReady().then(start, (err: unknown) => {
  dialog.showErrorBox('Abstractor could not start', String(err));
  app.quit();
});
