// The `jobs`, `job_steps`, `batches` and `watched_folders` tables (migration 4): every read
// and write of the queue's state goes through here, so a crash at any point leaves rows
// the next start can resume from. Synchronous (better-sqlite3). Plain Node.
import { AppError, type AppErrorData } from '../../../../shared/errors';
import type { BatchOptions, JobInfo, JobKind, JobState, WatchedFolder } from '../../../../shared/jobs';
import type { Db } from '../../db/open';
import type { StepStore } from '../runs/generation-memo';

interface JobRow {
  id: number;
  batch_id: number | null;
  kind: JobKind;
  state: JobState;
  priority: number;
  payload: string;
  document_id: number | null;
  progress_done: number;
  progress_total: number;
  attempts: number;
  error_code: string | null;
  error_message: string | null;
  result: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  label: string | null;
}

export interface JobRecord extends JobInfo {
  /** What to do: { path, name } for an import; { template } / { profile } for model jobs. */
  readonly payload: Record<string, unknown>;
}

export interface NewJob {
  readonly kind: JobKind;
  readonly batchId?: number | null;
  readonly documentId?: number | null;
  readonly payload?: Record<string, unknown>;
  readonly priority?: number;
}

export interface JobSelection {
  readonly ids?: readonly number[];
  readonly batchId?: number;
  readonly all?: boolean;
}

export interface BatchRow extends BatchOptions {
  readonly id: number;
  readonly label: string;
  readonly createdAt: string;
}

/** Who may pick a job: file work runs in parallel, model work one at a time. */
export const LANE_OF: Record<JobKind, 'files' | 'model'> = { import: 'files', ocr: 'files', summarize: 'model', extract: 'model' };

/** A job the app was killed in this many times is given up, so one bad file cannot crash-loop the app. */
export const MAX_ATTEMPTS = 3;

const SELECT = `SELECT j.*, coalesce(json_extract(j.payload, '$.name'), d.title) AS label
  FROM jobs j LEFT JOIN documents d ON d.id = j.document_id`;

export class JobStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  // -- jobs ------------------------------------------------------------------------------

  add(jobs: readonly NewJob[]): number[] {
    const insert = this.db.prepare(
      `INSERT INTO jobs (batch_id, kind, state, priority, payload, document_id, created_at)
       VALUES (?, ?, 'queued', ?, ?, ?, ?)`,
    );
    const stamp = this.stamp();
    return this.db.transaction(() =>
      jobs.map((j) =>
        Number(insert.run(j.batchId ?? null, j.kind, j.priority ?? 0, JSON.stringify(j.payload ?? {}), j.documentId ?? null, stamp).lastInsertRowid),
      ),
    )();
  }

  get(id: number): JobRecord | null {
    const row = this.db.prepare<[number], JobRow>(`${SELECT} WHERE j.id = ?`).get(id);
    return row ? toJob(row) : null;
  }

  list(filter: { batchId?: number; limit?: number } = {}): JobRecord[] {
    const rows =
      filter.batchId !== undefined
        ? this.db.prepare<[number, number], JobRow>(`${SELECT} WHERE j.batch_id = ? ORDER BY j.id LIMIT ?`).all(filter.batchId, filter.limit ?? 1e9)
        : this.db.prepare<[number], JobRow>(`${SELECT} ORDER BY j.id DESC LIMIT ?`).all(filter.limit ?? 1000);
    return rows.map(toJob);
  }

  /** The next queued job of a lane: highest priority first, then oldest. Marks it running. */
  claim(lane: 'files' | 'model', skip: ReadonlySet<number> = new Set()): JobRecord | null {
    const kinds = (Object.keys(LANE_OF) as JobKind[]).filter((k) => LANE_OF[k] === lane);
    const rows = this.db
      .prepare<string[], { id: number }>(
        `SELECT id FROM jobs WHERE state = 'queued' AND kind IN (${kinds.map(() => '?').join(',')})
         ORDER BY priority DESC, id LIMIT ${skip.size + 1}`,
      )
      .all(...kinds);
    const next = rows.find((r) => !skip.has(r.id));
    if (!next) return null;
    // Conditional on still being queued: another process on the same archive may have taken it.
    const taken = this.db
      .prepare("UPDATE jobs SET state = 'running', attempts = attempts + 1, started_at = coalesce(started_at, ?) WHERE id = ? AND state = 'queued'")
      .run(this.stamp(), next.id);
    if (taken.changes === 0) return this.claim(lane, new Set([...skip, next.id]));
    return this.get(next.id);
  }

  setDocument(id: number, documentId: number): void {
    this.db.prepare('UPDATE jobs SET document_id = ? WHERE id = ?').run(documentId, id);
  }

  setProgress(id: number, done: number, total: number): void {
    this.db.prepare('UPDATE jobs SET progress_done = ?, progress_total = ? WHERE id = ?').run(done, total, id);
  }

  /**
   * Ends a running job and, in the same transaction, queues what follows from it, so a
   * crash between the two can neither lose nor double the follow-ups.
   */
  finish(id: number, outcome: { state: 'done'; result: Record<string, unknown> } | { state: 'failed'; error: AppErrorData }, followUps: readonly NewJob[] = []): number[] {
    return this.db.transaction(() => {
      if (outcome.state === 'done') {
        this.db
          .prepare("UPDATE jobs SET state = 'done', result = ?, error_code = NULL, error_message = NULL, finished_at = ? WHERE id = ?")
          .run(JSON.stringify(outcome.result), this.stamp(), id);
      } else {
        this.db
          .prepare("UPDATE jobs SET state = 'failed', error_code = ?, error_message = ?, finished_at = ? WHERE id = ?")
          .run(outcome.error.code, outcome.error.message, this.stamp(), id);
      }
      this.clearStopRequest(id);
      return followUps.length > 0 ? this.add(followUps) : [];
    })();
  }

  /** A running job stopped on request: back to the queue, paused, or cancelled. */
  release(id: number, state: 'queued' | 'paused' | 'cancelled'): void {
    this.clearStopRequest(id);
    this.db
      .prepare('UPDATE jobs SET state = ?, finished_at = ? WHERE id = ?')
      .run(state, state === 'cancelled' ? this.stamp() : null, id);
  }

  /** Ids of the selected jobs that are in one of `states`, leaving out those that failed with `exceptErrors`. */
  select(selection: JobSelection, states: readonly JobState[], exceptErrors: readonly string[] = []): number[] {
    const where: string[] = [`state IN (${states.map(() => '?').join(',')})`];
    const params: unknown[] = [...states];
    if (exceptErrors.length > 0) {
      where.push(`(error_code IS NULL OR error_code NOT IN (${exceptErrors.map(() => '?').join(',')}))`);
      params.push(...exceptErrors);
    }
    if (selection.ids) {
      where.push(`id IN (${selection.ids.map(() => '?').join(',') || 'NULL'})`);
      params.push(...selection.ids);
    }
    if (selection.batchId !== undefined) {
      where.push('batch_id = ?');
      params.push(selection.batchId);
    }
    return this.db
      .prepare<unknown[], { id: number }>(`SELECT id FROM jobs WHERE ${where.join(' AND ')} ORDER BY id`)
      .all(...params)
      .map((r) => r.id);
  }

  /** Moves the selected jobs that are in one of `from` to `to`; returns their ids. */
  transition(selection: JobSelection, from: readonly JobState[], to: JobState, exceptErrors: readonly string[] = []): number[] {
    return this.db.transaction(() => {
      const ids = this.select(selection, from, exceptErrors);
      const finished = to === 'cancelled' ? this.stamp() : null;
      const reset = to === 'queued' ? ', error_code = NULL, error_message = NULL, attempts = 0' : '';
      const update = this.db.prepare(`UPDATE jobs SET state = ?, finished_at = ?${reset} WHERE id = ?`);
      for (const id of ids) update.run(to, finished, id);
      return ids;
    })();
  }

  /** A job of this kind for the document waiting or running. */
  hasPendingJob(documentId: number, kind: JobKind): boolean {
    return (
      this.db
        .prepare("SELECT 1 FROM jobs WHERE kind = ? AND document_id = ? AND state IN ('queued', 'running', 'paused') LIMIT 1")
        .get(kind, documentId) !== undefined
    );
  }

  /** An extraction job of this template for the document waiting or running. */
  hasPendingExtraction(documentId: number, template: string): boolean {
    return (
      this.db
        .prepare(
          `SELECT 1 FROM jobs WHERE kind = 'extract' AND document_id = ? AND state IN ('queued', 'running', 'paused')
             AND json_extract(payload, '$.template') = ? LIMIT 1`,
        )
        .get(documentId, template) !== undefined
    );
  }

  /** A model job for this document and template (or summary) already queued, running or done. */
  hasModelJob(documentId: number, kind: 'extract' | 'summarize', template: string | null): boolean {
    return (
      this.db
        .prepare(
          `SELECT 1 FROM jobs WHERE kind = ? AND document_id = ? AND state IN ('queued', 'running', 'paused', 'done')
             AND coalesce(json_extract(payload, '$.template'), '') = ? LIMIT 1`,
        )
        .get(kind, documentId, template ?? '') !== undefined
    );
  }

  /**
   * When the queue starts: jobs a crash left running go back to the queue (they resume from
   * their steps), except those that already took the app down MAX_ATTEMPTS times.
   */
  recover(): { requeued: number[]; givenUp: number[] } {
    return this.db.transaction(() => {
      const running = this.db.prepare<[], JobRow>("SELECT * FROM jobs WHERE state = 'running'").all();
      const requeued: number[] = [];
      const givenUp: number[] = [];
      for (const row of running) {
        if (row.attempts >= MAX_ATTEMPTS) {
          this.db
            .prepare("UPDATE jobs SET state = 'failed', error_code = 'interrupted', error_message = ?, finished_at = ? WHERE id = ?")
            .run(`The app stopped ${row.attempts} times while doing this; it was given up so the rest can go on.`, this.stamp(), row.id);
          givenUp.push(row.id);
        } else {
          this.db.prepare("UPDATE jobs SET state = 'queued' WHERE id = ?").run(row.id);
          requeued.push(row.id);
        }
      }
      return { requeued, givenUp };
    })();
  }

  /** Documents an unfinished import job will resume: their half-read rows must stay. */
  documentsWithPendingImport(): Set<number> {
    return new Set(
      this.db
        .prepare<[], { document_id: number }>(
          "SELECT document_id FROM jobs WHERE kind = 'import' AND state IN ('queued', 'running', 'paused') AND document_id IS NOT NULL",
        )
        .all()
        .map((r) => r.document_id),
    );
  }

  countActive(batchId?: number): number {
    const sql = "SELECT count(*) AS n FROM jobs WHERE state IN ('queued', 'running')";
    const row = (batchId === undefined
      ? this.db.prepare(sql).get()
      : this.db.prepare(`${sql} AND batch_id = ?`).get(batchId)) as { n: number };
    return row.n;
  }

  /** Import jobs already made for this exact file version (a watched folder seen again). */
  hasImportFor(path: string, mtimeMs: number, size: number): boolean {
    return (
      this.db
        .prepare(
          `SELECT 1 FROM jobs WHERE kind = 'import' AND json_extract(payload, '$.path') = ?
             AND json_extract(payload, '$.mtimeMs') = ? AND json_extract(payload, '$.size') = ? LIMIT 1`,
        )
        .get(path, mtimeMs, size) !== undefined
    );
  }

  // -- steps -----------------------------------------------------------------------------

  steps(jobId: number): StepStore {
    const get = this.db.prepare<[number, string], { data: string }>('SELECT data FROM job_steps WHERE job_id = ? AND step = ?');
    const put = this.db.prepare('INSERT OR REPLACE INTO job_steps (job_id, step, data) VALUES (?, ?, ?)');
    return {
      get: (step) => get.get(jobId, step)?.data,
      put: (step, data) => void put.run(jobId, step, data),
    };
  }

  /** Another process asks the queue's owner to stop a running job (kept as a step of the job). */
  requestStop(id: number, wanted: 'paused' | 'cancelled'): void {
    this.db.prepare("INSERT OR REPLACE INTO job_steps (job_id, step, data) VALUES (?, 'stop', ?)").run(id, wanted);
  }

  /** The pending stop request of a running job, removed as it is read. */
  takeStopRequest(id: number): 'paused' | 'cancelled' | null {
    const row = this.db.prepare<[number], { data: string }>("DELETE FROM job_steps WHERE job_id = ? AND step = 'stop' RETURNING data").get(id);
    return row?.data === 'paused' || row?.data === 'cancelled' ? row.data : null;
  }

  private clearStopRequest(id: number): void {
    this.db.prepare("DELETE FROM job_steps WHERE job_id = ? AND step = 'stop'").run(id);
  }

  // -- batches ---------------------------------------------------------------------------

  addBatch(label: string, options: BatchOptions): number {
    const r = this.db
      .prepare('INSERT INTO batches (label, template, summarize, model_path, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(label, options.template, options.summarize ? 1 : 0, options.modelPath, this.stamp());
    return Number(r.lastInsertRowid);
  }

  getBatch(id: number): BatchRow | null {
    const row = this.db
      .prepare<[number], { id: number; label: string; template: string | null; summarize: number; model_path: string | null; created_at: string }>(
        'SELECT * FROM batches WHERE id = ?',
      )
      .get(id);
    return row
      ? { id: row.id, label: row.label, template: row.template, summarize: row.summarize === 1, modelPath: row.model_path, createdAt: row.created_at }
      : null;
  }

  /** Deletes a batch and its jobs (cascade); refused while any of them waits or runs. */
  removeBatch(id: number): boolean {
    return this.db.transaction(() => {
      const active = this.db
        .prepare<[number], { n: number }>("SELECT count(*) AS n FROM jobs WHERE batch_id = ? AND state IN ('queued', 'running', 'paused')")
        .get(id)!.n;
      if (active > 0) throw new AppError('invalid_request', 'The batch is not finished: cancel it first, or let it finish.');
      return this.db.prepare('DELETE FROM batches WHERE id = ?').run(id).changes > 0;
    })();
  }

  listBatches(limit = 50): BatchRow[] {
    return this.db
      .prepare<[number], { id: number }>('SELECT id FROM batches ORDER BY id DESC LIMIT ?')
      .all(limit)
      .map((r) => this.getBatch(r.id)!);
  }

  // -- watched folders -------------------------------------------------------------------

  watched(): WatchedFolder[] {
    return this.db
      .prepare<[], { folder: string; template: string | null; summarize: number; model_path: string | null }>('SELECT * FROM watched_folders ORDER BY folder')
      .all()
      .map((r) => ({ folder: r.folder, template: r.template, summarize: r.summarize === 1, modelPath: r.model_path }));
  }

  watch(folder: WatchedFolder): void {
    this.db
      .prepare('INSERT OR REPLACE INTO watched_folders (folder, template, summarize, model_path, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(folder.folder, folder.template, folder.summarize ? 1 : 0, folder.modelPath, this.stamp());
  }

  unwatch(folder: string): boolean {
    return this.db.prepare('DELETE FROM watched_folders WHERE folder = ?').run(folder).changes > 0;
  }

  private stamp(): string {
    return this.now().toISOString();
  }
}

function toJob(row: JobRow): JobRecord {
  const payload = JSON.parse(row.payload) as Record<string, unknown>;
  return {
    id: row.id,
    batchId: row.batch_id,
    kind: row.kind,
    state: row.state,
    priority: row.priority,
    label: row.label ?? (row.document_id ? `Document ${row.document_id}` : row.kind),
    documentId: row.document_id,
    done: row.progress_done,
    total: row.progress_total,
    attempts: row.attempts,
    error: row.error_code ? ({ code: row.error_code, message: row.error_message ?? '' } as AppErrorData) : null,
    result: row.result ? (JSON.parse(row.result) as Record<string, unknown>) : null,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    payload,
  };
}

/** The API shape of a job (no payload: it may hold paths the UI has no use for). */
export function jobInfo({ payload: _payload, ...info }: JobRecord): JobInfo {
  return info;
}
