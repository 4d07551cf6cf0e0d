// Test harness for the plain-Node services: a throwaway archive folder under the OS temp
// dir, the real services over it (real SQLite, real pdf.js workers), and the checks every
// integration test wants after writing (SQLite and FTS5 integrity, no dangling rows).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventName, EventPayload } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { ImportProgress } from '../../shared/domain';
import type { Db } from '../../electron/main/db/open';
import { openServices, type ServiceOptions, type Services } from '../../electron/main/services/compose';
import { currentSearchIndex } from '../../electron/main/services/archive/search-index';
import { SOURCE_ENTRIES } from '../../electron/main/source-entries';
import { rejectionOf } from './rejection';
import { makeTempDir } from './temp-dir';

/** The project root (the folder with package.json). */
export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The team's shared corpus of real PDFs; absent on some machines, so tests skip without it. */
export const CORPUS_DIR = path.resolve(PROJECT_ROOT, '../shared/corpus');
export const HAS_CORPUS = fs.existsSync(path.join(CORPUS_DIR, 'legal'));

/** A fresh folder under the OS temp dir; the caller removes it with removeDir. */
export function tempDir(prefix?: string): string {
  return makeTempDir(prefix).dir;
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export interface TempArchive {
  readonly dir: string;
  readonly services: Services;
  /** Disposes the services (workers, then the database) and deletes the folder. */
  dispose(): Promise<void>;
}

/** Real services over a fresh archive folder (or `dir`, to reopen one). */
export async function openTempArchive(
  options: Partial<Omit<ServiceOptions, 'archiveDir'>> & { dir?: string; keep?: boolean } = {},
): Promise<TempArchive> {
  const { dir: given, keep = false, ...serviceOptions } = options;
  const dir = given ?? tempDir();
  const services = await openServices({ entries: SOURCE_ENTRIES, ...serviceOptions, archiveDir: dir });
  let disposed = false;
  return {
    dir,
    services,
    async dispose() {
      if (disposed) return;
      disposed = true;
      await services.dispose();
      if (!keep) removeDir(dir);
    },
  };
}

export interface EventLog {
  readonly all: Array<{ name: EventName; payload: unknown }>;
  progress(key?: string): ImportProgress[];
  stop(): void;
}

/** Records every event the services publish until stop(). */
export function recordEvents(services: Services): EventLog {
  const all: Array<{ name: EventName; payload: unknown }> = [];
  const stop = services.events.subscribe(<E extends EventName>(name: E, payload: EventPayload<E>) => {
    all.push({ name, payload });
  });
  return {
    all,
    progress: (key) =>
      all
        .filter((e) => e.name === 'import:progress')
        .map((e) => e.payload as ImportProgress)
        .filter((p) => key === undefined || p.key === key),
    stop,
  };
}

export interface Integrity {
  readonly integrity: string;
  readonly foreignKeys: unknown[];
  /** FTS5's own check that the index matches the pages it is built from. */
  readonly fts: 'ok' | string;
  /** pages of documents that are not 'ready' (a failed import must leave none). */
  readonly orphanPages: number;
  /** page_spans rows without a page. */
  readonly orphanSpans: number;
}

export function checkIntegrity(db: Db): Integrity {
  const integrity = (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join('\n');
  const foreignKeys = db.pragma('foreign_key_check') as unknown[];
  let fts: string = 'ok';
  // pages_fts_desc (migration 10), and pages_fts while it still serves searches (its triggers
  // keep it up to date until the newest-first index is built).
  const has = (name: string) => db.prepare('SELECT 1 FROM sqlite_master WHERE name = ?').get(name) !== undefined;
  for (const [table, live] of [['pages_fts', 'pages_fts_insert'], ['pages_fts_desc', 'pages_fts_desc']] as const) {
    if (!has(live)) continue;
    try {
      db.prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('integrity-check', 1)`).run();
    } catch (err) {
      fts = `${table}: ${(err as Error).message}`;
    }
  }
  const orphanPages = (
    db
      .prepare("SELECT count(*) AS n FROM pages p JOIN documents d ON d.id = p.document_id WHERE d.status = 'failed'")
      .get() as { n: number }
  ).n;
  const orphanSpans = (
    db.prepare('SELECT count(*) AS n FROM page_spans s LEFT JOIN pages p ON p.id = s.page_id WHERE p.id IS NULL').get() as {
      n: number;
    }
  ).n;
  return { integrity, foreignKeys, fts, orphanPages, orphanSpans };
}

export const HEALTHY: Integrity = { integrity: 'ok', foreignKeys: [], fts: 'ok', orphanPages: 0, orphanSpans: 0 };

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Every file under `dir` (recursively) with its SHA-256: proof that nothing was changed. */
export function fileHashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = sha256(fs.readFileSync(file));
  }
  return out;
}

/** The AppError a promise rejects with (fails the test if it resolves or fails otherwise). */
export function rejection(promise: Promise<unknown>): Promise<AppError> {
  return rejectionOf(promise, AppError);
}

export function pageCountOf(db: Db, documentId: number): number {
  return (db.prepare('SELECT count(*) AS n FROM pages WHERE document_id = ?').get(documentId) as { n: number }).n;
}

/** Rows of the FTS index that match `term`, straight from the index (no join to pages). */
export function ftsHits(db: Db, term: string): number {
  const { table } = currentSearchIndex(db);
  return (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${table} MATCH ?`).get(`"${term}"`) as { n: number }).n;
}

/** Writes `files` (relative path → bytes) under `root`, creating folders. */
export function writeFiles(root: string, files: Record<string, Uint8Array>): void {
  for (const [rel, data] of Object.entries(files)) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, data);
  }
}
