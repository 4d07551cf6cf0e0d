// The archive's key store: `keystore.json` in the archive folder. The archive key (32 random
// bytes) never lies there in clear; it is wrapped, each wrap opening it on its own:
//   - keychain:   by the OS keychain (Electron safeStorage, injected as a Keychain);
//   - passphrase: AES-256-GCM under scrypt(passphrase, random salt, stored N/r/p);
//   - recovery:   AES-256-GCM under HKDF(recovery key), shown once when the store is made.
// A keyed HMAC of a constant (`check`) confirms an unwrapped key belongs to this store before
// the database is touched. Changing the passphrase re-wraps; the database and files stay as
// they are. Plain Node: the keychain comes in through the interface below.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../../shared/errors';
import { ARCHIVE_CIPHER_LABEL, ARCHIVE_KEY_BYTES } from '../../db/open';
import {
  DEFAULT_SCRYPT,
  passphraseKek,
  recoveryKek,
  scryptParamsSchema,
  seal,
  sealedSchema,
  unseal,
  type ScryptParams,
} from './key-wrap';
import { newRecoveryKey, parseRecoveryKey } from './recovery-key';

export const KEYSTORE_FILE = 'keystore.json';
export const MIN_PASSPHRASE_LENGTH = 8;

export type KeySource = 'keychain' | 'passphrase';

/** The OS keychain (safeStorage in the desktop app). */
export interface Keychain {
  /** Which store backs it (e.g. 'gnome_libsecret', 'keychain', 'dpapi'); shown by status. */
  readonly backend: string;
  wrap(secret: Buffer): Promise<Buffer>;
  unwrap(blob: Buffer): Promise<Buffer>;
}

/** What may open a key store. A passphrase that parses as a recovery key is tried as one too. */
export interface Credentials {
  readonly passphrase?: string | null;
  readonly keychain?: Keychain | null;
}

const keyStoreSchema = z.object({
  format: z.literal('abstractor-keystore'),
  version: z.literal(1),
  cipher: z.literal('sqlcipher-4'),
  created: z.string(),
  check: z.base64(),
  wraps: z.object({
    keychain: z.object({ backend: z.string(), blob: z.base64() }).optional(),
    passphrase: z.object({ kdf: z.literal('scrypt'), salt: z.base64(), params: scryptParamsSchema, sealed: sealedSchema }).optional(),
    recovery: z.object({ kdf: z.literal('hkdf-sha256'), salt: z.base64(), sealed: sealedSchema }).optional(),
  }),
});
export type KeyStore = z.infer<typeof keyStoreSchema>;

export interface NewKeyStoreOptions {
  /** Wrap the key with this passphrase (at least MIN_PASSPHRASE_LENGTH characters). */
  readonly passphrase?: string | null;
  /** Wrap the key with the OS keychain. */
  readonly keychain?: Keychain | null;
  /** Test-only: a cheaper scrypt. Real archives take the default. */
  readonly scrypt?: ScryptParams;
  /** The key to wrap (a rekey or an encryption in progress); default 32 new random bytes. */
  readonly key?: Buffer;
}

export interface NewKeyStore {
  readonly store: KeyStore;
  readonly key: Buffer;
  /** Shown to the user once; only its wrap is kept. */
  readonly recoveryKey: string;
}

export function keyStorePath(dir: string): string {
  return path.join(path.resolve(dir), KEYSTORE_FILE);
}

/** A key store in memory, with a key and a recovery key; write it with writeKeyStore. */
export async function newKeyStore(options: NewKeyStoreOptions): Promise<NewKeyStore> {
  if (!options.passphrase && !options.keychain) throw new AppError('invalid_request', 'An encrypted archive needs a passphrase or the OS keychain.');
  const key = options.key ?? randomBytes(ARCHIVE_KEY_BYTES);
  if (key.length !== ARCHIVE_KEY_BYTES) throw new AppError('invalid_request', `An archive key is ${ARCHIVE_KEY_BYTES} bytes.`);
  const recovery = newRecoveryKey();
  const recoverySalt = randomBytes(16);
  let store: KeyStore = {
    format: 'abstractor-keystore',
    version: 1,
    cipher: 'sqlcipher-4',
    created: new Date().toISOString(),
    check: keyCheck(key),
    wraps: {
      recovery: { kdf: 'hkdf-sha256', salt: recoverySalt.toString('base64'), sealed: seal(await recoveryKek(recovery.secret, recoverySalt), key, 'recovery') },
    },
  };
  if (options.passphrase) store = await withPassphrase(store, key, options.passphrase, options.scrypt);
  if (options.keychain) {
    store = { ...store, wraps: { ...store.wraps, keychain: { backend: options.keychain.backend, blob: (await options.keychain.wrap(key)).toString('base64') } } };
  }
  return { store, key, recoveryKey: recovery.text };
}

/** Makes the key store of a new encrypted archive; refuses to replace one. */
export async function createKeyStore(dir: string, options: NewKeyStoreOptions): Promise<{ key: Buffer; recoveryKey: string }> {
  const made = await newKeyStore(options);
  writeKeyStore(dir, made.store, { replace: false });
  return { key: made.key, recoveryKey: made.recoveryKey };
}

/** The folder's key store, or null when there is none (a plaintext or new archive). */
export function readKeyStore(dir: string): KeyStore | null {
  const file = keyStorePath(dir);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AppError('io_error', `Cannot read the key store ${file}: ${(err as Error).message}`);
  }
  try {
    return keyStoreSchema.parse(JSON.parse(text));
  } catch {
    throw new AppError('archive_corrupt', `The key store ${file} is damaged; the archive can only be opened with a copy of it (from a backup).`);
  }
}

/**
 * Writes the key store 0600 and atomically (a reader sees the old store or the new one). With
 * `replace: false` it fails when one exists, so two first starts cannot make two keys.
 */
export function writeKeyStore(dir: string, store: KeyStore, { replace }: { replace: boolean }, file = keyStorePath(dir)): void {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      fs.writeFileSync(fd, `${JSON.stringify(keyStoreSchema.parse(store), null, 2)}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (replace) fs.renameSync(tmp, file);
    else fs.linkSync(tmp, file); // fails with EEXIST instead of replacing
    syncDir(path.dirname(file));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new AppError('invalid_request', `The archive already has a key store (${file}).`);
    throw new AppError('io_error', `Cannot write the key store ${file}: ${(err as Error).message}`);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/**
 * The archive key. `archive_locked` when nothing was offered that this store can use,
 * `wrong_passphrase` when a passphrase (or recovery key) was offered and does not fit.
 */
export async function unlockKeyStore(store: KeyStore, credentials: Credentials): Promise<Buffer> {
  const { keychain: keychainWrap, passphrase: passphraseWrap, recovery: recoveryWrap } = store.wraps;
  if (credentials.keychain && keychainWrap) {
    const key = await credentials.keychain.unwrap(Buffer.from(keychainWrap.blob, 'base64')).catch(() => null);
    if (key && keyMatches(store, key)) return key;
  }
  const typed = credentials.passphrase;
  if (typed) {
    if (passphraseWrap) {
      const key = unseal(await passphraseKek(typed, Buffer.from(passphraseWrap.salt, 'base64'), passphraseWrap.params), passphraseWrap.sealed, 'passphrase');
      if (key && keyMatches(store, key)) return key;
    }
    const recoverySecret = parseRecoveryKey(typed);
    if (recoverySecret && recoveryWrap) {
      const key = unseal(await recoveryKek(recoverySecret, Buffer.from(recoveryWrap.salt, 'base64')), recoveryWrap.sealed, 'recovery');
      if (key && keyMatches(store, key)) return key;
    }
    throw new AppError('wrong_passphrase', passphraseWrap ? 'The passphrase (or recovery key) is not right for this archive.' : 'The recovery key is not right for this archive.');
  }
  throw new AppError('archive_locked', lockedMessage(store));
}

/** Whether `passphrase` (or the recovery key) opens the folder's key store: for an app lock. */
export async function verifyPassphrase(dir: string, passphrase: string): Promise<boolean> {
  const store = readKeyStore(dir);
  if (!store || !passphrase) return false;
  try {
    await unlockKeyStore(store, { passphrase });
    return true;
  } catch (err) {
    if (err instanceof AppError && (err.code === 'wrong_passphrase' || err.code === 'archive_locked')) return false;
    throw err;
  }
}

/**
 * Sets a new passphrase (or the first one, for an archive so far opened by the keychain),
 * opening the store with `current`. Only the key store changes.
 */
export async function changePassphrase(dir: string, current: Credentials, next: string, options: { scrypt?: ScryptParams } = {}): Promise<void> {
  const store = readKeyStore(dir);
  if (!store) throw new AppError('invalid_request', `The archive at ${path.resolve(dir)} is not encrypted: it has no passphrase to change.`);
  const key = await unlockKeyStore(store, current);
  writeKeyStore(dir, await withPassphrase(store, key, next, options.scrypt), { replace: true });
}

export interface KeyStoreStatus {
  readonly encrypted: boolean;
  readonly cipher: string | null;
  /** What can open the archive key, besides the recovery key. */
  readonly keySources: KeySource[];
  readonly keychainBackend: string | null;
  readonly recoveryKey: boolean;
  readonly kdf: (ScryptParams & { name: 'scrypt' }) | null;
}

export function keyStoreStatus(store: KeyStore | null): KeyStoreStatus {
  if (!store) return { encrypted: false, cipher: null, keySources: [], keychainBackend: null, recoveryKey: false, kdf: null };
  const { keychain, passphrase, recovery } = store.wraps;
  return {
    encrypted: true,
    cipher: ARCHIVE_CIPHER_LABEL,
    keySources: [...(keychain ? (['keychain'] as const) : []), ...(passphrase ? (['passphrase'] as const) : [])],
    keychainBackend: keychain?.backend ?? null,
    recoveryKey: recovery !== undefined,
    kdf: passphrase ? { name: 'scrypt', ...passphrase.params } : null,
  };
}

export function validatePassphrase(passphrase: string): void {
  if ([...passphrase.normalize('NFC')].length < MIN_PASSPHRASE_LENGTH) {
    throw new AppError('invalid_request', `A passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.`);
  }
}

async function withPassphrase(store: KeyStore, key: Buffer, passphrase: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<KeyStore> {
  validatePassphrase(passphrase);
  const salt = randomBytes(16);
  const sealed = seal(await passphraseKek(passphrase, salt, params), key, 'passphrase');
  return { ...store, wraps: { ...store.wraps, passphrase: { kdf: 'scrypt', salt: salt.toString('base64'), params, sealed } } };
}

function keyCheck(key: Buffer): string {
  return createHmac('sha256', key).update('abstractor archive key check').digest('base64');
}

/** Whether `key` is this store's archive key (its check value matches). */
export function keyMatches(store: KeyStore, key: Buffer): boolean {
  const expected = Buffer.from(store.check, 'base64');
  const actual = Buffer.from(keyCheck(key), 'base64');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function lockedMessage(store: KeyStore): string {
  const { keychain, passphrase } = store.wraps;
  if (passphrase) return 'The archive is encrypted: enter its passphrase (or its recovery key).';
  if (keychain) return 'The archive is encrypted with the keychain of the computer that made it: open it in the desktop app there, or enter its recovery key.';
  return 'The archive is encrypted: enter its recovery key.';
}

function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Not supported everywhere (Windows); the rename itself is atomic.
  }
}
