// After a restore nothing starts by itself: the jobs that were waiting in the backup and its
// watched folders are held (jobs paused, folders not watched) until the user looks at them and
// resumes. A backup is authenticated, but it may be old, or restored on another machine where
// its paths mean something else. The hold is a row in settings, written into the restored
// database before it is swapped in. Plain Node.
import type Database from 'better-sqlite3-multiple-ciphers';
import { restoreHoldSchema, type RestoreHold } from '../../../../shared/jobs';

const KEY = 'jobs.restoreHold';

type Sqlite = Pick<Database.Database, 'prepare' | 'transaction'>;

/** Pauses the waiting jobs and holds the watched folders; returns how many of each. */
export function holdAfterRestore(db: Sqlite, { restoredFrom, restoredAt }: { restoredFrom: string; restoredAt: string }): { jobs: number; folders: number } {
  return db.transaction(() => {
    const paused = db
      .prepare<[], { id: number }>("UPDATE jobs SET state = 'paused' WHERE state IN ('queued', 'running') RETURNING id")
      .all()
      .map((r) => r.id);
    const folders = db.prepare<[], { folder: string }>('SELECT folder FROM watched_folders ORDER BY folder').all().map((r) => r.folder);
    const earlier = readRestoreHold(db);
    const hold: RestoreHold = {
      restoredFrom,
      restoredAt,
      jobIds: [...new Set([...(earlier?.jobIds ?? []), ...paused])].sort((a, b) => a - b),
      folders,
    };
    writeRestoreHold(db, hold.jobIds.length + hold.folders.length > 0 ? hold : null);
    return { jobs: paused.length, folders: folders.length };
  })();
}

export function readRestoreHold(db: Pick<Sqlite, 'prepare'>): RestoreHold | null {
  const row = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(KEY);
  if (!row) return null;
  const parsed = restoreHoldSchema.safeParse(safeJson(row.value));
  return parsed.success ? parsed.data : null;
}

export function writeRestoreHold(db: Pick<Sqlite, 'prepare'>, hold: RestoreHold | null): void {
  if (!hold) {
    db.prepare('DELETE FROM settings WHERE key = ?').run(KEY);
    return;
  }
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(KEY, JSON.stringify(hold));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
