// Holds the one open archive of a host (Electron main, the loopback bridge) and the
// dispatchers in front of it. Restore, switching folders and starting afresh close the
// services, change the folder and open it again on the same event bus, so IPC and SSE
// subscribers stay subscribed; calls that arrive meanwhile wait. When the archive cannot be
// opened the host stays up in a recovery state: every call fails with the reason, except
// the archive:* calls that offer a way out. Plain Node: the host passes in its dialogs.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { BackupResultData, RecoverAction, SecurityStatusData } from '../../../shared/archive-api';
import { CALL_NAMES, type EventName } from '../../../shared/contract';
import { AppError, toErrorData } from '../../../shared/errors';
import { backupArchive } from '../services/archive/backup';
import { freeName, stamp } from '../services/archive/backup-manifest';
import { restoreArchive, validateBackup } from '../services/archive/restore';
import type { Services } from '../services/compose';
import { EventBus } from '../services/events';
import { archiveKeyStatus, type ArchiveKeys } from '../services/keys/archive-keys';
import { CALLS_WHILE_LOCKED } from '../../../shared/privacy';
import { verifyPassphrase } from '../services/keys/keystore';
import { DEFAULT_PRIVACY_SETTINGS, getPrivacySettings } from '../services/privacy-settings';
import { AppLock } from './app-lock';
import { createArchiveHandlers, type ArchiveControl } from './archive-handlers';
import { createDispatcher, type Dispatch, type DispatcherOptions, type Handlers } from './dispatcher';
import { createHandlers, type HandlerContext } from './handlers';
import { allowedDirs, NO_PATHS, type PathAccess, type PathHandles } from './path-access';

export type Transport = HandlerContext['transport'];
export type FolderPurpose = 'backupDest' | 'backupSource' | 'archive' | 'batch' | 'watch';

export interface ArchiveHostOptions {
  readonly archiveDir: string;
  /**
   * Opens the services over a folder with its key (null: plaintext), publishing on `events`
   * (and starts whatever runs in them).
   */
  open(archiveDir: string, events: EventBus, archiveKey: Buffer | null): Promise<Services>;
  /** Finds each folder's key and makes new archives encrypted; without it every folder opens plaintext. */
  readonly keys?: ArchiveKeys;
  readonly version: string;
  /** Native dialogs drawn by main (desktop app only): the chosen path, null when cancelled. */
  readonly pickFile?: (purpose: 'model') => Promise<string | null>;
  readonly pickFolder?: (purpose: FolderPurpose) => Promise<string | null>;
  /** Desktop: the handles main issues for dialogs and drops; IPC requests name paths only through them. */
  readonly pathHandles?: PathHandles;
  /** Bridge: requests may name paths under these folders (`serve --allow-dir`); default none. */
  readonly allowDirs?: readonly string[];
  /** Says yes to a download from a typed URL over `transport`, or throws (refused without it). */
  readonly approveDownload?: (url: URL, transport: Transport) => Promise<void>;
  /** The recovery screen's Quit (desktop app only). */
  readonly quit?: () => void;
  /** better-sqlite3 binary for the running ABI, for restore's own checks. */
  readonly nativeBinding?: string;
  readonly dispatcher?: DispatcherOptions;
  /** 'throw': refuse to start on an archive that cannot be opened (the bridge); default 'recover'. */
  readonly onOpenError?: 'throw' | 'recover';
  readonly now?: () => Date;
  /** The OS's user presence check for unlocking the app (macOS Touch ID); absent elsewhere. */
  readonly presence?: () => Promise<boolean>;
}

/** Events that carry what the model is writing about a document: held back from a locked page. */
const TEXT_EVENTS: ReadonlySet<EventName> = new Set<EventName>(['summaries:tokens', 'extraction:tokens']);

type State = { readonly kind: 'open'; readonly services: Services } | { readonly kind: 'failed'; readonly error: AppError };

export class ArchiveHost implements ArchiveControl {
  readonly events = new EventBus();
  private state: State = { kind: 'failed', error: new AppError('io_error', 'The archive is not open yet.') };
  private dir: string;
  /** Whole-archive operations (backup, restore, switching) run one at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Set while the services are being swapped: calls wait for it. */
  private swapping: Promise<unknown> | null = null;
  private readonly dispatchers = new Map<Transport, Dispatch>();
  private readonly bridgePaths: PathAccess;
  /** Locks after the idle time or on request; while locked only CALLS_WHILE_LOCKED are answered. */
  readonly lock: AppLock;
  /** What IPC and the bridge forward to the page: `events`, without generated text while locked. */
  readonly pageEvents = new EventBus();

  private constructor(private readonly options: ArchiveHostOptions) {
    this.dir = path.resolve(options.archiveDir);
    this.bridgePaths = allowedDirs(options.allowDirs ?? []);
    this.lock = new AppLock({
      idleSeconds: () => (this.services ? getPrivacySettings(this.services.db) : DEFAULT_PRIVACY_SETTINGS).lockAfterSeconds,
      // An encrypted archive always has a recovery key, and maybe a passphrase, to check.
      hasSecret: () => this.services?.encrypted ?? false,
      verifyPassphrase: (passphrase) => verifyPassphrase(this.dir, passphrase),
      ...(options.presence ? { presence: options.presence } : {}),
      onChange: (state) => this.events.emit('lock:changed', state),
      onLog: (action) => this.services?.accessLog.record({ action, via: 'app' }),
    });
    this.events.subscribe((name, payload) => {
      if (this.lock.isLocked && TEXT_EVENTS.has(name)) return;
      this.pageEvents.emit(name, payload);
    });
  }

  /** Which paths requests over `transport` may name. */
  paths(transport: Transport): PathAccess {
    return transport === 'ipc' ? (this.options.pathHandles ?? NO_PATHS) : this.bridgePaths;
  }

  static async start(options: ArchiveHostOptions): Promise<ArchiveHost> {
    const host = new ArchiveHost(options);
    await host.openAt(host.dir);
    if (host.state.kind === 'failed' && options.onOpenError === 'throw') throw host.state.error;
    return host;
  }

  get archiveDir(): string {
    return this.dir;
  }

  /** The open services, or null in the recovery state. */
  get services(): Services | null {
    return this.state.kind === 'open' ? this.state.services : null;
  }

  /** Why the archive is not open, or null. */
  get openError(): AppError | null {
    return this.state.kind === 'failed' ? this.state.error : null;
  }

  /** The dispatcher for one transport; it always reaches the archive open at the time of the call. */
  dispatch(transport: Transport): Dispatch {
    return async (name, payload) => {
      while (this.swapping) await this.swapping;
      // Enforced here, not only in the page: a locked app returns no document content.
      if (this.lock.isLocked && !CALLS_WHILE_LOCKED.has(name)) {
        return { ok: false, error: { code: 'app_locked', message: 'Abstractor is locked. Unlock it to continue.' } };
      }
      let dispatch = this.dispatchers.get(transport);
      if (!dispatch) {
        dispatch = createDispatcher(this.handlers(transport), this.options.dispatcher);
        this.dispatchers.set(transport, dispatch);
      }
      return dispatch(name, payload);
    };
  }

  async dispose(): Promise<void> {
    this.lock.dispose();
    await this.exclusive(() => this.close());
  }

  // -- ArchiveControl ----------------------------------------------------------------------

  backup(dest: string | undefined, passphrase?: string): Promise<BackupResultData> {
    return this.exclusive(async () => {
      const services = this.openServices();
      const folder = dest ?? (await this.pick('backupDest'));
      const result = await backupArchive({
        db: services.db,
        layout: services.layout,
        keys: services.files.keys,
        passphrase,
        dest: folder,
        appVersion: this.options.version,
        now: this.options.now,
      });
      services.accessLog.record({ action: 'backed_up', via: 'app', detail: { documents: result.documents } });
      return result;
    });
  }

  restore(backupPath: string | undefined, passphrase?: string) {
    return this.exclusive(async () => {
      const from = backupPath ?? (await this.pick('backupSource'));
      // Checked while the archive is still open: a bad backup changes nothing. An encrypted
      // backup is checked with the key of the archive that is open.
      const archiveKey = this.services?.archiveKey ?? null;
      const backup = await validateBackup(from, { nativeBinding: this.options.nativeBinding, archiveKey, passphrase });
      return this.swap(async () => {
        await this.close();
        let restored = false;
        try {
          const result = await restoreArchive({ archiveDir: this.dir, backup: backup.dir, validated: backup, nativeBinding: this.options.nativeBinding, now: this.options.now });
          restored = true;
          return result;
        } finally {
          // The restored archive, or the old one when the swap failed.
          await this.openAt(this.dir);
          if (restored) this.services?.accessLog.record({ action: 'restored', via: 'app' });
        }
      });
    });
  }

  recover(action: RecoverAction, given: string | undefined, passphrase?: string): Promise<{ archiveDir: string; movedTo: string | null }> {
    switch (action) {
      case 'quit':
        if (!this.options.quit) throw new AppError('unsupported', 'Quit from the terminal that started the server (Ctrl-C).');
        this.options.quit();
        return Promise.resolve({ archiveDir: this.dir, movedTo: null });
      case 'restore':
        return this.restore(given, passphrase).then((r) => ({ archiveDir: r.archiveDir, movedTo: r.previousArchive }));
      case 'chooseFolder':
        return this.exclusive(async () => {
          const dir = path.resolve(given ?? (await this.pick('archive')));
          if (dir === this.dir) {
            // The same folder: open it again if it failed (a retry), else nothing to do.
            if (this.state.kind === 'failed') await this.swap(() => this.openAt(dir));
            if (this.state.kind === 'failed') throw this.state.error;
            return { archiveDir: dir, movedTo: null };
          }
          // Opened beside the current archive first: a folder that fails changes nothing.
          const services = await this.openFolder(dir);
          await this.swap(async () => {
            await this.close();
            this.dir = dir;
            this.setState({ kind: 'open', services });
          });
          return { archiveDir: dir, movedTo: null };
        });
      case 'startNew':
        return this.exclusive(() =>
          this.swap(async () => {
            if (this.state.kind === 'open') throw new AppError('invalid_request', 'The archive is open and healthy; there is nothing to start over from.');
            const movedTo = await this.moveAside();
            await this.openAt(this.dir);
            if (this.state.kind === 'failed') throw this.state.error;
            return { archiveDir: this.dir, movedTo };
          }),
        );
      default:
        return action satisfies never;
    }
  }

  security(): SecurityStatusData {
    const keys = this.options.keys;
    const open = this.services;
    if (!keys) return { encrypted: open?.encrypted ?? false, needsPassphrase: null, keySources: [], recoveryKey: null };
    const needsPassphrase = open ? null : keys.needsPassphrase(this.dir);
    const status = archiveKeyStatus(this.dir);
    return {
      encrypted: open ? open.encrypted : status.encrypted || needsPassphrase === 'create',
      needsPassphrase,
      keySources: status.keySources,
      recoveryKey: keys.peekRecoveryKey(),
    };
  }

  unlock(passphrase: string): Promise<{ archiveDir: string }> {
    return this.exclusive(async () => {
      const keys = this.options.keys;
      if (!keys) throw new AppError('unsupported', 'This archive is not encrypted.');
      if (this.state.kind === 'open') return { archiveDir: this.dir };
      await keys.unlock(this.dir, passphrase); // wrong_passphrase changes nothing
      await this.swap(() => this.openAt(this.dir));
      if (this.state.kind === 'failed') throw this.state.error;
      return { archiveDir: this.dir };
    });
  }

  changePassphrase(current: string, next: string): Promise<{ changed: true }> {
    return this.exclusive(async () => {
      if (!this.options.keys) throw new AppError('unsupported', 'This archive is not encrypted.');
      await this.options.keys.changePassphrase(this.dir, current, next);
      return { changed: true as const };
    });
  }

  /**
   * Encrypts the open plaintext archive in place (services/archive/convert.ts): every call waits
   * meanwhile, and the archive reopens with its new key, whose recovery key is then shown.
   */
  encrypt(passphrase: string | undefined): Promise<{ documents: number; files: number }> {
    return this.exclusive(async () => {
      const keys = this.options.keys;
      if (!keys) throw new AppError('unsupported', 'Encryption is not available here.');
      if (this.openServices().encrypted) throw new AppError('invalid_request', 'This archive is already encrypted.');
      return this.swap(async () => {
        await this.close();
        try {
          const { documents, files } = await keys.convert(this.dir, null, passphrase ?? null, this.options.nativeBinding);
          return { documents, files };
        } finally {
          // The encrypted archive, or the plaintext one as it was when the build failed.
          await this.openAt(this.dir);
        }
      });
    });
  }

  recoveryKeySaved(): { forgotten: boolean } {
    return { forgotten: this.options.keys?.takeRecoveryKey() != null };
  }

  // -- internals ---------------------------------------------------------------------------

  private handlers(transport: Transport): Handlers {
    if (this.state.kind === 'open') {
      const { approveDownload, pathHandles: handles, pickFile, pickFolder } = this.options;
      // A dialog's answer reaches the page as a handle, never as a path main would take back.
      const issue = async (chosen: Promise<string | null>) => {
        const picked = await chosen;
        return picked && handles ? handles.issue(picked) : null;
      };
      return createHandlers(this.state.services, {
        version: this.options.version,
        transport,
        ...(pickFile && handles ? { pickFile: (purpose: 'model') => issue(pickFile(purpose)) } : {}),
        ...(pickFolder && handles ? { pickFolder: (purpose: 'batch' | 'watch') => issue(pickFolder(purpose)) } : {}),
        paths: this.paths(transport),
        archive: this,
        lock: this.lock,
        ...(approveDownload ? { approveDownload: (url: URL) => approveDownload(url, transport) } : {}),
      });
    }
    const error = this.state.error;
    const refuse = () => {
      throw error;
    };
    const all = Object.fromEntries(CALL_NAMES.map((name) => [name, refuse])) as unknown as Handlers;
    // The ways out, and the unlock screen's calls (a locked archive is a failed open too).
    const { 'archive:restore': restore, 'archive:recover': recover, 'archive:security': security, 'archive:unlock': unlock, 'archive:recoveryKeySaved': saved } =
      createArchiveHandlers(this, this.paths(transport));
    return { ...all, 'archive:restore': restore, 'archive:recover': recover, 'archive:security': security, 'archive:unlock': unlock, 'archive:recoveryKeySaved': saved };
  }

  private async openFolder(dir: string): Promise<Services> {
    const key = this.options.keys ? await this.options.keys.keyFor(dir) : null;
    return this.options.open(dir, this.events, key);
  }

  private async openAt(dir: string): Promise<void> {
    this.dir = dir;
    try {
      this.setState({ kind: 'open', services: await this.openFolder(dir) });
    } catch (err) {
      const { code, message } = toErrorData(err);
      this.setState({ kind: 'failed', error: new AppError(code, message) });
    }
  }

  private async close(): Promise<void> {
    const open = this.services;
    this.setState({ kind: 'failed', error: new AppError('io_error', 'The archive is closed.') });
    await open?.dispose();
  }

  private setState(state: State): void {
    this.state = state;
    this.dispatchers.clear();
  }

  /** The damaged archive goes to <archive>.damaged-<stamp>; nothing is deleted. */
  private async moveAside(): Promise<string | null> {
    try {
      await fs.access(this.dir);
    } catch {
      return null;
    }
    const parent = path.dirname(this.dir);
    const target = path.join(parent, await freeName(parent, `${path.basename(this.dir)}.damaged-${stamp((this.options.now ?? (() => new Date()))())}`));
    try {
      await fs.rename(this.dir, target);
    } catch (err) {
      throw new AppError('io_error', `Cannot move ${this.dir} aside: ${(err as Error).message}`);
    }
    return target;
  }

  private openServices(): Services {
    if (this.state.kind === 'failed') throw this.state.error;
    return this.state.services;
  }

  private async pick(purpose: FolderPurpose): Promise<string> {
    if (!this.options.pickFolder) throw new AppError('invalid_request', 'Enter the folder path: choosing a folder needs the desktop app.');
    const chosen = await this.options.pickFolder(purpose);
    if (!chosen) throw new AppError('cancelled', 'No folder was chosen.');
    return chosen;
  }

  /** Runs `work` while every incoming call waits. */
  private async swap<T>(work: () => Promise<T>): Promise<T> {
    const running = work();
    this.swapping = running.catch(() => undefined);
    try {
      return await running;
    } finally {
      this.swapping = null;
    }
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
