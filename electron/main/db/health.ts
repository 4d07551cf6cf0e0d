// A damaged archive must be refused when it is opened, with a clear message, not fail later
// as an obscure error in whatever call touches the bad page first. SQLite's quick_check reads
// every page (about 0.1 s per 35 MB here), so it runs at open only up to a size where that
// stays well under two seconds; bigger archives rely on SQLite's own checks as pages are read.
// Plain Node: must not import electron.
import fs from 'node:fs';
import { AppError } from '../../../shared/errors';
import type { Db } from './open';

export const QUICK_CHECK_MAX_BYTES = 512 * 1024 * 1024;

export function assertHealthy(db: Db, file: string, maxBytes = QUICK_CHECK_MAX_BYTES): void {
  let size = 0;
  try {
    size = fs.statSync(file).size;
  } catch {
    return; // a new, empty archive
  }
  if (size > maxBytes) return;
  let problems: string[];
  try {
    problems = (db.pragma('quick_check(5)') as Array<{ quick_check: string }>).map((r) => r.quick_check);
  } catch (err) {
    problems = [(err as Error).message];
  }
  if (problems.length === 1 && problems[0] === 'ok') return;
  throw new AppError(
    'archive_corrupt',
    `The archive database ${file} is damaged (SQLite integrity check: ${problems.join('; ').replace(/\s+/g, ' ').slice(0, 200)}).`,
  );
}
