// The archive copies kept beside the archive folder: <archive>.before-restore-<stamp> (what a
// restore replaced) and <archive>.damaged-<stamp> (what recovery moved aside). They hold
// documents too, so they are erased (shredded) once older than the retention period the user
// sets (privacy-settings.ts). The sweep runs each time the archive opens. Plain Node.
import fs from 'node:fs/promises';
import path from 'node:path';
import { shredTree } from './erase';

export interface KeptCopy {
  readonly path: string;
  readonly kind: 'before-restore' | 'damaged';
  readonly createdAt: Date;
}

// stamp() of backup-manifest.ts (2025-03-04T050607Z), with freeName's optional -2, -3 suffix.
const STAMP = /^(\d{4}-\d\d-\d\d)T(\d\d)(\d\d)(\d\d)Z(?:-\d+)?$/;

/** The kept copies of the archive at `root`, oldest first. */
export async function listKeptCopies(root: string): Promise<KeptCopy[]> {
  const parent = path.dirname(root);
  const base = path.basename(root);
  const names = await fs.readdir(parent).catch(() => [] as string[]);
  const copies: KeptCopy[] = [];
  for (const name of names) {
    for (const kind of ['before-restore', 'damaged'] as const) {
      const prefix = `${base}.${kind}-`;
      if (!name.startsWith(prefix)) continue;
      const match = STAMP.exec(name.slice(prefix.length));
      if (match) copies.push({ path: path.join(parent, name), kind, createdAt: new Date(`${match[1]}T${match[2]}:${match[3]}:${match[4]}Z`) });
    }
  }
  return copies.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/** Shreds the kept copies older than `retentionDays`; returns the folders erased. */
export async function sweepKeptCopies(root: string, retentionDays: number, now = new Date()): Promise<string[]> {
  const cutoff = now.getTime() - retentionDays * 86_400_000;
  const erased: string[] = [];
  for (const copy of await listKeptCopies(root)) {
    if (copy.createdAt.getTime() > cutoff) continue;
    await shredTree(copy.path);
    erased.push(copy.path);
  }
  return erased;
}
