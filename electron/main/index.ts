// Electron bootstrap: compose the plain-Node services over the archive, register IPC,
// open the window, and shut down in order (work, then the database). With app/ and
// ipc/, the only code that imports electron.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { app, BrowserWindow, dialog, shell, systemPreferences, utilityProcess, type OpenDialogOptions } from 'electron';
import { AppError, describeInternalError, toErrorData } from '../../shared/errors';
import { ArchiveHost, type FolderPurpose } from './api/archive-host';
import { PathHandles } from './api/path-access';
import { electronKeychain } from './app/keychain';
import { launchMode } from './app/launch-mode';
import { installMenu } from './app/menu';
import { updateNotice } from './app/update-check';
import { hardenSession } from './app/security';
import { createMainWindow, isOwnPage, type WindowOptions } from './app/window';
import { startBridge, type Bridge } from './bridge/bridge-server';
import { registerIpc } from './ipc/register';
import { resolveArchiveDir } from './services/archive/location';
import { openServices, type Services } from './services/compose';
import { runtimeAssets } from './services/runtime-assets';
import { ArchiveKeys } from './services/keys/archive-keys';
import type { EventBus } from './services/events';
import { adaptUtilityProcess } from './services/llm/engine-spawn';
import { builtEntries } from './source-entries';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: flags } = parseArgs({
  args: process.argv.slice(app.isPackaged ? 1 : 2),
  options: { archive: { type: 'string' }, 'dev-bridge': { type: 'boolean' }, 'no-encryption': { type: 'boolean' } },
  strict: false,
});

// Packaged: resourcesPath (app.asar, app.asar.unpacked, resources/, native/); else the repository.
const assets = runtimeAssets({ ...(app.isPackaged ? { resourcesPath: process.resourcesPath } : {}), appRoot: app.getAppPath(), electron: true });

let host: ArchiveHost | null = null;
let bridge: Bridge | null = null;
let unregisterIpc: (() => void) | null = null;

async function openArchive(archiveDir: string, events: EventBus, archiveKey: Buffer | null): Promise<Services> {
  const services = await openServices({
    archiveDir,
    events,
    ...(archiveKey ? { archiveKey } : {}),
    entries: builtEntries(here),
    // The model runs in a utility process: a llama.cpp crash cannot take the UI or archive down.
    spawnEngine: (entry) => adaptUtilityProcess(utilityProcess.fork(entry, [], { stdio: 'pipe', serviceName: 'Abstractor engine' })),
    sqliteBinding: assets.sqliteBinding,
    assets,
  });
  services.jobs.start(); // resume what a crash or quit interrupted; run batches and watched folders
  return services;
}

const FOLDER_TITLES: Record<FolderPurpose, string> = {
  backupDest: 'Choose where to put the backup',
  backupSource: 'Choose the backup to restore (an abstractor-backup-… folder)',
  archive: 'Choose an archive folder',
  batch: 'Choose a folder of PDFs to process',
  watch: 'Choose a folder to watch for new PDFs',
};

/** File > Back up archive… / Restore from backup…: native dialogs, the result in a message box. */
/** macOS with Touch ID set up: unlocking the app asks for the user's presence, not the passphrase. */
function touchIdAvailable(): boolean {
  return process.platform === 'darwin' && typeof systemPreferences.canPromptTouchID === 'function' && systemPreferences.canPromptTouchID();
}

function archiveMenu(archiveHost: ArchiveHost, window: () => BrowserWindow | null) {
  const tell = (type: 'info' | 'error', message: string, detail: string) => {
    const win = window();
    const options = { type, title: 'Abstractor', message, detail };
    void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
  };
  const failed = (what: string) => (err: unknown) => {
    const { code, message } = toErrorData(err);
    if (code !== 'cancelled') tell('error', `The ${what} failed`, message);
  };
  return {
    lock: () => void archiveHost.lock.lock(),
    backup: () =>
      void archiveHost.backup(undefined).then(
        (r) => tell('info', 'Backup complete', `${r.documents} documents (${(r.bytes / 1048576).toFixed(1)} MB) saved to ${r.path}`),
        failed('backup'),
      ),
    restore: () =>
      void archiveHost.restore(undefined).then((r) => {
        window()?.webContents.reload(); // everything on screen came from the replaced archive
        const kept = r.previousArchive ? ` The previous archive is kept at ${r.previousArchive}.` : '';
        tell('info', 'Archive restored', `Restored ${r.documents} documents from ${r.restoredFrom}.${kept}`);
      }, failed('restore')),
  };
}

/** Help > Check for updates…: only what the user asked for; the page opens only on their click. */
async function checkForUpdates(win: BrowserWindow | null): Promise<void> {
  const pkg = JSON.parse(fs.readFileSync(path.join(app.getAppPath(), 'package.json'), 'utf8')) as { homepage?: unknown };
  const notice = updateNotice(app.getVersion(), typeof pkg.homepage === 'string' ? pkg.homepage : undefined);
  const options = { type: 'info' as const, title: 'Abstractor', message: notice.message, detail: notice.detail, buttons: [...notice.buttons], defaultId: notice.defaultId, cancelId: notice.cancelId, noLink: true };
  const { response } = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
  const page = notice.pageFor(response);
  if (page) await shell.openExternal(page);
}

async function start(): Promise<void> {
  const mode = launchMode({ isPackaged: app.isPackaged, devBridgeFlag: flags['dev-bridge'] === true, env: process.env });
  const { devServerUrl } = mode;
  hardenSession(devServerUrl, mode.cspHeader);
  const windowOptions: WindowOptions = {
    preload: path.join(here, '../preload/index.cjs'),
    devServerUrl,
    indexHtml: path.join(here, '../renderer/index.html'),
    devTools: mode.devTools,
  };
  let win: BrowserWindow | null = null;
  const showOpenDialog = async (options: OpenDialogOptions) => {
    const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
  // A download from a typed URL: main draws the question, with the host and the whole URL, so
  // a page that calls the API cannot start a fetch the user did not see.
  const confirmDownload = async (url: URL): Promise<void> => {
    const options = {
      type: 'warning' as const,
      title: 'Abstractor',
      buttons: ['Cancel', 'Download'],
      defaultId: 0,
      cancelId: 0,
      message: `Download a model from ${url.host}?`,
      detail: `Abstractor will fetch this file over https and add it to your models:\n\n${url.href}\n\nNothing from your documents is sent.`,
      noLink: true,
    };
    const { response } = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
    if (response !== 1) throw new AppError('cancelled', 'The download was not confirmed.');
  };
  // The only way a path reaches a call: main's own dialogs and drops, as handles main issued.
  const pathHandles = new PathHandles();
  // An archive that cannot be opened does not stop the app: the window shows the recovery screen.
  // A new archive is encrypted with a key the OS keychain wraps; without a real keychain
  // (Linux basic_text) the window asks for a passphrase (the unlock screen).
  const keys = new ArchiveKeys({ keychain: electronKeychain(), encryptNew: flags['no-encryption'] !== true });
  host = await ArchiveHost.start({
    keys,
    archiveDir: resolveArchiveDir(flags.archive as string | undefined, process.env, app.getPath('userData')),
    open: openArchive,
    version: app.getVersion(),
    pickFile: () => showOpenDialog({ properties: ['openFile'], filters: [{ name: 'GGUF models', extensions: ['gguf'] }] }),
    pickFolder: (purpose) => showOpenDialog({ title: FOLDER_TITLES[purpose], properties: ['openDirectory', 'createDirectory'] }),
    pathHandles,
    quit: () => app.quit(),
    // The developer bridge never downloads from a URL.
    approveDownload: (url, transport) => (transport === 'ipc' ? confirmDownload(url) : Promise.reject(new AppError('forbidden', 'Downloads from a URL are off over the developer bridge.'))),
    nativeBinding: assets.sqliteBinding,
    ...(touchIdAvailable() ? { presence: () => systemPreferences.promptTouchID('unlock Abstractor').then(() => true, () => false) } : {}),
    dispatcher: {
      checkResponses: mode.checkResponses,
      onInternalError: (name, err) => console.error(`[ipc] ${name} failed: ${describeInternalError(err)}`),
    },
  });
  if (host.openError) console.error(`[archive] ${host.archiveDir}: ${host.openError.message}`);
  const archiveHost = host;
  installMenu(mode.devTools, archiveMenu(host, () => win), {
    welcome: () => archiveHost.events.emit('welcome:open', {}),
    checkForUpdates: () => void checkForUpdates(win).catch((err: unknown) => console.error(`[updates] ${(err as Error).message}`)),
  });
  unregisterIpc = registerIpc({
    dispatch: host.dispatch('ipc'),
    events: host.pageEvents,
    isTrustedSender: (url) => isOwnPage(url, windowOptions),
    target: () => win?.webContents ?? null,
    registerDroppedPath: (dropped) => pathHandles.issue(dropped),
  });
  win = createMainWindow(windowOptions);

  // Developer flag only: serve the same handlers to a browser on loopback.
  if (mode.devBridge) {
    bridge = await startBridge({ dispatch: host.dispatch('bridge'), events: host.pageEvents, staticDir: path.join(here, '../renderer') });
    console.log(`[dev-bridge] ${bridge.pageUrl}`);
  }
}

let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !host) return;
  event.preventDefault();
  quitting = true;
  unregisterIpc?.();
  void (async () => {
    await bridge?.close();
    await host?.dispose();
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
