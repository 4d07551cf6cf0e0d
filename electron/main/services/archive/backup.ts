// Archive backup: <dest>/abstractor-backup-<stamp>/ with archive.sqlite (a consistent
// snapshot: SQLite's online backup, page by page while the app goes on writing, or for an
// encrypted archive VACUUM INTO, which SQLite3MultipleCiphers writes encrypted with the same
// key), files/ (the PDFs the snapshot's documents refer to, as stored: encrypted stays
// encrypted; each copy checked against its sha256) and manifest.json, authenticated with a
// key from the archive key or from a backup passphrase (backup-auth.ts). It is built under a
// hidden .partial name and renamed at the end, so a folder with the real name is always
// complete. Restore is in restore.ts. Models are not copied: they are large and can be added
// again. Plain Node: no electron.
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../../shared/errors';
import type { Db } from '../../db/open';
import { isInside, type ArchiveLayout } from './layout';
import { ensurePrivateDir } from './private-files';
import { sealManifest, type BackupSecret } from './backup-auth';
import { BACKUP_DATABASE, BACKUP_FILES, BACKUP_FORMAT_VERSION, BACKUP_PREFIX, MANIFEST_FILE, exists, freeName, sha256File, stamp, type ManifestBody } from './backup-manifest';
import type { SubKeys } from './crypto/keys';
import { KEYSTORE_FILE, keyStorePath } from '../keys/keystore';
import { copyStoredFile, storedFile, storedSha256, type StoredFileRef } from './crypto/stored-file';

export interface BackupResult {
  /** The backup folder. */
  readonly path: string;
  readonly documents: number;
  readonly files: number;
  /** Size of the backup: database plus files. */
  readonly bytes: number;
  /** Documents left out because their file was missing or damaged. */
  readonly skipped: number;
}

export interface BackupOptions {
  readonly db: Db;
  readonly layout: ArchiveLayout;
  /** The folder the backup folder is created in. */
  readonly dest: string;
  readonly appVersion: string;
  readonly now?: () => Date;
  /** The archive's keys (services.files.keys); null for a plaintext archive. */
  readonly keys: SubKeys | null;
  /** Authenticates the backup of a plaintext archive (an encrypted one uses its key). */
  readonly passphrase?: string;
}

const EXCLUDED = ['models/ (language models are large; add or download them again)', 'tmp/ (unfinished copies)'];

export async function backupArchive({ db, layout, dest, appVersion, keys, passphrase, now = () => new Date() }: BackupOptions): Promise<BackupResult> {
  const target = path.resolve(dest);
  if (isInside(target, layout.root)) {
    throw new AppError('invalid_request', `A backup cannot go inside the archive it backs up (${layout.root}). Choose another folder.`);
  }
  const secret = backupSecret(keys, passphrase);
  const createdAt = now();
  let partial: string | null = null;
  try {
    await fs.mkdir(target, { recursive: true });
    const name = await freeName(target, `${BACKUP_PREFIX}${stamp(createdAt)}`);
    partial = path.join(target, `.${name}.partial`);
    await fs.rm(partial, { recursive: true, force: true });
    ensurePrivateDir(partial); // owner-only, like the archive itself
    const dbCopy = path.join(partial, BACKUP_DATABASE);
    if (keys) {
      // The backup API cannot write an encrypted target; VACUUM INTO keeps the cipher and key.
      db.prepare('VACUUM INTO ?').run(dbCopy);
    } else {
      // Writes through this connection while the copy runs are applied to the copy as well.
      await db.backup(dbCopy);
    }
    const copied = await copyFiles(db, dbCopy, layout.files, path.join(partial, BACKUP_FILES), keys);
    // The wrapped key travels with an encrypted backup, so it can be restored where this archive's
    // key store is gone (another machine, a later rekey) with the passphrase or the recovery key.
    if (keys && (await exists(keyStorePath(layout.root)))) await fs.copyFile(keyStorePath(layout.root), path.join(partial, KEYSTORE_FILE));
    const database = { file: BACKUP_DATABASE, bytes: (await fs.stat(dbCopy)).size, sha256: await sha256File(dbCopy) } as const;
    const body: Omit<ManifestBody, 'auth'> = {
      format: 'abstractor-backup',
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: createdAt.toISOString(),
      appVersion,
      source: layout.root,
      schemaVersion: copied.schemaVersion,
      database,
      documents: copied.documents,
      files: copied.files,
      fileBytes: copied.fileBytes,
      skipped: copied.skipped,
      excluded: EXCLUDED,
      encrypted: keys !== null,
    };
    const manifest = await sealManifest(body, secret);
    await fs.writeFile(path.join(partial, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    const final = path.join(target, name);
    await fs.rename(partial, final);
    partial = null;
    return { path: final, documents: copied.documents, files: copied.files, bytes: database.bytes + copied.fileBytes, skipped: copied.skipped.length };
  } catch (err) {
    if (partial) await fs.rm(partial, { recursive: true, force: true }).catch(() => undefined);
    if (err instanceof AppError) throw err;
    throw new AppError('io_error', `The backup to ${target} failed: ${(err as Error).message}`);
  }
}

interface Copied {
  schemaVersion: number;
  documents: number;
  files: number;
  fileBytes: number;
  skipped: ManifestBody['skipped'];
}

/**
 * Works on the copy through the live connection (ATTACH), so no second SQLite binding is
 * needed: copies the file of every document in the snapshot, drops the documents whose file
 * is gone or damaged (a delete that ran during the backup, or a damaged archive), makes the
 * copy a self-contained rollback-journal file and checks it.
 */
async function copyFiles(db: Db, dbCopy: string, fromDir: string, toDir: string, keys: SubKeys | null): Promise<Copied> {
  db.prepare('ATTACH DATABASE ? AS backup_copy').run(dbCopy);
  try {
    const rows = db
      .prepare<[], { id: number; sha256: string; file_name: string }>('SELECT id, sha256, file_name FROM backup_copy.documents ORDER BY id')
      .all();
    const skipped: Copied['skipped'] = [];
    let fileBytes = 0;
    for (const row of rows) {
      const reason = await copyOne(storedFile(fromDir, row.sha256, keys), storedFile(toDir, row.sha256, keys), row.sha256);
      if (typeof reason === 'number') fileBytes += reason;
      else skipped.push({ id: row.id, fileName: row.file_name, reason });
    }
    if (skipped.length > 0) {
      const drop = db.prepare('DELETE FROM backup_copy.documents WHERE id = ?');
      db.transaction(() => skipped.forEach((s) => drop.run(s.id)))();
    }
    db.pragma('backup_copy.journal_mode = DELETE');
    const integrity = (db.pragma('backup_copy.integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join('; ');
    if (integrity !== 'ok') {
      throw new AppError('archive_corrupt', `The archive database is damaged, so no backup was made (${integrity.slice(0, 300)}).`);
    }
    const schemaVersion = db.pragma('backup_copy.user_version', { simple: true }) as number;
    const documents = rows.length - skipped.length;
    return { schemaVersion, documents, files: documents, fileBytes, skipped };
  } finally {
    db.prepare('DETACH DATABASE backup_copy').run();
  }
}

/** The copied size, or why the file could not be backed up. */
async function copyOne(from: StoredFileRef, to: StoredFileRef, sha256: string): Promise<number | string> {
  if (!(await exists(from.path))) return 'file missing from the archive';
  await copyStoredFile(from.path, to.path);
  // The copy is checked, not the original: what the backup holds is what restore will find.
  const intact = await storedSha256(to).then((sha) => sha === sha256, () => false);
  if (!intact) {
    await fs.rm(to.path, { force: true });
    return 'file damaged in the archive (its content no longer matches its checksum)';
  }
  return (await fs.stat(to.path)).size;
}

function backupSecret(keys: SubKeys | null, passphrase: string | undefined): BackupSecret {
  if (keys) return { keys };
  if (!passphrase) {
    throw new AppError('invalid_request', 'This archive is not encrypted: a backup of it needs a passphrase, which restoring it will ask for.');
  }
  return { passphrase };
}
