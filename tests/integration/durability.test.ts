// Durability: the backend is killed with SIGKILL in the middle of a batch import, and again in
// the middle of an extraction run, then started again. After each restart the archive is
// intact, the jobs resume from their last finished step (pages already stored stay, model
// answers already given are replayed) and finish, and nothing appears twice.
// KILL_ROUNDS=10 repeats both kills ten times (CI runs one round).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTinyModel } from '../fixtures/gguf-writer';
import { largePdf, textPdf } from '../fixtures/pdfs';
import { PROJECT_ROOT, removeDir, tempDir, writeFiles } from '../helpers/temp-archive';

const ROUNDS = Math.max(1, Number(process.env.KILL_ROUNDS ?? 1));

const KILL_TEMPLATE = {
  name: 'kill-test',
  title: 'Kill test',
  domain: 'legal',
  version: 1,
  description: 'Four short fields: several model steps to be killed between.',
  fields: ['governing_law', 'landlord', 'tenant', 'premises'].map((key) => ({
    key,
    label: key.replace('_', ' '),
    type: 'text',
    maxLength: 12,
    instructions: `The ${key.replace('_', ' ')}.`,
  })),
};

interface Started {
  child: ChildProcess;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/**
 * The CLI in its own process group, so a kill takes its engine process down with it. Its
 * archive is plaintext, so the test can watch the database read-only beside it.
 */
function cli(args: string[]): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/main/cli/index.ts', ...args, '--no-encryption'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ABSTRACTOR_ARCHIVE: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, done };
}

/** Polls the archive (read-only, beside the running backend) until `ready` says so. */
async function waitFor<T>(dbFile: string, ready: (db: Database.Database) => T | null, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (fs.existsSync(dbFile)) {
      const db = new Database(dbFile, { readonly: true, fileMustExist: true });
      try {
        db.pragma('busy_timeout = 2000');
        const value = ready(db);
        if (value !== null) return value;
      } catch {
        // The schema may not exist yet.
      } finally {
        db.close();
      }
    }
    if (Date.now() > until) throw new Error('timed out waiting for the backend to reach the kill point');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function kill(started: Started): Promise<void> {
  process.kill(-started.child.pid!, 'SIGKILL');
  const { code } = await started.done;
  expect(code).toBeNull(); // killed, not exited
}

function readOnly<T>(dbFile: string, read: (db: Database.Database) => T): T {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

function integrity(db: Database.Database): string {
  return (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join('\n');
}

function count(db: Database.Database, sql: string, ...params: unknown[]): number {
  return (db.prepare(sql).get(...params) as { n: number }).n;
}

let root: string;
let tiny: string;

beforeAll(async () => {
  root = tempDir('abstractor-kill-');
  tiny = await ensureTinyModel();
  const files: Record<string, Uint8Array> = {};
  for (let i = 1; i <= 8; i++) files[`big/doc-${i}.pdf`] = largePdf(100 + i, { linesPerPage: 30 });
  files['lease/lease.pdf'] = textPdf({
    pages: [['Lease between Landlord Ann Lee and Tenant Bob Roe.', 'Premises: 12 Elm Street.'], ['Governed by the laws of Ohio.']],
  });
  writeFiles(root, files);
  fs.writeFileSync(path.join(root, 'kill-test.json'), JSON.stringify(KILL_TEMPLATE));
}, 120_000);

afterAll(() => {
  if (root) removeDir(root);
});

describe.each(Array.from({ length: ROUNDS }, (_, i) => i + 1))('kill round %i', (round) => {
  it('resumes a batch import killed mid-document, with nothing lost or doubled', async () => {
    const archive = path.join(root, `import-${round}`);
    const dbFile = path.join(archive, 'archive.sqlite');
    const started = cli(['batch', path.join(root, 'big'), '--archive', archive, '--json']);
    // Kill when one document is finished and another is half-read.
    const before = await waitFor(
      dbFile,
      (db) => {
        const ready = db.prepare("SELECT id, sha256, page_count, imported_at FROM documents WHERE status = 'ready'").all() as Array<{ id: number; sha256: string; page_count: number; imported_at: string }>;
        const partial = db
          .prepare("SELECT d.id, count(p.id) AS pages, min(p.id) AS firstPageRow FROM documents d JOIN pages p ON p.document_id = d.id WHERE d.status = 'importing' GROUP BY d.id HAVING pages >= 16")
          .get() as { id: number; pages: number; firstPageRow: number } | undefined;
        return ready.length >= 1 && partial ? { ready, partial } : null;
      },
      120_000,
    );
    await kill(started);
    readOnly(dbFile, (db) => expect(integrity(db)).toBe('ok'));

    const rerun = await cli(['jobs', 'run', '--archive', archive, '--json']).done;
    expect(rerun.code, rerun.stderr).toBe(0);

    readOnly(dbFile, (db) => {
      expect(integrity(db)).toBe('ok');
      const docs = db.prepare('SELECT id, sha256, status, page_count, imported_at FROM documents ORDER BY id').all() as Array<{ id: number; sha256: string; status: string; page_count: number; imported_at: string }>;
      expect(docs).toHaveLength(8);
      for (const d of docs) {
        expect(d.status).toBe('ready');
        expect(count(db, 'SELECT count(*) AS n FROM pages WHERE document_id = ?', d.id)).toBe(d.page_count);
        expect(count(db, 'SELECT count(DISTINCT number) AS n FROM pages WHERE document_id = ?', d.id)).toBe(d.page_count);
      }
      expect(count(db, 'SELECT count(DISTINCT sha256) AS n FROM documents')).toBe(8);
      // Documents finished before the kill are untouched.
      for (const r of before.ready) expect(docs.find((d) => d.id === r.id)).toMatchObject({ sha256: r.sha256, page_count: r.page_count, imported_at: r.imported_at });
      // The half-read document resumed: its stored pages are the same rows, not read again.
      expect(count(db, 'SELECT count(*) AS n FROM pages WHERE document_id = ? AND id = ?', before.partial.id, before.partial.firstPageRow)).toBe(1);
      const job = db.prepare("SELECT state, attempts FROM jobs WHERE kind = 'import' AND document_id = ?").get(before.partial.id) as { state: string; attempts: number };
      expect(job).toEqual({ state: 'done', attempts: 2 });
      expect(count(db, "SELECT count(*) AS n FROM jobs WHERE state <> 'done'")).toBe(0);
      expect(count(db, 'SELECT count(*) AS n FROM jobs')).toBe(8);
      // Search works on the resumed document's pages.
      expect(count(db, "SELECT count(*) AS n FROM pages_fts_desc WHERE pages_fts_desc MATCH 'page'")).toBeGreaterThan(0);
    });
  }, 300_000);

  it('resumes an extraction run killed between field questions, replaying the answers it had', async () => {
    const archive = path.join(root, `extract-${round}`);
    const dbFile = path.join(archive, 'archive.sqlite');
    const added = await cli(['templates', 'add', path.join(root, 'kill-test.json'), '--archive', archive, '--json']).done;
    expect(added.code, added.stderr).toBe(0);
    const started = cli(['batch', path.join(root, 'lease'), '--template', 'kill-test', '--model', tiny, '--archive', archive, '--json']);
    const before = await waitFor(
      dbFile,
      (db) => {
        const job = db.prepare("SELECT id FROM jobs WHERE kind = 'extract' AND state = 'running'").get() as { id: number } | undefined;
        if (!job) return null;
        const steps = count(db, "SELECT count(*) AS n FROM job_steps WHERE job_id = ? AND step LIKE 'gen:%'", job.id);
        const run = db.prepare("SELECT data FROM job_steps WHERE job_id = ? AND step = 'run'").get(job.id) as { data: string } | undefined;
        return steps >= 2 && steps < KILL_TEMPLATE.fields.length && run ? { jobId: job.id, steps, runId: Number(run.data) } : null;
      },
      180_000,
    );
    await kill(started);
    readOnly(dbFile, (db) => {
      expect(integrity(db)).toBe('ok');
      // Killed mid-run: no field values were written yet (they land in one transaction at the end).
      expect(count(db, 'SELECT count(*) AS n FROM field_values')).toBe(0);
    });

    const rerun = await cli(['jobs', 'run', '--archive', archive, '--json']).done;
    expect(rerun.code, rerun.stderr).toBe(0);

    readOnly(dbFile, (db) => {
      expect(integrity(db)).toBe('ok');
      const job = db.prepare('SELECT state, attempts, result FROM jobs WHERE id = ?').get(before.jobId) as { state: string; attempts: number; result: string };
      expect(job.state).toBe('done');
      expect(job.attempts).toBe(2);
      expect(JSON.parse(job.result).runId).toBe(before.runId);
      // One run, continued rather than started again; one value per field.
      const runs = db.prepare("SELECT id, status, output FROM runs WHERE kind = 'extraction'").all() as Array<{ id: number; status: string; output: string }>;
      expect(runs.map((r) => [r.id, r.status])).toEqual([[before.runId, 'done']]);
      expect(count(db, 'SELECT count(*) AS n FROM field_values')).toBe(KILL_TEMPLATE.fields.length);
      expect(count(db, 'SELECT count(DISTINCT field_key) AS n FROM field_values')).toBe(KILL_TEMPLATE.fields.length);
      // The answers given before the kill were replayed (nothing evaluated), the rest generated.
      const questions = JSON.parse(runs[0]!.output).questions as Array<{ tokensIn: number; tokensCached: number; totalMs: number }>;
      expect(questions).toHaveLength(KILL_TEMPLATE.fields.length);
      const replayed = questions.filter((q) => q.totalMs === 0 && q.tokensCached === q.tokensIn);
      expect(replayed.length).toBeGreaterThanOrEqual(before.steps);
      expect(count(db, "SELECT count(*) AS n FROM job_steps WHERE job_id = ? AND step LIKE 'gen:%'", before.jobId)).toBe(KILL_TEMPLATE.fields.length);
      expect(count(db, "SELECT count(*) AS n FROM jobs WHERE state <> 'done'")).toBe(0);
    });
  }, 300_000);
});
