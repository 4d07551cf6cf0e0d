// Restoring an archive from a backup folder (see backup.ts). The backup is checked first:
// the manifest's MAC (backup-auth.ts: a forged or edited backup is refused), the database
// checksum, SQLite integrity, a schema this version can open, and every document's file
// against its sha256 (decrypted and authenticated when encrypted). Queued jobs and watched
// folders come back paused (holdAfterRestore): a backup never starts work by itself. The new archive is then built in a sibling folder and
// swapped in with two renames; the old archive stays beside it as
// <archive>.before-restore-<stamp>, so nothing is ever deleted. Its models/ folder moves into
// the restored archive (backups do not carry models). The archive must not be open: the
// caller closes its services first. Plain Node: must not import electron.
import fs from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../../../shared/errors';
import { MIGRATIONS } from '../../db/migrations';
import { applyKey } from '../../db/open';
import { KEYSTORE_FILE, keyMatches, readKeyStore, unlockKeyStore } from '../keys/keystore';
import { holdAfterRestore } from '../jobs/restore-hold';
import { verifyManifest } from './backup-auth';
import {
  BACKUP_DATABASE,
  BACKUP_FILES,
  BACKUP_FORMAT_VERSION,
  BACKUP_PREFIX,
  MANIFEST_FILE,
  exists,
  freeName,
  manifestSchema,
  sha256File,
  stamp,
  type BackupManifest,
} from './backup-manifest';
import { deriveSubKeys, type SubKeys } from './crypto/keys';
import { assertStoredSha256, copyStoredFile, storedFile } from './crypto/stored-file';
import { archiveLayout } from './layout';
import { ensurePrivateDir } from './private-files';

export interface RestoreOptions extends ValidateOptions {
  /** The archive folder to replace (it may be missing or damaged). */
  readonly archiveDir: string;
  /** A backup folder, or its manifest.json. */
  readonly backup: string;
  readonly now?: () => Date;
  /** The result of validateBackup for the same folder, when the caller checked it already. */
  readonly validated?: ValidBackup;
}

export interface ValidateOptions {
  readonly maxSchemaVersion?: number;
  /** better-sqlite3 binary for the running ABI; omitted under plain Node. */
  readonly nativeBinding?: string;
  /** The key of the archive open now: it opens that archive's own encrypted backups. */
  readonly archiveKey?: Buffer | null;
  /**
   * A plaintext archive's backup passphrase; for an encrypted backup made with another key,
   * the passphrase (or recovery key) of the key store it carries.
   */
  readonly passphrase?: string;
  /** Asked when an encrypted backup needs a passphrase and none was given (the CLI's prompt). */
  readonly askPassphrase?: () => Promise<string | null>;
}

export interface RestoreResult {
  readonly archiveDir: string;
  readonly restoredFrom: string;
  /** Where the archive that was replaced now lives; null when there was none. */
  readonly previousArchive: string | null;
  readonly documents: number;
  readonly files: number;
  /** Jobs that were waiting and watched folders, paused until the user resumes them. */
  readonly pausedJobs: number;
  readonly pausedFolders: number;
}

export interface ValidBackup {
  readonly dir: string;
  readonly manifest: BackupManifest;
  /** sha256 of every document's file. */
  readonly fileShas: readonly string[];
  /** The key an encrypted backup opens with; null for a plaintext one. */
  readonly archiveKey: Buffer | null;
}

export async function restoreArchive(options: RestoreOptions): Promise<RestoreResult> {
  const { nativeBinding, now = () => new Date() } = options;
  const backup = options.validated ?? (await validateBackup(options.backup, options));
  const layout = archiveLayout(options.archiveDir);
  const keys = backup.archiveKey ? deriveSubKeys(backup.archiveKey) : null;
  await assertNotInUse(layout.database, nativeBinding);
  const parent = path.dirname(layout.root);
  const base = path.basename(layout.root);
  const when = stamp(now());
  const staging = path.join(parent, await freeName(parent, `.${base}.restoring-${when}`));
  let held: { jobs: number; folders: number };
  try {
    ensurePrivateDir(staging);
    const database = path.join(staging, BACKUP_DATABASE);
    await fs.copyFile(path.join(backup.dir, BACKUP_DATABASE), database);
    for (const sha of backup.fileShas) {
      await copyStoredFile(storedFile(path.join(backup.dir, BACKUP_FILES), sha, keys).path, storedFile(path.join(staging, 'files'), sha, keys).path);
    }
    if (backup.archiveKey) await copyKeyStore(backup, layout.root, staging);
    held = withDatabase(database, { nativeBinding, key: backup.archiveKey }, (db) =>
      holdAfterRestore(db, { restoredFrom: backup.dir, restoredAt: now().toISOString() }),
    );
  } catch (err) {
    await fs.rm(staging, { recursive: true, force: true }).catch(() => undefined);
    throw new AppError('io_error', `Cannot prepare the restored archive next to ${layout.root}: ${(err as Error).message}`);
  }

  let previousArchive: string | null = null;
  try {
    if (await exists(layout.root)) {
      previousArchive = path.join(parent, await freeName(parent, `${base}.before-restore-${when}`));
      await fs.rename(layout.root, previousArchive);
    }
    await fs.rename(staging, layout.root);
  } catch (err) {
    // Put the old archive back where it was; the staging copy is not needed any more.
    if (previousArchive && !(await exists(layout.root))) await fs.rename(previousArchive, layout.root).catch(() => undefined);
    await fs.rm(staging, { recursive: true, force: true }).catch(() => undefined);
    throw new AppError('io_error', `Cannot swap the restored archive into ${layout.root}: ${(err as Error).message}`);
  }
  if (previousArchive) {
    // Model files stay usable: the restored rows point at <archive>/models as before.
    const models = path.join(previousArchive, 'models');
    if (await exists(models)) await fs.rename(models, layout.models).catch(() => undefined);
  }
  return {
    archiveDir: layout.root,
    restoredFrom: backup.dir,
    previousArchive,
    documents: backup.manifest.documents,
    files: backup.fileShas.length,
    pausedJobs: held.jobs,
    pausedFolders: held.folders,
  };
}

/** Everything restore checks before it touches the archive; throws backup_invalid or archive_from_future. */
export async function validateBackup(
  given: string,
  { maxSchemaVersion = MIGRATIONS.length, nativeBinding, archiveKey = null, passphrase, askPassphrase }: ValidateOptions = {},
): Promise<ValidBackup> {
  const dir = await backupDir(path.resolve(given));
  const manifest = await readManifest(dir, maxSchemaVersion);
  const invalid = (why: string) => new AppError('backup_invalid', `The backup ${dir} cannot be restored: ${why}`);
  if (manifest.encrypted !== (manifest.auth.method === 'archive-key')) throw invalid('its manifest contradicts itself.');
  const key = manifest.encrypted ? await backupKey(dir, manifest, { archiveKey, passphrase, askPassphrase }) : null;
  const keys: SubKeys | null = key ? deriveSubKeys(key) : null;
  // Before anything else is read: the rest of the checks trust what the manifest says.
  await verifyManifest(manifest, dir, { keys, passphrase });
  const dbFile = path.join(dir, BACKUP_DATABASE);
  if (!(await exists(dbFile))) throw invalid(`${BACKUP_DATABASE} is missing.`);
  if ((await sha256File(dbFile)) !== manifest.database.sha256) throw invalid(`${BACKUP_DATABASE} does not match the checksum in ${MANIFEST_FILE} (it was changed or damaged).`);

  let fileShas: string[];
  let db: Database.Database | undefined;
  try {
    db = new Database(dbFile, { readonly: true, fileMustExist: true, nativeBinding });
    if (key) applyKey(db, key);
    const integrity = (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join('; ');
    if (integrity !== 'ok') throw invalid(`its database fails SQLite's integrity check (${integrity.slice(0, 200)}).`);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version !== manifest.schemaVersion) throw invalid(`its database has schema ${version}, the manifest says ${manifest.schemaVersion}.`);
    fileShas = db.prepare<[], { sha256: string }>('SELECT sha256 FROM documents ORDER BY id').all().map((r) => r.sha256);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw invalid(`its database cannot be read (${(err as Error).message}).`);
  } finally {
    db?.close();
  }
  for (const sha of fileShas) {
    const file = storedFile(path.join(dir, BACKUP_FILES), sha, keys);
    const name = path.relative(dir, file.path);
    if (!(await exists(file.path))) throw invalid(`the file ${name} is missing.`);
    await assertStoredSha256(file, sha).catch(() => {
      throw invalid(`the file ${name} is damaged or was changed.`);
    });
  }
  return { dir, manifest, fileShas, archiveKey: key };
}

/**
 * The key of an encrypted backup: the open archive's when the backup was made with it, else
 * the one its own key store gives for the passphrase or recovery key (a backup made before a
 * rekey, or of another archive). A wrong key is caught by the manifest's key check.
 */
async function backupKey(
  dir: string,
  manifest: BackupManifest,
  { archiveKey, passphrase, askPassphrase }: Pick<ValidateOptions, 'archiveKey' | 'passphrase' | 'askPassphrase'>,
): Promise<Buffer | null> {
  if (archiveKey && manifest.auth.method === 'archive-key' && deriveSubKeys(archiveKey).keyId === manifest.auth.keyId) return archiveKey;
  const store = readKeyStore(dir);
  if (!store) return archiveKey ?? null;
  const typed = passphrase ?? (await askPassphrase?.()) ?? null;
  if (!typed) {
    throw new AppError('archive_locked', `The backup ${dir} is encrypted with another key than this archive's: enter the passphrase (or recovery key) it was made with.`);
  }
  return unlockKeyStore(store, { passphrase: typed });
}

/**
 * The restored archive's key store: the current archive's when it holds the same key (its
 * passphrase may have changed since the backup), else the one the backup carries.
 */
async function copyKeyStore(backup: ValidBackup, archiveRoot: string, staging: string): Promise<void> {
  const current = readKeyStore(archiveRoot);
  const from = current && keyMatches(current, backup.archiveKey!) ? archiveRoot : backup.dir;
  await fs.copyFile(path.join(from, KEYSTORE_FILE), path.join(staging, KEYSTORE_FILE));
  await fs.chmod(path.join(staging, KEYSTORE_FILE), 0o600);
}

/** Opens a database file (with its key), runs `work` and closes it. */
function withDatabase<T>(file: string, { nativeBinding, key }: { nativeBinding?: string; key: Buffer | null }, work: (db: Database.Database) => T): T {
  const db = new Database(file, { fileMustExist: true, nativeBinding });
  try {
    if (key) applyKey(db, key);
    return work(db);
  } finally {
    db.close();
  }
}


/** The backup folder itself, given it or its manifest; a folder of backups names the newest. */
async function backupDir(given: string): Promise<string> {
  const stat = await fs.stat(given).catch(() => null);
  if (!stat) throw new AppError('not_found', `No backup at ${given}.`);
  if (stat.isFile()) {
    if (path.basename(given) === MANIFEST_FILE) return path.dirname(given);
    throw new AppError('backup_invalid', `${given} is not a backup: choose the ${BACKUP_PREFIX}… folder (or its ${MANIFEST_FILE}).`);
  }
  if (await exists(path.join(given, MANIFEST_FILE))) return given;
  const inside = (await fs.readdir(given)).filter((n) => n.startsWith(BACKUP_PREFIX)).sort();
  const hint = inside.length > 0 ? ` It holds backups; the newest is ${path.join(given, inside.at(-1)!)}.` : '';
  throw new AppError('backup_invalid', `${given} is not a backup folder (it has no ${MANIFEST_FILE}).${hint}`);
}

async function readManifest(dir: string, maxSchemaVersion: number): Promise<BackupManifest> {
  let raw: { schemaVersion?: unknown; formatVersion?: unknown } | null;
  try {
    raw = JSON.parse(await fs.readFile(path.join(dir, MANIFEST_FILE), 'utf8')) as typeof raw;
  } catch (err) {
    throw new AppError('backup_invalid', `The backup ${dir} has an unreadable ${MANIFEST_FILE} (${(err as Error).message}).`);
  }
  // Checked before the shape: a newer app may also have changed the manifest.
  const version = raw?.schemaVersion;
  if ((typeof version === 'number' && version > maxSchemaVersion) || (typeof raw?.formatVersion === 'number' && raw.formatVersion > BACKUP_FORMAT_VERSION)) {
    throw new AppError(
      'archive_from_future',
      `The backup ${dir} was made by a newer version of Abstractor (schema ${String(version)}; this version knows ${maxSchemaVersion}). Update the app to restore it.`,
    );
  }
  if (raw?.formatVersion === 1) {
    throw new AppError('backup_invalid', `The backup ${dir} was made by an older version of Abstractor, whose backups carry no authentication, so it cannot be checked for tampering and is not restored.`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? `${first.path.join('.') || 'manifest'}: ${first.message}` : 'invalid';
    throw new AppError('backup_invalid', `The backup ${dir} has a ${MANIFEST_FILE} that is not an Abstractor backup manifest (${where}).`);
  }
  return parsed.data;
}

/**
 * Refuses while another process (the app, the CLI, the bridge) has the archive open: it would
 * go on writing into the folder that is moved aside. An exclusive lock is free only then.
 */
async function assertNotInUse(database: string, nativeBinding: string | undefined): Promise<void> {
  if (!(await exists(database))) return;
  let db: Database.Database | undefined;
  try {
    db = new Database(database, { fileMustExist: true, timeout: 0, nativeBinding });
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
      throw new AppError('archive_in_use', `The archive ${path.dirname(database)} is open in another Abstractor window or command. Close it, then restore again.`);
    }
    // A damaged or foreign file cannot be in use by Abstractor: restoring over it is the point.
  } finally {
    try {
      db?.close();
    } catch {
      // already unusable
    }
  }
}
