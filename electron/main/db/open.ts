// Opens the archive's SQLite file: the only place that sets connection pragmas, and the key.
// Plain Node: must not import electron.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../../shared/errors';

export type Db = Database.Database;

/** The archive key: 32 random bytes, applied as SQLCipher's raw key (no KDF at each open). */
export const ARCHIVE_KEY_BYTES = 32;

/** How an encrypted archive is written: SQLCipher 4's format, so standard SQLCipher tools read it. */
export const ARCHIVE_CIPHER = 'sqlcipher';
export const ARCHIVE_CIPHER_LABEL = 'SQLCipher 4 (AES-256-CBC, HMAC-SHA512)';

/** Files SQLite keeps beside the database in WAL mode. */
export const SQLITE_SIDE_FILES = ['-wal', '-shm'] as const;

export interface OpenDatabaseOptions {
  /** Path to a better_sqlite3.node built for the running ABI (Electron ships its own). */
  nativeBinding?: string;
  readonly?: boolean;
  /** Refuse, before changing anything in the file, a schema newer than this. */
  maxSchemaVersion?: number;
  /** The raw key of an encrypted archive; omitted (or null) for a plaintext one. */
  key?: Buffer | null;
}

/** SQLCipher 4's default page size, which encrypted archives keep. */
const SQLCIPHER_PAGE_BYTES = 4096;
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Db {
  const key = options.key ?? null;
  if (key && key.length !== ARCHIVE_KEY_BYTES) throw new AppError('invalid_request', `An archive key is ${ARCHIVE_KEY_BYTES} bytes.`);
  if (key) assertKeyOpens(file, key, options.nativeBinding);
  // Not SQLite's header and no key: damaged (or encrypted without its key store). Refused
  // before SQLite opens it, which would already rewrite a WAL index left beside it.
  else if (isPlaintextDatabase(file) === false) throw asArchiveError(Object.assign(new Error('file is not a database'), { code: 'SQLITE_NOTADB' }), file);
  if (!options.readonly) createPrivately(file);
  let db: Db | undefined;
  try {
    db = new Database(file, { nativeBinding: options.nativeBinding, readonly: options.readonly ?? false });
    // The key goes in before any statement reads a page: nothing touches the file unkeyed.
    if (key) applyKey(db, key);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (options.maxSchemaVersion !== undefined && version > options.maxSchemaVersion) {
      throw new AppError(
        'archive_from_future',
        `This archive was written by a newer version of Abstractor (schema ${version}; this version knows ${options.maxSchemaVersion}). Update the app to open it.`,
      );
    }
    // WAL lets readers work while an import writes; NORMAL is durable across app crashes in WAL.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Deleting erases: freed rows and pages are zeroed, not left readable in free space.
    db.pragma('secure_delete = ON');
    // Temporary tables and big sorts stay in memory: a temp file would hold page text unencrypted.
    db.pragma('temp_store = MEMORY');
    // Up to 256 MB of pages kept (SQLite's default is 2 MB; it grows only as pages are read): at
    // millions of pages a search's index pages are read again at once, and in an encrypted archive
    // each read from disk is also a decryption. The search index's page lengths alone are 65 MB at
    // 2M pages, read into it after open (search-index.ts, warmStep) with room left for the rest.
    db.pragma('cache_size = -262144');
  } catch (err) {
    // A file that is not a database (or a wrong key) only fails at the first statement.
    db?.close();
    throw asOpenError(err, file, key !== null);
  }
  if (!options.readonly) restrictSideFiles(file);
  return db;
}

/** SQLCipher 4 settings and the raw key; must run before the first read of the file. */
export function applyKey(db: Db, key: Buffer): void {
  db.pragma(`cipher = '${ARCHIVE_CIPHER}'`);
  db.pragma('legacy = 4');
  db.pragma(`key = "x'${key.toString('hex')}'"`);
}

/**
 * A wrong key must not change a byte: opening the archive itself would already rebuild the WAL
 * index (-shm) before the first page fails to decrypt. So the key is tried first on a copy of
 * the first page (still encrypted) in a private temp folder; SQLCipher checks its HMAC there.
 */
function assertKeyOpens(file: string, key: Buffer, nativeBinding: string | undefined): void {
  if (isPlaintextDatabase(file) !== false) return; // new (empty), or plaintext: reported by the open
  const page = Buffer.alloc(SQLCIPHER_PAGE_BYTES);
  const fd = fs.openSync(file, 'r');
  let read: number;
  try {
    read = fs.readSync(fd, page, 0, page.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (read < page.length) return; // too short to be an archive: the open reports the damage
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'abstractor-key-probe-'));
  const probe = path.join(dir, 'page1.sqlite');
  try {
    fs.writeFileSync(probe, page, { mode: 0o600 });
    const db = new Database(probe, { nativeBinding, readonly: true });
    try {
      applyKey(db, key);
      db.pragma('user_version', { simple: true });
    } finally {
      db.close();
    }
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_NOTADB') throw asOpenError(err, file, true);
    // Anything else (the temp folder not writable): the real open decides.
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether the file starts like a plaintext SQLite database (an encrypted one starts with its random salt). */
export function isPlaintextDatabase(file: string): boolean | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const head = Buffer.alloc(SQLITE_MAGIC.length);
    const read = fs.readSync(fd, head, 0, head.length, 0);
    if (read === 0) return null; // empty: a new database
    return read === head.length && head.equals(SQLITE_MAGIC);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * SQLite gives the WAL and SHM files the mode of the database file, so a database created
 * 0600 keeps its side files private too. Files left from an older version are tightened.
 */
function createPrivately(file: string): void {
  if (file === '' || file === ':memory:') return;
  try {
    fs.closeSync(fs.openSync(file, fs.constants.O_CREAT | fs.constants.O_RDWR, 0o600));
    fs.chmodSync(file, 0o600);
  } catch {
    // Reported by SQLite's own open below, with its message.
  }
}

function restrictSideFiles(file: string): void {
  for (const suffix of SQLITE_SIDE_FILES) {
    try {
      fs.chmodSync(file + suffix, 0o600);
    } catch {
      // Not there (yet): SQLite creates it with the database's mode.
    }
  }
}

// Without a key, random-looking bytes are damage: only the folder's key store tells an
// encrypted archive apart (compose refuses those with archive_locked before opening).
function asOpenError(err: unknown, file: string, keyed: boolean): AppError {
  const code = (err as { code?: string }).code;
  if (code === 'SQLITE_NOTADB') {
    const plaintext = isPlaintextDatabase(file);
    if (keyed && plaintext === false) {
      return new AppError('wrong_passphrase', `The key does not open the archive database ${file}: check the passphrase or recovery key. The archive was not changed.`);
    }
    if (keyed && plaintext === true) {
      return new AppError('archive_corrupt', `The archive database ${file} is not encrypted, although the archive has a key store.`);
    }
  }
  return asArchiveError(err, file);
}

export function asArchiveError(err: unknown, file: string): AppError {
  if (err instanceof AppError) return err;
  const code = (err as { code?: string }).code;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new AppError('archive_corrupt', `The archive database ${file} is damaged or is not an Abstractor archive.`);
  }
  return new AppError('io_error', `Cannot open the archive database ${file}: ${(err as Error).message}`);
}
