// Batches: "process these files or this folder with template X (and summarize)". A batch
// is its import jobs plus the follow-ups each finished step queues (OCR when pages need it,
// then extraction and summary), so the whole plan lives in the job table and survives a
// crash. Also the batch's overall progress, ETA and per-file status list. Plain Node.
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../../shared/errors';
import { canRetry, remedyFor } from '../../../../shared/failures';
import type { BatchFile, BatchInfo, BatchOptions, JobKind } from '../../../../shared/jobs';
import type { Archive } from '../archive/archive';
import { collectFiles } from '../importer/collect-files';
import type { BatchRow, JobRecord, JobStore, NewJob } from './job-store';

export interface BatchesDeps {
  readonly store: JobStore;
  readonly archive: Archive;
  /** Throws for an unknown template, so a batch fails before any work. */
  readonly checkTemplate: (name: string) => void;
  readonly ocrAvailable: boolean;
  /** The document already has a finished run of this kind (and template): a batch does not redo it. */
  readonly alreadyDone: (documentId: number, kind: 'extract' | 'summarize', template: string | null) => boolean;
  /** Parallel file jobs (for the ETA). */
  readonly concurrency: number;
}

/** A file to import: on this machine, or already copied into the archive (sent as bytes). */
export interface BatchInput {
  readonly path: string;
  readonly name: string;
}

/** Seconds a step takes before this batch has measured its own (a small model on a laptop). */
const DEFAULT_SECONDS: Record<JobKind, number> = { import: 2, ocr: 20, extract: 180, summarize: 90 };

export class Batches {
  constructor(private readonly deps: BatchesDeps) {}

  /** Expands folders into their PDFs; paths that do not exist are returned, not queued. */
  async resolvePaths(paths: readonly string[]): Promise<{ inputs: BatchInput[]; missing: string[] }> {
    const { files, missing } = await collectFiles(paths);
    return { inputs: files.map((file) => ({ path: path.resolve(file), name: path.basename(file) })), missing };
  }

  /** Records the batch and queues one import job per file; returns the batch id and the jobs. */
  async create(label: string, inputs: readonly BatchInput[], options: BatchOptions): Promise<{ batchId: number; jobs: NewJob[] }> {
    if (inputs.length === 0) throw new AppError('invalid_request', 'There are no PDF files to process.');
    if (options.template) this.deps.checkTemplate(options.template);
    const batchId = this.deps.store.addBatch(label, options);
    const jobs: NewJob[] = [];
    for (const input of inputs) {
      const stat = await fs.stat(input.path).catch(() => null);
      jobs.push({
        kind: 'import',
        batchId,
        payload: { path: input.path, name: input.name, size: stat?.size ?? null, mtimeMs: stat?.mtimeMs ?? null },
      });
    }
    return { batchId, jobs };
  }

  /** What follows a finished job of a batch: OCR for scanned pages, then the model steps. */
  followUps(job: JobRecord, result: Record<string, unknown>): NewJob[] {
    const batch = job.batchId !== null ? this.deps.store.getBatch(job.batchId) : null;
    if (!batch) return [];
    const documentId = typeof result['documentId'] === 'number' ? result['documentId'] : job.documentId;
    if (documentId === null) return [];
    const document = this.deps.archive.findById(documentId);
    if (!document || document.status !== 'ready') return [];
    const root = job.kind === 'import' ? job.id : Number(job.payload['importJobId']);
    const base = { batchId: batch.id, documentId };
    if (job.kind === 'import' && document.pagesNeedingOcr > 0 && this.deps.ocrAvailable) {
      return [{ ...base, kind: 'ocr', payload: { importJobId: root } }];
    }
    if (job.kind !== 'import' && job.kind !== 'ocr') return [];
    const next: NewJob[] = [];
    const modelPath = batch.modelPath ? { modelPath: batch.modelPath } : {};
    // The same document twice (a duplicate file, a batch run again) is processed once; a
    // document extracted or summarized before keeps its run (re-run it from the document).
    const needed = (kind: 'extract' | 'summarize', template: string | null): boolean =>
      !this.deps.store.hasModelJob(documentId, kind, template) && !this.deps.alreadyDone(documentId, kind, template);
    if (batch.template && needed('extract', batch.template)) {
      next.push({ ...base, kind: 'extract', payload: { importJobId: root, template: batch.template, ...modelPath } });
    }
    if (batch.summarize && needed('summarize', null)) {
      next.push({ ...base, kind: 'summarize', payload: { importJobId: root, ...modelPath } });
    }
    return next;
  }

  info(id: number): { batch: BatchInfo; files: BatchFile[] } {
    const batch = this.deps.store.getBatch(id);
    if (!batch) throw new AppError('not_found', `No batch with id ${id}.`);
    return describeBatch(batch, this.deps.store.list({ batchId: id }), this.deps.concurrency);
  }

  list(): BatchInfo[] {
    return this.deps.store.listBatches().map((b) => this.info(b.id).batch);
  }
}

/** Per-file chains, overall progress weighted by step cost, and the time left. */
export function describeBatch(batch: BatchRow, jobs: readonly JobRecord[], concurrency: number): { batch: BatchInfo; files: BatchFile[] } {
  const chains = new Map<number, JobRecord[]>();
  for (const job of jobs) {
    const root = job.kind === 'import' ? job.id : Number(job.payload['importJobId']);
    chains.set(root, [...(chains.get(root) ?? []), job]);
  }
  // Measured seconds per step kind in this batch, else the defaults.
  const seconds = { ...DEFAULT_SECONDS };
  const measured = new Map<JobKind, number[]>();
  for (const job of jobs) {
    if (job.state !== 'done' || !job.startedAt || !job.finishedAt) continue;
    const s = (Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000;
    measured.set(job.kind, [...(measured.get(job.kind) ?? []), s]);
  }
  for (const [kind, list] of measured) seconds[kind] = list.reduce((a, b) => a + b, 0) / list.length;

  const counts = { waiting: 0, working: 0, paused: 0, done: 0, failed: 0, cancelled: 0, retryable: 0, needsPassword: 0 };
  const files: BatchFile[] = [];
  let doneWork = 0;
  let leftFiles = 0;
  let leftModel = 0;
  for (const chain of chains.values()) {
    const head = chain[0]!;
    const last = chain.at(-1)!;
    const failed = chain.find((j) => j.state === 'failed');
    const steps: JobKind[] = ['import'];
    if (chain.some((j) => j.kind === 'ocr')) steps.push('ocr');
    const imported = head.state === 'done';
    const planned: JobKind[] = [...steps];
    // Steps not queued yet but expected once the import finishes.
    if (!imported && !failed && head.state !== 'cancelled') {
      if (batch.template) planned.push('extract');
      if (batch.summarize) planned.push('summarize');
    } else {
      for (const j of chain) if (j.kind === 'extract' || j.kind === 'summarize') planned.push(j.kind);
    }
    for (const kind of planned) {
      const job = chain.find((j) => j.kind === kind);
      const cost = seconds[kind];
      const fraction = !job ? 0 : job.state === 'done' ? 1 : job.total > 0 ? Math.min(1, job.done / job.total) : 0;
      const finished = job && (job.state === 'done' || job.state === 'failed' || job.state === 'cancelled');
      doneWork += (finished ? 1 : fraction) * cost;
      if (!finished && !failed && last.state !== 'cancelled') {
        if (kind === 'extract' || kind === 'summarize') leftModel += (1 - fraction) * cost;
        else leftFiles += (1 - fraction) * cost;
      } else if (!finished) {
        doneWork += (1 - fraction) * cost; // never coming: counts as settled
      }
    }
    const state: BatchFile['state'] = failed
      ? 'failed'
      : chain.some((j) => j.state === 'running')
        ? 'working'
        : chain.some((j) => j.state === 'paused')
          ? 'paused'
          : chain.some((j) => j.state === 'cancelled')
            ? 'cancelled'
            : chain.some((j) => j.state === 'queued') || !imported
              ? chain.some((j) => j.state === 'done') ? 'working' : 'waiting'
              : 'done';
    counts[state] += 1;
    if (state === 'cancelled' || (state === 'failed' && canRetry(failed?.error?.code))) counts.retryable += 1;
    if (state === 'failed' && remedyFor(failed?.error?.code) === 'password') counts.needsPassword += 1;
    const current = chain.find((j) => j.state === 'running') ?? failed ?? chain.find((j) => j.state !== 'done') ?? last;
    files.push({
      file: String(head.payload['name'] ?? head.label),
      documentId: chain.find((j) => j.documentId !== null)?.documentId ?? null,
      state,
      step: current.kind,
      error: failed?.error ?? null,
      jobIds: chain.map((j) => j.id),
      failedJobId: failed?.id ?? null,
    });
  }
  // File steps share the cores; model steps run one at a time.
  const left = leftFiles / Math.max(1, concurrency) + leftModel;
  const total = doneWork + leftFiles + leftModel;
  const active = counts.working + counts.waiting;
  return {
    batch: {
      id: batch.id,
      label: batch.label,
      template: batch.template,
      summarize: batch.summarize,
      createdAt: batch.createdAt,
      state: active > 0 ? 'active' : counts.paused > 0 ? 'paused' : 'finished',
      files: files.length,
      counts,
      progress: total > 0 ? Math.min(1, doneWork / total) : 1,
      etaSeconds: active > 0 && measured.size > 0 ? Math.round(left) : active > 0 ? null : 0,
    },
    files,
  };
}
