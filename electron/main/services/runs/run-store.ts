// The `runs` table (migration 2): one row per model run (summary or extraction), kept as history.
// One store per kind, so each pipeline sees only its own runs. Owns the SQL for runs and nothing
// else; plain Node, no electron.
import { AppError, errorCodeSchema, type AppErrorData } from '../../../../shared/errors';
import { runStatusSchema, type RunInfo, type RunStatus } from '../../../../shared/summaries';
import type { Db } from '../../db/open';

export type RunKind = 'summary' | 'extraction';

interface RunRow {
  id: number;
  document_id: number;
  kind: RunKind;
  profile: string;
  prompt_version: string;
  model_sha256: string | null;
  model_name: string | null;
  settings: string;
  status: string;
  error_code: string | null;
  error_message: string | null;
  tokens_input: number;
  tokens_output: number;
  timings: string;
  pages_read: number;
  pages_total: number;
  output: string | null;
  started_at: string;
  finished_at: string | null;
}

const INFO_COLUMNS = `id, document_id, kind, profile, prompt_version, model_sha256, model_name, settings, status,
  error_code, error_message, tokens_input, tokens_output, timings, pages_read, pages_total, started_at, finished_at`;

export interface FinishRun<Output> {
  readonly status: Extract<RunStatus, 'done' | 'failed' | 'cancelled'>;
  readonly error?: AppErrorData | null;
  readonly tokens: { readonly input: number; readonly output: number };
  readonly timings: Readonly<Record<string, number>>;
  readonly pagesRead: number;
  readonly settings?: Readonly<Record<string, unknown>>;
  readonly output?: Output | null;
}

export interface RunStoreOptions<Output> {
  readonly kind: RunKind;
  /** Checks a stored output as it is read back. */
  readonly parseOutput: (json: unknown) => Output;
  readonly now?: () => Date;
}

export class RunStore<Output> {
  readonly kind: RunKind;
  private readonly parseOutput: (json: unknown) => Output;
  private readonly now: () => Date;

  constructor(
    private readonly db: Db,
    options: RunStoreOptions<Output>,
  ) {
    this.kind = options.kind;
    this.parseOutput = options.parseOutput;
    this.now = options.now ?? (() => new Date());
  }

  create(input: {
    documentId: number;
    profile: string;
    promptVersion: string;
    settings: Readonly<Record<string, unknown>>;
    pagesTotal: number;
  }, resumeId?: number): number {
    if (resumeId !== undefined) {
      // A job resumed after a crash or pause continues its own run row rather than adding one.
      const reopened = this.db
        .prepare(
          `UPDATE runs SET status = 'queued', error_code = NULL, error_message = NULL, finished_at = NULL, settings = ?
           WHERE id = ? AND kind = ? AND document_id = ? AND status <> 'done'`,
        )
        .run(JSON.stringify(input.settings), resumeId, this.kind, input.documentId);
      if (reopened.changes === 1) return resumeId;
    }
    const result = this.db
      .prepare(
        `INSERT INTO runs (document_id, kind, profile, prompt_version, settings, status, pages_total, started_at)
         VALUES (?, ?, ?, ?, ?, 'queued', ?, ?)`,
      )
      .run(input.documentId, this.kind, input.profile, input.promptVersion, JSON.stringify(input.settings), input.pagesTotal, this.stamp());
    return Number(result.lastInsertRowid);
  }

  markRunning(id: number): void {
    this.db.prepare("UPDATE runs SET status = 'running', started_at = ? WHERE id = ?").run(this.stamp(), id);
  }

  setModel(id: number, model: { sha256: string; name: string }): void {
    this.db.prepare('UPDATE runs SET model_sha256 = ?, model_name = ? WHERE id = ?').run(model.sha256, model.name, id);
  }

  /** Kept current during a run, so a run cut short still shows how far it got. */
  setProgress(id: number, progress: { pagesRead: number; tokensInput: number; tokensOutput: number }): void {
    this.db
      .prepare('UPDATE runs SET pages_read = ?, tokens_input = ?, tokens_output = ? WHERE id = ?')
      .run(progress.pagesRead, progress.tokensInput, progress.tokensOutput, id);
  }

  finish(id: number, result: FinishRun<Output>): void {
    this.db
      .prepare(
        `UPDATE runs SET status = ?, error_code = ?, error_message = ?, tokens_input = ?, tokens_output = ?,
           timings = ?, pages_read = ?, settings = coalesce(?, settings), output = ?, finished_at = ?
         WHERE id = ?`,
      )
      .run(
        result.status,
        result.error?.code ?? null,
        result.error?.message ?? null,
        result.tokens.input,
        result.tokens.output,
        JSON.stringify(result.timings),
        result.pagesRead,
        result.settings ? JSON.stringify(result.settings) : null,
        result.output ? JSON.stringify(result.output) : null,
        this.stamp(),
        id,
      );
  }

  get(id: number): RunInfo & { readonly output: Output | null } {
    const row = this.db.prepare<[number, RunKind], RunRow>('SELECT * FROM runs WHERE id = ? AND kind = ?').get(id, this.kind);
    if (!row) throw new AppError('not_found', `No ${this.kind} run with id ${id}.`);
    return { ...toInfo(row), output: row.output ? this.parseOutput(JSON.parse(row.output)) : null };
  }

  /** Newest first: reruns keep the history. */
  list(documentId: number): RunInfo[] {
    return this.db
      .prepare<[number, RunKind], RunRow>(
        `SELECT ${INFO_COLUMNS} FROM runs WHERE document_id = ? AND kind = ? ORDER BY started_at DESC, id DESC`,
      )
      .all(documentId, this.kind)
      .map(toInfo);
  }

  /** The newest run of a document with this profile (for extraction: this template). */
  latest(documentId: number, profile: string): RunInfo | null {
    const row = this.db
      .prepare<[number, RunKind, string], RunRow>(
        `SELECT ${INFO_COLUMNS} FROM runs WHERE document_id = ? AND kind = ? AND profile = ? ORDER BY id DESC LIMIT 1`,
      )
      .get(documentId, this.kind, profile);
    return row ? toInfo(row) : null;
  }

  /** Runs a killed app left queued or running end failed 'interrupted'; returns their ids. */
  recoverInterrupted(): number[] {
    const ids = this.db
      .prepare<[RunKind], { id: number }>("SELECT id FROM runs WHERE kind = ? AND status IN ('queued', 'running')")
      .all(this.kind)
      .map((r) => r.id);
    const stmt = this.db.prepare(
      `UPDATE runs SET status = 'failed', error_code = 'interrupted', error_message = ?, finished_at = ? WHERE id = ?`,
    );
    for (const id of ids) stmt.run('The app closed before this run finished. Start it again.', this.stamp(), id);
    return ids;
  }

  private stamp(): string {
    return this.now().toISOString();
  }
}

function toInfo(row: RunRow): RunInfo {
  const code = errorCodeSchema.safeParse(row.error_code);
  return {
    id: row.id,
    documentId: row.document_id,
    kind: row.kind,
    profile: row.profile,
    promptVersion: row.prompt_version,
    model: row.model_sha256 ? { sha256: row.model_sha256, name: row.model_name ?? '' } : null,
    settings: JSON.parse(row.settings) as Record<string, unknown>,
    status: runStatusSchema.parse(row.status),
    error: row.error_code ? { code: code.success ? code.data : 'internal', message: row.error_message ?? '' } : null,
    tokens: { input: row.tokens_input, output: row.tokens_output },
    timings: JSON.parse(row.timings) as Record<string, number>,
    pagesRead: row.pages_read,
    pagesTotal: row.pages_total,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/** What finished runs of one model cost on this computer: the prompt it read and how long that took. */
export interface ModelRunTotals {
  readonly modelSha256: string;
  readonly runs: number;
  /** Prompt tokens evaluated (the cached ones left out) and the time spent on them. */
  readonly prefillTokens: number;
  readonly prefillMs: number;
  /** All prompt tokens and the pages they covered. */
  readonly promptTokens: number;
  readonly pagesRead: number;
}

/** Per model, over the newest `limit` finished runs of every kind (summaries and extractions). */
export function modelRunTotals(db: Db, limit = 200): ModelRunTotals[] {
  const rows = db
    .prepare<[number], { model_sha256: string; tokens_input: number; timings: string; pages_read: number }>(
      `SELECT model_sha256, tokens_input, timings, pages_read FROM runs
       WHERE status = 'done' AND model_sha256 IS NOT NULL ORDER BY id DESC LIMIT ?`,
    )
    .all(limit);
  const totals = new Map<string, { runs: number; prefillTokens: number; prefillMs: number; promptTokens: number; pagesRead: number }>();
  for (const row of rows) {
    const timings = JSON.parse(row.timings) as Record<string, unknown>;
    const prefillMs = typeof timings['prefillMs'] === 'number' ? timings['prefillMs'] : 0;
    const cached = typeof timings['tokensCached'] === 'number' ? timings['tokensCached'] : 0;
    // A run answered from a memo (resumed) read nothing: it says nothing about speed.
    if (prefillMs <= 0) continue;
    const t = totals.get(row.model_sha256) ?? { runs: 0, prefillTokens: 0, prefillMs: 0, promptTokens: 0, pagesRead: 0 };
    t.runs += 1;
    t.prefillTokens += Math.max(0, row.tokens_input - cached);
    t.prefillMs += prefillMs;
    t.promptTokens += row.tokens_input;
    t.pagesRead += row.pages_read;
    totals.set(row.model_sha256, t);
  }
  return [...totals].map(([modelSha256, t]) => ({ modelSha256, ...t }));
}
