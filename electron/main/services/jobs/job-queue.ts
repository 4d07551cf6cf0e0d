// Runs the archive's jobs: file work (import, OCR) in parallel up to the cores, model work
// (summarize, extract) one at a time per engine slot (one locally; a server's parallel slots). State lives in the job store, never only in memory,
// so a kill at any moment leaves jobs that the next start picks up where they stopped.
// Pause and cancel abort a running job's signal; the job goes back to the store paused or
// cancelled, with its finished steps kept. Plain Node.
import { AppError, describeInternalError, toErrorData } from '../../../../shared/errors';
import { UNRETRYABLE_CODES } from '../../../../shared/failures';
import type { JobKind, JobState } from '../../../../shared/jobs';
import type { EventBus } from '../events';
import type { StepStore } from '../runs/generation-memo';
import { LANE_OF, jobInfo, type JobRecord, type JobSelection, type JobStore, type NewJob } from './job-store';

export interface JobContext {
  readonly job: JobRecord;
  readonly signal: AbortSignal;
  /** Finished steps of this job (kept across restarts). */
  readonly steps: StepStore;
  progress(done: number, total: number): void;
  /** The document the job works on, as soon as it exists (an import's new row). */
  setDocument(documentId: number): void;
}

/** Does one job; returns what it produced (stored as the job's result). */
export type JobRunner = (ctx: JobContext) => Promise<Record<string, unknown>>;

export interface JobQueueOptions {
  readonly store: JobStore;
  readonly runners: Record<JobKind, JobRunner>;
  /** The jobs that follow a finished one (a batch's OCR, extraction, summary). */
  readonly followUps: (job: JobRecord, result: Record<string, unknown>) => NewJob[];
  /** Parallel file jobs. */
  readonly concurrency: number;
  /** Parallel model jobs: the engine's slots, asked as jobs start (default 1). */
  readonly modelSlots?: () => number;
  readonly events?: EventBus;
  /** A running job was stopped on request and is now `state` (a cancelled import drops its pages). */
  readonly onStopped?: (job: JobRecord, state: 'queued' | 'paused' | 'cancelled') => void;
  /** Told about every change of a job (state or progress): the batch view listens. */
  readonly onChange?: (job: JobRecord) => void;
  /** File jobs (import, OCR) started running (true) or none runs any more (false). */
  readonly onFileWork?: (busy: boolean) => void;
}

interface Running {
  readonly controller: AbortController;
  readonly lane: 'files' | 'model';
  /** Where the job goes when it stops because it was asked to. */
  wanted: Extract<JobState, 'queued' | 'paused' | 'cancelled'> | null;
  readonly done: Promise<void>;
}

const PROGRESS_INTERVAL_MS = 250;

export class JobQueue {
  private readonly running = new Map<number, Running>();
  private started = false;
  private stopping = false;
  private idleWaiters: Array<() => void> = [];
  private fileWork = false;

  constructor(private readonly options: JobQueueOptions) {}

  /** Begins taking jobs from the store (including those a crash interrupted). */
  start(): void {
    this.started = true;
    this.pump();
  }

  add(jobs: readonly NewJob[]): number[] {
    const ids = this.options.store.add(jobs);
    for (const id of ids) this.changed(id);
    this.pump();
    return ids;
  }

  /** Picks up jobs added, paused or cancelled by another process (the store is shared; its events are not). */
  poll(): void {
    for (const [id, r] of this.running) {
      const wanted = this.options.store.takeStopRequest(id);
      if (!wanted) continue;
      r.wanted = wanted;
      r.controller.abort();
    }
    this.pump();
  }

  /** A job of this process is working on the document right now. */
  isRunningDocument(documentId: number): boolean {
    return [...this.running.keys()].some((id) => this.options.store.get(id)?.documentId === documentId);
  }

  get isRunning(): boolean {
    return this.running.size > 0;
  }

  /** Resolves when nothing is running and nothing runnable is queued (paused jobs wait). */
  idle(): Promise<void> {
    if (this.running.size === 0 && (!this.started || this.options.store.countActive() === 0)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  pause(selection: JobSelection): number {
    return this.stop(selection, 'paused') + this.move(selection, ['queued'], 'paused');
  }

  resume(selection: JobSelection): number {
    const n = this.move(selection, ['paused'], 'queued');
    this.pump();
    return n;
  }

  cancel(selection: JobSelection): number {
    return this.stop(selection, 'cancelled') + this.move(selection, ['queued', 'paused'], 'cancelled');
  }

  /**
   * Failed and cancelled jobs go back to the queue with their finished steps, except failures a
   * retry cannot fix (not a PDF, an empty file, a missing password): they would only fail again.
   * `unless` narrows those (a retry that brings the missing password).
   */
  retry(selection: JobSelection, unless: readonly string[] = UNRETRYABLE_CODES): number {
    const n = this.move(selection, ['failed', 'cancelled'], 'queued', unless);
    this.pump();
    return n;
  }

  /** Stops taking jobs; running ones go back to the queue to resume on the next start. */
  async dispose(): Promise<void> {
    this.stopping = true;
    const waits = [...this.running.values()].map((r) => {
      r.wanted = 'queued';
      r.controller.abort();
      return r.done;
    });
    await Promise.all(waits);
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private move(selection: JobSelection, from: readonly JobState[], to: JobState, exceptErrors: readonly string[] = []): number {
    const ids = this.options.store.transition(selection, from, to, exceptErrors);
    for (const id of ids) this.changed(id);
    return ids.length;
  }

  /** Asks the selected running jobs to stop; they end up `wanted` when their runner returns. */
  private stop(selection: JobSelection, wanted: 'paused' | 'cancelled'): number {
    let n = 0;
    for (const id of this.options.store.select(selection, ['running'])) {
      const r = this.running.get(id);
      if (!r) {
        // Running in the process that owns the queue (the app beside this CLI): ask it.
        this.options.store.requestStop(id, wanted);
        n += 1;
        continue;
      }
      r.wanted = wanted;
      r.controller.abort();
      n += 1;
    }
    return n;
  }

  private pump(): void {
    if (!this.started || this.stopping) return;
    const { store, concurrency } = this.options;
    for (const lane of ['files', 'model'] as const) {
      const cap = Math.max(1, lane === 'model' ? (this.options.modelSlots?.() ?? 1) : concurrency);
      while ([...this.running.values()].filter((r) => r.lane === lane).length < cap) {
        const job = store.claim(lane);
        if (!job) break;
        this.run(job);
      }
    }
    const fileWork = [...this.running.values()].some((r) => r.lane === 'files');
    if (fileWork !== this.fileWork) {
      this.fileWork = fileWork;
      this.options.onFileWork?.(fileWork);
    }
    if (this.running.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private run(job: JobRecord): void {
    const { store, runners } = this.options;
    const controller = new AbortController();
    let lastProgress = 0;
    const ctx: JobContext = {
      job,
      signal: controller.signal,
      steps: store.steps(job.id),
      progress: (done, total) => {
        const now = performance.now();
        if (now - lastProgress < PROGRESS_INTERVAL_MS && done < total) return;
        lastProgress = now;
        store.setProgress(job.id, done, total);
        this.changed(job.id);
      },
      setDocument: (documentId) => {
        store.setDocument(job.id, documentId);
        this.changed(job.id);
      },
    };
    const entry: Running = {
      controller,
      lane: LANE_OF[job.kind],
      wanted: null,
      done: Promise.resolve()
        .then(() => runners[job.kind](ctx))
        .then(
          (result) => {
            const fresh = store.get(job.id) ?? job;
            let followUps: NewJob[] = [];
            try {
              followUps = this.options.followUps(fresh, result);
            } catch (err) {
              return store.finish(job.id, { state: 'failed', error: toErrorData(err) });
            }
            const added = store.finish(job.id, { state: 'done', result }, followUps);
            for (const id of added) this.changed(id);
            return added;
          },
          (err: unknown) => {
            if (entry.wanted) {
              store.release(job.id, entry.wanted);
              this.options.onStopped?.(store.get(job.id) ?? job, entry.wanted);
            } else store.finish(job.id, { state: 'failed', error: toErrorData(err) });
          },
        )
        .catch((err: unknown) => {
          // The store itself failed (disk full): leave the row for the next start to retry.
          console.error(`Job ${job.id} could not be recorded: ${describeInternalError(err)}`);
        })
        .then(() => {
          this.running.delete(job.id);
          this.changed(job.id);
          this.pump();
        }),
    };
    this.running.set(job.id, entry);
    this.changed(job.id);
  }

  private changed(id: number): void {
    const job = this.options.store.get(id);
    if (!job) return;
    this.options.events?.emit('jobs:changed', { jobs: [jobInfo(job)] });
    this.options.onChange?.(job);
  }
}

/** A runner's way to say the job was stopped on request rather than failed. */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new AppError('cancelled', 'Stopped on request.');
}
