// Archive backup: <dest>/abstractor-backup-<stamp>/ with archive.sqlite (SQLite's online
// backup, a consistent snapshot taken page by page while the app goes on writing through
// the same connection), files/ (the PDFs the snapshot's documents refer to, checked against
// their sha256 names) and manifest.json. It is built under a hidden .partial name and renamed
// at the end, so a folder with the real name is always complete. Restore is in restore.ts.
// Models are not copied: they are large and can be added again. Plain Node: no electron.
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../../shared/errors';
import type { Db } from '../../db/open';
import type { ArchiveLayout } from './layout';
import {
  BACKUP_DATABASE,
  BACKUP_FILES,
  BACKUP_PREFIX,
  MANIFEST_FILE,
  contentPath,
  copyHashed,
  exists,
  freeName,
  sha256File,
  stamp,
  type BackupManifest,
} from './backup-manifest';

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
}

const EXCLUDED = ['models/ (language models are large; add or download them again)', 'tmp/ (unfinished copies)'];

export async function backupArchive({ db, layout, dest, appVersion, now = () => new Date() }: BackupOptions): Promise<BackupResult> {
  const target = path.resolve(dest);
  if (isInside(target, layout.root)) {
    throw new AppError('invalid_request', `A backup cannot go inside the archive it backs up (${layout.root}). Choose another folder.`);
  }
  const createdAt = now();
  let partial: string | null = null;
  try {
    await fs.mkdir(target, { recursive: true });
    const name = await freeName(target, `${BACKUP_PREFIX}${stamp(createdAt)}`);
    partial = path.join(target, `.${name}.partial`);
    await fs.rm(partial, { recursive: true, force: true });
    await fs.mkdir(partial);
    const dbCopy = path.join(partial, BACKUP_DATABASE);
    // Writes through this connection while the copy runs are applied to the copy as well.
    await db.backup(dbCopy);
    const copied = await copyFiles(db, dbCopy, layout.files, path.join(partial, BACKUP_FILES));
    const database = { file: BACKUP_DATABASE, bytes: (await fs.stat(dbCopy)).size, sha256: await sha256File(dbCopy) } as const;
    const manifest: BackupManifest = {
      format: 'abstractor-backup',
      formatVersion: 1,
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
    };
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
  skipped: BackupManifest['skipped'];
}

/**
 * Works on the copy through the live connection (ATTACH), so no second SQLite binding is
 * needed: copies the file of every document in the snapshot, drops the documents whose file
 * is gone or damaged (a delete that ran during the backup, or a damaged archive), makes the
 * copy a self-contained rollback-journal file and checks it.
 */
async function copyFiles(db: Db, dbCopy: string, fromDir: string, toDir: string): Promise<Copied> {
  db.prepare('ATTACH DATABASE ? AS backup_copy').run(dbCopy);
  try {
    const rows = db
      .prepare<[], { id: number; sha256: string; file_name: string }>('SELECT id, sha256, file_name FROM backup_copy.documents ORDER BY id')
      .all();
    const skipped: Copied['skipped'] = [];
    let fileBytes = 0;
    for (const row of rows) {
      const from = contentPath(fromDir, row.sha256);
      const reason = await copyOne(from, contentPath(toDir, row.sha256), row.sha256);
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
async function copyOne(from: string, to: string, sha256: string): Promise<number | string> {
  if (!(await exists(from))) return 'file missing from the archive';
  const copied = await copyHashed(from, to);
  if (copied.sha256 !== sha256) {
    await fs.rm(to, { force: true });
    return 'file damaged in the archive (its content no longer matches its checksum)';
  }
  return copied.bytes;
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
