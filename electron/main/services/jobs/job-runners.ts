// What each kind of job does, over the existing services. Every runner is resumable: an
// import reads only the pages not yet stored, OCR only the pages still needing it, and
// model jobs continue their run, replaying the generations already finished.
import { AppError } from '../../../../shared/errors';
import type { JobKind } from '../../../../shared/jobs';
import type { Archive } from '../archive/archive';
import type { ExtractionService } from '../extraction/extraction-service';
import type { EventBus } from '../events';
import { refreshDomainGuess } from '../importer/domain-guess';
import type { Importer } from '../importer/importer';
import type { Summarizer } from '../summaries/summarizer';
import type { JobContext, JobRunner } from './job-queue';
import type { ModelRunOptions } from '../runs/execute-run';

/** The OCR service as the queue needs it (services/ocr). */
export interface DocumentOcr {
  recognizeDocument(
    documentId: number,
    options: { signal?: AbortSignal; password?: string; onPage?: (done: number, total: number) => void },
  ): Promise<{ pages: number; meanConfidence: number | null }>;
}

export interface RunnerDeps {
  readonly archive: Archive;
  readonly importer: Importer;
  readonly summaries: Summarizer;
  readonly extraction: ExtractionService;
  /** Absent where OCR is not available: scanned pages then stay flagged. */
  readonly ocr?: DocumentOcr;
  readonly events: EventBus;
  /**
   * The password a person typed for this run of a job (jobs:retryWithPassword), handed over
   * once: the job service forgets it as the run takes it. Never in the job's payload.
   */
  readonly takePassword?: (jobId: number) => string | undefined;
}

export function jobRunners(deps: RunnerDeps): Record<JobKind, JobRunner> {
  return {
    import: (ctx) => runImport(deps, ctx),
    ocr: (ctx) => runOcr(deps, ctx),
    extract: (ctx) => runExtract(deps, ctx),
    summarize: (ctx) => runSummarize(deps, ctx),
  };
}

async function runImport({ archive, importer, takePassword }: RunnerDeps, ctx: JobContext): Promise<Record<string, unknown>> {
  const { job } = ctx;
  const password = takePassword?.(job.id);
  const path = String(job.payload['path'] ?? '');
  const name = String(job.payload['name'] ?? path);
  const hooks = {
    onDocument: (id: number) => ctx.setDocument(id),
    onPages: (read: number, total: number) => ctx.progress(read, total),
    signal: ctx.signal,
  };
  // Resumed after a crash: the row exists and its file is already in the archive.
  const resuming = job.documentId !== null && archive.findById(job.documentId)?.status === 'importing';
  const outcome = resuming
    ? await importer.resume(job.documentId!, hooks)
    : await importer.importOne({ key: `job-${job.id}`, name, path }, password, hooks);
  if (outcome.kind === 'failed') throw new AppError(outcome.error.code, outcome.error.message);
  ctx.progress(outcome.document.pageCount, outcome.document.pageCount);
  return { documentId: outcome.document.id, outcome: outcome.kind, pages: outcome.document.pageCount };
}

async function runOcr({ ocr, archive, events, takePassword }: RunnerDeps, ctx: JobContext): Promise<Record<string, unknown>> {
  const documentId = requireDocument(ctx);
  const password = takePassword?.(ctx.job.id);
  if (!ocr) throw new AppError('unsupported', 'OCR is not available in this build.');
  const result = await ocr.recognizeDocument(documentId, {
    signal: ctx.signal,
    ...(password !== undefined ? { password } : {}),
    onPage: (done, total) => ctx.progress(done, total),
  });
  // The import guessed the domain from a scan's missing text: guess again from what OCR read.
  refreshDomainGuess(archive, documentId);
  events.emit('documents:changed', { ids: [documentId] });
  return { documentId, pages: result.pages, meanConfidence: result.meanConfidence };
}

async function runExtract({ extraction }: RunnerDeps, ctx: JobContext): Promise<Record<string, unknown>> {
  const documentId = requireDocument(ctx);
  const template = String(ctx.job.payload['template']);
  const { runId, result } = await continueRun(ctx, (options) =>
    extraction.start(documentId, template, {
      ...options,
      onEvent: (event) => {
        if (event.type === 'progress' && event.total > 0) ctx.progress(event.done, event.total);
      },
    }),
  );
  throwUnlessDone(result.run.status, result.run.error);
  const byStatus: Record<string, number> = {};
  for (const f of result.fields) byStatus[f.status] = (byStatus[f.status] ?? 0) + 1;
  return { documentId, runId, template, fields: result.fields.length, statuses: byStatus };
}

async function runSummarize({ summaries }: RunnerDeps, ctx: JobContext): Promise<Record<string, unknown>> {
  const documentId = requireDocument(ctx);
  const { runId, result } = await continueRun(ctx, (options) =>
    summaries.start(documentId, {
      ...options,
      onEvent: (event) => {
        if (event.type === 'progress' && event.chunks > 0) ctx.progress(event.chunk, event.chunks);
      },
    }),
  );
  throwUnlessDone(result.status, result.error);
  return { documentId, runId };
}

/** Starts (or, after a crash or pause, continues) the job's run and remembers its id as a step. */
async function continueRun<R>(
  ctx: JobContext,
  start: (options: ModelRunOptions) => { runId: number; done: Promise<R> },
): Promise<{ runId: number; result: R }> {
  const modelPath = ctx.job.payload['modelPath'];
  const previous = ctx.steps.get('run');
  const { runId, done } = start({
    ...(typeof modelPath === 'string' ? { modelPath } : {}),
    signal: ctx.signal,
    steps: ctx.steps,
    // Batch and watched-folder work lets a person's run go first.
    priority: 'batch',
    ...(previous ? { resumeRunId: Number(previous) } : {}),
  });
  ctx.steps.put('run', String(runId));
  return { runId, result: await done };
}

function requireDocument(ctx: JobContext): number {
  if (ctx.job.documentId === null) throw new AppError('invalid_request', `Job ${ctx.job.id} has no document.`);
  return ctx.job.documentId;
}

function throwUnlessDone(status: string, error: { code: AppError['code']; message: string } | null): void {
  if (status === 'done') return;
  if (status === 'cancelled') throw new AppError('cancelled', 'The run was cancelled.');
  throw new AppError(error?.code ?? 'internal', error?.message ?? `The run ended ${status}.`);
}
