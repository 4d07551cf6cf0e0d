// What a backup folder holds and how it is described: the manifest.json schema, the names
// inside a backup, and the small file helpers backup and restore share. Plain Node: must
// not import electron.
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { storedSha256 } from './crypto/stored-file';

export const MANIFEST_FILE = 'manifest.json';
export const BACKUP_DATABASE = 'archive.sqlite';
export const BACKUP_FILES = 'files';
export const BACKUP_PREFIX = 'abstractor-backup-';

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`));

/** How the manifest is authenticated (backup-auth.ts). */
const authSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('archive-key'), keyId: hex(16), check: hex(32) }),
  z.object({
    method: z.literal('passphrase'),
    salt: hex(16),
    N: z.number().int().positive(),
    r: z.number().int().positive(),
    p: z.number().int().positive(),
    check: hex(32),
  }),
]);

export const BACKUP_FORMAT_VERSION = 2;

export const manifestBodySchema = z.object({
  format: z.literal('abstractor-backup'),
  formatVersion: z.literal(BACKUP_FORMAT_VERSION),
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
  /** Whether the database (SQLCipher 4) and the files (crypto/chunked-file.ts) are encrypted with the archive key. */
  encrypted: z.boolean(),
  auth: authSchema,
});

export const manifestSchema = manifestBodySchema.extend({ mac: hex(32) });

export type ManifestBody = z.infer<typeof manifestBodySchema>;
export type BackupManifest = z.infer<typeof manifestSchema>;
export type BackupAuth = ManifestBody['auth'];

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

export function sha256File(file: string): Promise<string> {
  return storedSha256({ path: file, key: null });
}
