// What a backup folder holds and how it is described: the manifest.json schema, the names
// inside a backup, and the small file helpers backup and restore share. Plain Node: must
// not import electron.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';

export const MANIFEST_FILE = 'manifest.json';
export const BACKUP_DATABASE = 'archive.sqlite';
export const BACKUP_FILES = 'files';
export const BACKUP_PREFIX = 'abstractor-backup-';

export const manifestSchema = z.object({
  format: z.literal('abstractor-backup'),
  formatVersion: z.literal(1),
  createdAt: z.string(),
  appVersion: z.string(),
  /** The archive folder the backup was taken from (for people; restore may target another). */
  source: z.string(),
  schemaVersion: z.number().int().nonnegative(),
  database: z.object({ file: z.literal(BACKUP_DATABASE), bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  documents: z.number().int().nonnegative(),
  files: z.number().int().nonnegative(),
  fileBytes: z.number().int().nonnegative(),
  /** Documents left out because their file was missing or damaged in the archive. */
  skipped: z.array(z.object({ id: z.number().int(), fileName: z.string(), reason: z.string() })),
  /** What a backup never holds, in words. */
  excluded: z.array(z.string()),
});

export type BackupManifest = z.infer<typeof manifestSchema>;

/** A name-safe UTC stamp, e.g. 2025-03-04T050607Z. */
export function stamp(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace(/:/g, '')}Z`;
}

/** `base`, or `base-2`, `base-3`… : the first name not taken in `dir`. */
export async function freeName(dir: string, base: string): Promise<string> {
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}-${n}`;
    if (!(await exists(path.join(dir, name)))) return name;
  }
}

export async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/** Where a content-addressed file lives under a `files/` folder (as FileStore names it). */
export function contentPath(filesDir: string, sha256: string): string {
  return path.join(filesDir, sha256.slice(0, 2), `${sha256}.pdf`);
}

/** Copies a file while hashing it; returns its sha256 and size. */
export async function copyHashed(from: string, to: string): Promise<{ sha256: string; bytes: number }> {
  await fs.mkdir(path.dirname(to), { recursive: true });
  await fs.copyFile(from, to, fs.constants.COPYFILE_FICLONE);
  const [sha256, stat] = await Promise.all([sha256File(to), fs.stat(to)]);
  return { sha256, bytes: stat.size };
}
