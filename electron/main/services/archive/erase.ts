// Deleting means erasing. SQLite's secure_delete (set in db/open.ts) zeroes freed rows and
// pages, FTS5's 'secure-delete' (migration 5) removes a deleted page's terms from the index
// segments instead of leaving them behind a tombstone, and the WAL, which still holds the
// pages as they were before the delete, is checkpointed into the database and truncated.
// Files are overwritten before they are unlinked. Plain Node: must not import electron.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../db/open';

/** What a checkpoint left: `busy` when another connection's read kept WAL frames alive. */
export interface CheckpointResult {
  readonly busy: boolean;
  readonly walFrames: number;
}

/**
 * Copies every WAL frame into the database and truncates the WAL to zero bytes, so old page
 * versions (with the deleted text) are gone from the -wal file. A reader in another process
 * (the app beside a CLI) can block it; the next erase or open tries again.
 */
export function checkpointTruncate(db: Db): CheckpointResult {
  const [row] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number; log: number }>;
  return { busy: (row?.busy ?? 0) !== 0, walFrames: row?.log ?? 0 };
}

const CHUNK = 1 << 20;

/**
 * Overwrites a file with random bytes, flushes, then unlinks it. On a copy-on-write or
 * wear-levelled disk the old blocks may survive physically; full-disk encryption or an
 * encrypted archive covers that. A missing file is not an error.
 */
export async function shredFile(file: string): Promise<void> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r+');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  try {
    const { size } = await handle.stat();
    for (let offset = 0; offset < size; offset += CHUNK) {
      const length = Math.min(CHUNK, size - offset);
      await handle.write(randomBytes(length), 0, length, offset);
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rm(file, { force: true });
}

/** shredFile for every file under `dir`, then removes the folder. */
export async function shredTree(dir: string): Promise<void> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (!entries) return;
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await shredTree(full);
    else if (entry.isFile()) await shredFile(full);
  }
  await fs.rm(dir, { recursive: true, force: true });
}
