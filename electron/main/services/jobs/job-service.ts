// The job queue as one service: the store, the scheduler with its runners, batches and
// watched folders, composed over the archive's other services. What the API handlers, the
// CLI and the tests call. Plain Node.
import fs from 'node:fs';
import path from 'node:path';
import { AppError, describeInternalError } from '../../../../shared/errors';
import { PASSWORD_CODES } from '../../../../shared/failures';
import type { BatchFile, BatchInfo, BatchOptions, JobInfo, RestoreHold, WatchedFolder } from '../../../../shared/jobs';
import type { Db } from '../../db/open';
import type { FileStore } from '../archive/file-store';
import type { EventBus } from '../events';
import { resolveGivenPath } from '../local-path';
import { Batches, type BatchInput } from './batches';
import { FolderWatcher } from './folder-watcher';
import { JobQueue } from './job-queue';
import { jobRunners, type RunnerDeps } from './job-runners';
import { JobStore, jobInfo, type JobRecord, type JobSelection } from './job-store';
import { readRestoreHold, writeRestoreHold } from './restore-hold';
import type { QueueLock } from './queue-lock';

export interface JobServiceDeps extends RunnerDeps {
  readonly db: Db;
  /** The archive's queue lock: one process runs the queue. */
  readonly lock: QueueLock;
  readonly files: FileStore;
  readonly events: EventBus;
  readonly concurrency: number;
  readonly checkTemplate: (name: string) => void;
  /** How often watched folders are scanned. */
  readonly watchIntervalMs?: number;
  /** File jobs started or stopped running (the engine's 'auto' threads leave them a core). */
  readonly onFileWork?: (busy: boolean) => void;
  /** Model jobs at once: the engine's slots (default 1). */
  readonly modelSlots?: () => number;
}

const BATCH_EVENT_INTERVAL_MS = 500;
/** How often the queue owner looks for jobs other processes added (a CLI batch beside the app). */
const POLL_INTERVAL_MS = 2000;

export class JobService {
  readonly store: JobStore;
  readonly queue: JobQueue;
  readonly batches: Batches;
  readonly watcher: FolderWatcher;
  private readonly watchBatches = new Map<string, number>();
  private readonly batchTimers = new Map<number, NodeJS.Timeout>();
  private started = false;
  private owner = false;
  private readonly lock: QueueLock;
  private poller: NodeJS.Timeout | null = null;
  /**
   * Passwords typed for a job's next run (retryWithPassword), by job id: in memory only, taken
   * (and forgotten) by the run as it starts, dropped if the job leaves the queue without running.
   */
  private readonly passwords = new Map<number, string>();
  /**
   * A protected scan's password, from its import's run to the OCR that follows it (which reads
   * the same file), so that the person is not asked twice: by import job while it runs, then by
   * document until that OCR starts. Dropped when either ends without passing it on.
   */
  private readonly importPasswords = new Map<number, string>();
  private readonly ocrPasswords = new Map<number, string>();
  /** Callers of retryWithPassword waiting for their job's run to end. */
  private readonly passwordRuns = new Map<number, (job: JobRecord) => void>();

  constructor(private readonly deps: JobServiceDeps) {
    this.store = new JobStore(deps.db);
    this.lock = deps.lock;
    this.batches = new Batches({
      store: this.store,
      archive: deps.archive,
      checkTemplate: deps.checkTemplate,
      ocrAvailable: deps.ocr !== undefined,
      alreadyDone: (documentId, kind, template) =>
        kind === 'extract'
          ? deps.extraction.runs.latest(documentId, template!)?.status === 'done'
          : deps.summaries.list(documentId).some((run) => run.status === 'done'),
      concurrency: deps.concurrency,
    });
    this.queue = new JobQueue({
      store: this.store,
      runners: jobRunners({ ...deps, takePassword: (jobId) => this.takePassword(jobId) }),
      followUps: (job, result) => this.batches.followUps(job, result),
      concurrency: deps.concurrency,
      ...(deps.modelSlots ? { modelSlots: deps.modelSlots } : {}),
      events: deps.events,
      ...(deps.onFileWork ? { onFileWork: deps.onFileWork } : {}),
      onStopped: (job, state) => {
        // A cancelled import is not coming back: its half-read document fails (no partial rows).
        if (state === 'cancelled' && job.kind === 'import' && job.documentId !== null) {
          if (deps.archive.findById(job.documentId)?.status === 'importing') {
            deps.archive.failImport(job.documentId, { code: 'cancelled', message: 'The import was cancelled.' });
          }
        }
      },
      onChange: (job) => {
        if (job.state !== 'queued' && job.state !== 'running') this.passwordRunEnded(job);
        if (job.batchId !== null) this.batchChanged(job.batchId);
      },
    });
    this.watcher = new FolderWatcher({
      // Folders a restore brought back stay unwatched until the user resumes them.
      folders: () => {
        const held = new Set(this.restoreHold()?.folders ?? []);
        return this.store.watched().filter((f) => !held.has(f.folder));
      },
      known: (file) => this.store.hasImportFor(file.path, file.mtimeMs, file.size),
      onFiles: async (folder, files) => {
        let batchId = this.watchBatches.get(folder.folder);
        if (batchId === undefined || !this.store.getBatch(batchId)) {
          const created = await this.batches.create(`${path.basename(folder.folder)} (watched)`, files, folder);
          batchId = created.batchId;
          this.watchBatches.set(folder.folder, batchId);
          this.queue.add(created.jobs);
        } else {
          const id = batchId;
          this.queue.add(files.map((f) => ({ kind: 'import' as const, batchId: id, payload: { path: f.path, name: f.name, size: f.size, mtimeMs: f.mtimeMs } })));
        }
      },
      intervalMs: deps.watchIntervalMs,
      onError: (folder, err) => console.error(`Watching ${folder}: ${err instanceof AppError ? err.message : describeInternalError(err)}`),
    });
  }

  /**
   * Resumes what a crash interrupted, then runs queued jobs and (unless told not to) watches
   * folders. When another process already runs this archive's queue, this one only adds jobs
   * and watches them finish; returns false then.
   */
  start(options: { watch?: boolean } = {}): boolean {
    if (this.started) return this.owner;
    this.started = true;
    this.owner = this.lock.acquire();
    if (!this.owner) return false;
    this.store.recover();
    this.queue.start();
    this.poller = setInterval(() => this.queue.poll(), POLL_INTERVAL_MS);
    this.poller.unref();
    if (options.watch !== false) this.watcher.start();
    return true;
  }

  /** Resolves when no job is queued or running (run here, or by the process that owns the queue). */
  async idle(): Promise<void> {
    if (this.owner || !this.started) return this.queue.idle();
    while (this.store.countActive() > 0) await new Promise((r) => setTimeout(r, POLL_INTERVAL_MS / 4));
  }

  /** The pid running the queue when it is not this process. */
  queueOwner(): number | null {
    return this.owner ? process.pid : this.lock.owner();
  }

  /** Queues a batch over paths on this machine and files sent as bytes (copied into the archive first). */
  async startBatch(input: {
    paths: readonly string[];
    files?: ReadonlyArray<{ name: string; data: Uint8Array }>;
    options: BatchOptions;
    label?: string;
  }): Promise<{ batch: BatchInfo; missing: string[] }> {
    const { inputs, missing } = await this.batches.resolvePaths(input.paths);
    const sent: BatchInput[] = [];
    for (const file of input.files ?? []) {
      // Kept in the archive's store at once: the job outlives the request that carried the bytes.
      const staged = await this.deps.files.stageFromBytes(file.data);
      sent.push({ path: await this.deps.files.commit(staged), name: file.name });
    }
    const all = [...inputs, ...sent];
    if (all.length === 0) {
      throw new AppError('not_found', missing.length > 0 ? `No such file or folder: ${missing.join(', ')}` : 'There are no PDF files to process.');
    }
    const label = input.label ?? (input.paths.length === 1 && inputs.length > 1 ? path.basename(path.resolve(input.paths[0]!)) : `${all.length} file${all.length === 1 ? '' : 's'}`);
    const { batchId, jobs } = await this.batches.create(label, all, input.options);
    this.queue.add(jobs);
    return { batch: this.batches.info(batchId).batch, missing };
  }

  /** Queues OCR for documents with pages that have no usable text (an import outside a batch). */
  queueOcr(documentIds: readonly number[]): number[] {
    if (!this.deps.ocr) return [];
    const wanted = documentIds.filter((id) => {
      const doc = this.deps.archive.findById(id);
      return doc?.status === 'ready' && doc.pagesNeedingOcr > 0 && !this.store.hasPendingJob(id, 'ocr');
    });
    return wanted.length > 0 ? this.queue.add(wanted.map((documentId) => ({ kind: 'ocr' as const, documentId }))) : [];
  }

  /** Queues extraction of a template on documents (the Table's rows); one waiting or running is not doubled. */
  queueExtraction(template: string, documentIds: readonly number[]): number[] {
    this.deps.checkTemplate(template);
    const wanted = [...new Set(documentIds)].filter((id) => {
      if (this.deps.archive.findById(id)?.status !== 'ready') throw new AppError('not_found', `There is no readable document #${id}.`);
      return !this.store.hasPendingExtraction(id, template);
    });
    return wanted.length > 0 ? this.queue.add(wanted.map((documentId) => ({ kind: 'extract' as const, documentId, payload: { template } }))) : [];
  }

  batch(id: number): { batch: BatchInfo; files: BatchFile[] } {
    return this.batches.info(id);
  }

  /** A finished batch off the list; the documents it imported stay in the archive. */
  removeBatch(id: number): boolean {
    if (!this.store.getBatch(id)) throw new AppError('not_found', `There is no batch #${id}.`);
    const removed = this.store.removeBatch(id);
    for (const [folder, batchId] of this.watchBatches) if (batchId === id) this.watchBatches.delete(folder);
    return removed;
  }

  listBatches(): BatchInfo[] {
    return this.batches.list();
  }

  list(filter: { batchId?: number; limit?: number } = {}): JobInfo[] {
    return this.store.list(filter).map(jobInfo);
  }

  pause(selection: JobSelection): number {
    return this.queue.pause(selection);
  }

  resume(selection: JobSelection): number {
    return this.queue.resume(selection);
  }

  cancel(selection: JobSelection): number {
    const n = this.queue.cancel(selection);
    // A paused half-read import cancelled now: fail its document, as a crash recovery would.
    const pending = this.store.documentsWithPendingImport();
    for (const id of this.store.select(selection, ['cancelled']).map((j) => this.store.get(j)?.documentId ?? null)) {
      if (id !== null && !pending.has(id) && this.deps.archive.findById(id)?.status === 'importing' && !this.queue.isRunningDocument(id)) {
        this.deps.archive.failImport(id, { code: 'cancelled', message: 'The import was cancelled.' });
      }
    }
    return n;
  }

  retry(selection: JobSelection): number {
    return this.queue.retry(selection);
  }

  /**
   * Runs a job that failed for its PDF's password again, with the password: an import (or OCR
   * of a protected scan) of a batch or a watched folder. The password stays in this process's
   * memory until the run takes it; nothing of it reaches the job's row or a log. Resolves with
   * the job once that run ends: done (and the batch's next steps queued), or failed again
   * (`password_incorrect` for a wrong password), or paused or cancelled meanwhile.
   */
  async retryWithPassword(id: number, password: string): Promise<JobInfo> {
    const job = this.store.get(id);
    if (!job) throw new AppError('not_found', `There is no job #${id}.`);
    const code = job.error?.code;
    if ((job.kind !== 'import' && job.kind !== 'ocr') || job.state !== 'failed' || !code || !PASSWORD_CODES.includes(code)) {
      throw new AppError('invalid_request', `Job #${id} did not fail for a password: there is nothing to unlock.`);
    }
    // The password cannot be handed to another process (it is never written down).
    if (!this.owner) throw new AppError('archive_in_use', 'Another Abstractor window runs this archive’s queue: enter the password there.');
    const ended = new Promise<JobRecord>((resolve) => this.passwordRuns.set(id, resolve));
    this.passwords.set(id, password);
    // Only this job, which failed for its password: the plain retry's refusal does not apply.
    if (this.queue.retry({ ids: [id] }, []) === 0) {
      this.passwords.delete(id);
      this.passwordRuns.delete(id);
      throw new AppError('invalid_request', `Job #${id} could not be queued again.`);
    }
    return jobInfo(await ended);
  }

  watched(): WatchedFolder[] {
    return this.store.watched();
  }

  watch(folder: WatchedFolder): WatchedFolder {
    if (folder.template) this.deps.checkTemplate(folder.template);
    const entry = { ...folder, folder: resolveGivenPath(folder.folder) };
    if (!fs.statSync(entry.folder, { throwIfNoEntry: false })?.isDirectory()) {
      throw new AppError('not_found', `There is no folder ${entry.folder} to watch.`);
    }
    this.store.watch(entry);
    if (this.started) void this.watcher.poll();
    return entry;
  }

  /** What the last restore paused and the user has not resumed; folders no longer watched are left out. */
  restoreHold(): RestoreHold | null {
    const hold = readRestoreHold(this.deps.db);
    if (!hold) return null;
    const watched = new Set(this.store.watched().map((f) => f.folder));
    return { ...hold, folders: hold.folders.filter((f) => watched.has(f)) };
  }

  /** Resumes what the restore paused: its jobs go back to the queue, its folders are watched again. */
  releaseRestoreHold(): { jobs: number; folders: number } {
    const hold = this.restoreHold();
    if (!hold) return { jobs: 0, folders: 0 };
    writeRestoreHold(this.deps.db, null);
    const jobs = hold.jobIds.length > 0 ? this.queue.resume({ ids: hold.jobIds }) : 0;
    if (this.started) void this.watcher.poll();
    return { jobs, folders: hold.folders.length };
  }

  unwatch(folder: string): boolean {
    return this.store.unwatch(path.resolve(folder));
  }

  async dispose(): Promise<void> {
    if (this.poller) clearInterval(this.poller);
    await this.watcher.stop();
    await this.queue.dispose();
    this.lock.release();
    for (const timer of this.batchTimers.values()) clearTimeout(timer);
    this.batchTimers.clear();
    // Jobs waiting for a password run go back to the queue without it: their callers get them as they are.
    this.passwords.clear();
    this.importPasswords.clear();
    this.ocrPasswords.clear();
    for (const [id, resolve] of this.passwordRuns) {
      const job = this.store.get(id);
      if (job) resolve(job);
    }
    this.passwordRuns.clear();
  }

  private takePassword(jobId: number): string | undefined {
    const typed = this.passwords.get(jobId);
    this.passwords.delete(jobId);
    const job = this.store.get(jobId);
    if (typed !== undefined && job?.kind === 'import') this.importPasswords.set(jobId, typed);
    if (typed !== undefined || job?.kind !== 'ocr' || job.documentId === null) return typed;
    const carried = this.ocrPasswords.get(job.documentId);
    this.ocrPasswords.delete(job.documentId);
    return carried;
  }

  /** A job left the queue (finished, paused, cancelled): its password, if unused, is dropped, and its caller answered. */
  private passwordRunEnded(job: JobRecord): void {
    this.passwords.delete(job.id);
    const imported = this.importPasswords.get(job.id);
    this.importPasswords.delete(job.id);
    // The import's follow-ups are queued before it ends: an OCR of its document waits for the password.
    if (imported !== undefined && job.state === 'done' && job.documentId !== null && this.store.hasPendingJob(job.documentId, 'ocr')) {
      this.ocrPasswords.set(job.documentId, imported);
    } else if (job.kind === 'ocr' && job.documentId !== null) this.ocrPasswords.delete(job.documentId);
    const resolve = this.passwordRuns.get(job.id);
    if (!resolve) return;
    this.passwordRuns.delete(job.id);
    resolve(job);
  }

  /** At most a couple of batch summaries a second: each one reads all the batch's jobs. */
  private batchChanged(batchId: number): void {
    if (this.batchTimers.has(batchId)) return;
    this.batchTimers.set(
      batchId,
      setTimeout(() => {
        this.batchTimers.delete(batchId);
        try {
          this.deps.events.emit('batches:changed', { batch: this.batches.info(batchId).batch });
        } catch {
          // The batch is gone (its documents deleted): nothing to tell.
        }
      }, BATCH_EVENT_INTERVAL_MS),
    );
  }
}
