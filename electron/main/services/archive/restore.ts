// Restoring an archive from a backup folder (see backup.ts). The backup is checked first:
// manifest, database checksum, SQLite integrity, a schema this version can open, and every
// document's file against its sha256. The new archive is then built in a sibling folder and
// swapped in with two renames; the old archive stays beside it as
// <archive>.before-restore-<stamp>, so nothing is ever deleted. Its models/ folder moves into
// the restored archive (backups do not carry models). The archive must not be open: the
// caller closes its services first. Plain Node: must not import electron.
import fs from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../../../shared/errors';
import { MIGRATIONS } from '../../db/migrations';
import { archiveLayout } from './layout';
import {
  BACKUP_DATABASE,
  BACKUP_FILES,
  BACKUP_PREFIX,
  MANIFEST_FILE,
  contentPath,
  copyHashed,
  exists,
  freeName,
  manifestSchema,
  sha256File,
  stamp,
  type BackupManifest,
} from './backup-manifest';

export interface RestoreOptions {
  /** The archive folder to replace (it may be missing or damaged). */
  readonly archiveDir: string;
  /** A backup folder, or its manifest.json. */
  readonly backup: string;
  readonly maxSchemaVersion?: number;
  /** better-sqlite3 binary for the running ABI; omitted under plain Node. */
  readonly nativeBinding?: string;
  readonly now?: () => Date;
  /** The result of validateBackup for the same folder, when the caller checked it already. */
  readonly validated?: ValidBackup;
}

export interface RestoreResult {
  readonly archiveDir: string;
  readonly restoredFrom: string;
  /** Where the archive that was replaced now lives; null when there was none. */
  readonly previousArchive: string | null;
  readonly documents: number;
  readonly files: number;
}

export interface ValidBackup {
  readonly dir: string;
  readonly manifest: BackupManifest;
  /** sha256 of every document's file. */
  readonly fileShas: readonly string[];
}

export async function restoreArchive(options: RestoreOptions): Promise<RestoreResult> {
  const { nativeBinding, now = () => new Date() } = options;
  const backup = options.validated ?? (await validateBackup(options.backup, { maxSchemaVersion: options.maxSchemaVersion, nativeBinding }));
  const layout = archiveLayout(options.archiveDir);
  await assertNotInUse(layout.database, nativeBinding);
  const parent = path.dirname(layout.root);
  const base = path.basename(layout.root);
  const when = stamp(now());
  const staging = path.join(parent, await freeName(parent, `.${base}.restoring-${when}`));
  try {
    await fs.mkdir(staging, { recursive: true });
    await fs.copyFile(path.join(backup.dir, BACKUP_DATABASE), path.join(staging, BACKUP_DATABASE));
    for (const sha of backup.fileShas) {
      await copyHashed(contentPath(path.join(backup.dir, BACKUP_FILES), sha), contentPath(path.join(staging, 'files'), sha));
    }
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
  };
}

/** Everything restore checks before it touches the archive; throws backup_invalid or archive_from_future. */
export async function validateBackup(
  given: string,
  { maxSchemaVersion = MIGRATIONS.length, nativeBinding }: { maxSchemaVersion?: number; nativeBinding?: string } = {},
): Promise<ValidBackup> {
  const dir = await backupDir(path.resolve(given));
  const manifest = await readManifest(dir, maxSchemaVersion);
  const dbFile = path.join(dir, BACKUP_DATABASE);
  const invalid = (why: string) => new AppError('backup_invalid', `The backup ${dir} cannot be restored: ${why}`);
  if (!(await exists(dbFile))) throw invalid(`${BACKUP_DATABASE} is missing.`);
  if ((await sha256File(dbFile)) !== manifest.database.sha256) throw invalid(`${BACKUP_DATABASE} does not match the checksum in ${MANIFEST_FILE} (it was changed or damaged).`);

  let fileShas: string[];
  let db: Database.Database | undefined;
  try {
    db = new Database(dbFile, { readonly: true, fileMustExist: true, nativeBinding });
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
    const file = contentPath(path.join(dir, BACKUP_FILES), sha);
    if (!(await exists(file))) throw invalid(`the file ${path.relative(dir, file)} is missing.`);
    if ((await sha256File(file)) !== sha) throw invalid(`the file ${path.relative(dir, file)} is damaged (checksum mismatch).`);
  }
  return { dir, manifest, fileShas };
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
  if ((typeof version === 'number' && version > maxSchemaVersion) || (typeof raw?.formatVersion === 'number' && raw.formatVersion > 1)) {
    throw new AppError(
      'archive_from_future',
      `The backup ${dir} was made by a newer version of Abstractor (schema ${String(version)}; this version knows ${maxSchemaVersion}). Update the app to restore it.`,
    );
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
