// Extraction runs in the `runs` table (migration 2, kind 'extraction', profile = template
// name), stored like summary runs: model, prompt version, settings, tokens, timings, status.
// The summary RunStore writes kind 'summary' only, hence this small twin. Plain Node.
import { AppError, errorCodeSchema, type AppErrorData } from '../../../../shared/errors';
import { runStatusSchema, type RunInfo, type RunStatus } from '../../../../shared/summaries';
import type { Db } from '../../db/open';

interface RunRow {
  id: number;
  document_id: number;
  kind: 'summary' | 'extraction';
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

export interface ExtractionRunRecord {
  readonly info: RunInfo;
  readonly output: Readonly<Record<string, unknown>> | null;
}

export class ExtractionRuns {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  create(input: { documentId: number; template: string; promptVersion: string; settings: Readonly<Record<string, unknown>>; pagesTotal: number }): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO runs (document_id, kind, profile, prompt_version, settings, status, pages_total, started_at)
           VALUES (?, 'extraction', ?, ?, ?, 'queued', ?, ?)`,
        )
        .run(input.documentId, input.template, input.promptVersion, JSON.stringify(input.settings), input.pagesTotal, this.stamp())
        .lastInsertRowid,
    );
  }

  markRunning(id: number): void {
    this.db.prepare("UPDATE runs SET status = 'running', started_at = ? WHERE id = ?").run(this.stamp(), id);
  }

  setModel(id: number, model: { sha256: string; name: string }): void {
    this.db.prepare('UPDATE runs SET model_sha256 = ?, model_name = ? WHERE id = ?').run(model.sha256, model.name, id);
  }

  finish(
    id: number,
    result: {
      status: Extract<RunStatus, 'done' | 'failed' | 'cancelled'>;
      error: AppErrorData | null;
      tokens: { input: number; output: number };
      timings: Readonly<Record<string, number>>;
      pagesRead: number;
      settings: Readonly<Record<string, unknown>>;
      output: Readonly<Record<string, unknown>> | null;
    },
  ): void {
    this.db
      .prepare(
        `UPDATE runs SET status = ?, error_code = ?, error_message = ?, tokens_input = ?, tokens_output = ?, timings = ?,
           pages_read = ?, settings = ?, output = ?, finished_at = ? WHERE id = ?`,
      )
      .run(
        result.status,
        result.error?.code ?? null,
        result.error?.message ?? null,
        result.tokens.input,
        result.tokens.output,
        JSON.stringify(result.timings),
        result.pagesRead,
        JSON.stringify(result.settings),
        result.output ? JSON.stringify(result.output) : null,
        this.stamp(),
        id,
      );
  }

  get(id: number): ExtractionRunRecord {
    const row = this.db.prepare<[number], RunRow>("SELECT * FROM runs WHERE id = ? AND kind = 'extraction'").get(id);
    if (!row) throw new AppError('not_found', `No extraction run with id ${id}.`);
    return { info: toInfo(row), output: row.output ? (JSON.parse(row.output) as Record<string, unknown>) : null };
  }

  latest(documentId: number, template: string): RunInfo | null {
    const row = this.db
      .prepare<[number, string], RunRow>(
        "SELECT * FROM runs WHERE document_id = ? AND kind = 'extraction' AND profile = ? ORDER BY id DESC LIMIT 1",
      )
      .get(documentId, template);
    return row ? toInfo(row) : null;
  }

  /** Runs a killed app left queued or running end failed 'interrupted'. */
  recoverInterrupted(): number[] {
    const ids = this.db
      .prepare<[], { id: number }>("SELECT id FROM runs WHERE kind = 'extraction' AND status IN ('queued', 'running')")
      .all()
      .map((r) => r.id);
    const stmt = this.db.prepare("UPDATE runs SET status = 'failed', error_code = 'interrupted', error_message = ?, finished_at = ? WHERE id = ?");
    for (const id of ids) stmt.run('The app closed before this extraction finished. Start it again.', this.stamp(), id);
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
