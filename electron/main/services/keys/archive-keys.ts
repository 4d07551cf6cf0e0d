// Which key opens an archive folder, for every host (app, CLI, serve): the folder's key store
// opened by the keychain or a passphrase; none for a plaintext archive; a new key store for a
// new archive, encrypted unless the user chose otherwise. A passphrase is asked for only
// when one is needed. Plain Node: the keychain and the way to ask come in from the host.
import { AppError } from '../../../../shared/errors';
import { isPlaintextDatabase } from '../../db/open';
import { convertArchive, finishConversion, type ConvertResult } from '../archive/convert';
import { archiveLayout } from '../archive/layout';
import { ensurePrivateDir } from '../archive/private-files';
import type { ScryptParams } from './key-wrap';
import { changePassphrase, createKeyStore, keyMatches, newKeyStore, keyStoreStatus, readKeyStore, unlockKeyStore, type Keychain, type KeyStore, type KeyStoreStatus } from './keystore';

export type PassphrasePurpose = 'unlock' | 'create';

/** Asks the user (a terminal prompt, an environment variable); null when nobody can answer. */
export type AskPassphrase = (purpose: PassphrasePurpose, dir: string) => Promise<string | null>;

export interface ArchiveKeysOptions {
  readonly keychain?: Keychain | null;
  readonly askPassphrase?: AskPassphrase;
  /** New archives are encrypted unless this is false (`--no-encryption`). */
  readonly encryptNew?: boolean;
  /** Test-only: a cheaper scrypt for key stores made here. */
  readonly scrypt?: ScryptParams;
}

/** What state a folder's encryption is in before it is opened. */
export type FolderKeyState =
  | { readonly kind: 'plaintext' }
  | { readonly kind: 'new' }
  | { readonly kind: 'encrypted'; readonly store: KeyStore };

export function folderKeyState(dir: string): FolderKeyState {
  const store = readKeyStore(dir);
  if (store) return { kind: 'encrypted', store };
  // No key store: an existing database is plaintext (or damaged, which the open reports).
  return isPlaintextDatabase(archiveLayout(dir).database) === null ? { kind: 'new' } : { kind: 'plaintext' };
}

/** The archive status a user sees (`archive status`, the app's header). */
export function archiveKeyStatus(dir: string): KeyStoreStatus {
  return keyStoreStatus(readKeyStore(dir));
}

export class ArchiveKeys {
  /** Keys already unlocked in this process, by folder: a reopen (restore, retry) asks nothing. */
  private readonly unlocked = new Map<string, Buffer>();
  private pendingRecoveryKey: string | null = null;

  constructor(private readonly options: ArchiveKeysOptions = {}) {}

  get keychain(): Keychain | null {
    return this.options.keychain ?? null;
  }

  /**
   * The key for `dir`, or null for a plaintext archive. Makes the key store of a new archive
   * (its recovery key is then waiting in takeRecoveryKey). Throws `archive_locked` when a
   * passphrase is needed and nobody gave one, `wrong_passphrase` when it does not fit.
   */
  async keyFor(dir: string): Promise<Buffer | null> {
    const root = archiveLayout(dir).root;
    // An interrupted `archive encrypt` / `rekey` decides which key store is the folder's.
    await finishConversion(root);
    const state = folderKeyState(root);
    if (state.kind === 'plaintext') return null;
    if (state.kind === 'new') {
      if (this.options.encryptNew === false) return null;
      return this.create(root, this.keychain ? null : await this.ask('create', root));
    }
    const cached = this.unlocked.get(root);
    if (cached && keyMatches(state.store, cached)) return cached;
    this.unlocked.delete(root); // none yet, or the folder has another key store now (a restore)
    let key: Buffer;
    try {
      key = await unlockKeyStore(state.store, { keychain: this.keychain });
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'archive_locked')) throw err;
      const passphrase = await this.ask('unlock', root);
      if (!passphrase) throw err;
      key = await unlockKeyStore(state.store, { passphrase });
    }
    this.unlocked.set(root, key);
    return key;
  }

  /**
   * What the app's unlock screen sends: opens the folder's key store with the passphrase (or
   * recovery key), or makes the key store of a new archive with it.
   */
  async unlock(dir: string, passphrase: string): Promise<void> {
    const root = archiveLayout(dir).root;
    const state = folderKeyState(root);
    if (state.kind === 'plaintext') throw new AppError('invalid_request', 'This archive is not encrypted.');
    if (state.kind === 'new') {
      await this.create(root, passphrase);
      return;
    }
    this.unlocked.set(root, await unlockKeyStore(state.store, { passphrase }));
  }

  /** What the user must give before `dir` opens (asked when the open failed): null when nothing. */
  needsPassphrase(dir: string): PassphrasePurpose | null {
    const root = archiveLayout(dir).root;
    const state = folderKeyState(root);
    if (state.kind === 'plaintext') return null;
    if (state.kind === 'new') return this.options.encryptNew === false || this.keychain ? null : 'create';
    const cached = this.unlocked.get(root);
    if (cached && keyMatches(state.store, cached)) return null;
    // Asked while the archive is not open: the keychain (if any) did not open it.
    return 'unlock';
  }

  /** Re-wraps the folder's key under `next`, opened with `current` (passphrase or recovery key). */
  async changePassphrase(dir: string, current: string, next: string): Promise<void> {
    await changePassphrase(archiveLayout(dir).root, { passphrase: current }, next, this.options.scrypt ? { scrypt: this.options.scrypt } : {});
  }

  /**
   * `archive encrypt` (currentKey null) or `rekey` from a host: the archive re-made under a new
   * key (services/archive/convert.ts), wrapped by the keychain and/or `passphrase`. The archive
   * must be closed. Its new recovery key waits in takeRecoveryKey, like a new archive's.
   */
  async convert(dir: string, currentKey: Buffer | null, passphrase: string | null, nativeBinding?: string): Promise<ConvertResult> {
    const root = archiveLayout(dir).root;
    if (!this.keychain && !passphrase) throw new AppError('invalid_request', 'An encrypted archive needs a passphrase on this computer (there is no keychain).');
    const next = await newKeyStore({ keychain: this.keychain, passphrase, ...(this.options.scrypt ? { scrypt: this.options.scrypt } : {}) });
    const result = await convertArchive({ archiveDir: root, currentKey, next, nativeBinding });
    this.unlocked.set(root, next.key);
    this.pendingRecoveryKey = next.recoveryKey;
    return result;
  }

  /** The recovery key of the archive just made, once; null after it was taken. */
  takeRecoveryKey(): string | null {
    const key = this.pendingRecoveryKey;
    this.pendingRecoveryKey = null;
    return key;
  }

  peekRecoveryKey(): string | null {
    return this.pendingRecoveryKey;
  }

  private async create(root: string, passphrase: string | null): Promise<Buffer> {
    if (!this.keychain && !passphrase) {
      throw new AppError('archive_locked', 'A new encrypted archive needs a passphrase (set ABSTRACTOR_PASSPHRASE or type one), or choose a plaintext archive with --no-encryption.');
    }
    ensurePrivateDir(root);
    const made = await createKeyStore(root, { keychain: this.keychain, passphrase, ...(this.options.scrypt ? { scrypt: this.options.scrypt } : {}) });
    // A half-made archive must not be opened as plaintext next to its key store: the database
    // is created keyed right after this, by the open.
    this.unlocked.set(root, made.key);
    this.pendingRecoveryKey = made.recoveryKey;
    return made.key;
  }

  private async ask(purpose: PassphrasePurpose, root: string): Promise<string | null> {
    return (await this.options.askPassphrase?.(purpose, root)) ?? null;
  }
}
