// Runs PDF text extraction in a pool of worker threads (one per core), so parsing never
// blocks the thread that serves the UI. Pages are handed out a few at a time, so a worker
// that runs out of files joins a long document another worker is reading. A worker that
// goes silent past the time limit (a parser hang on hostile input) is replaced.
import type { Worker } from 'node:worker_threads';
import { AppError } from '../../../../shared/errors';
import type { StoredFileRef } from '../archive/crypto/stored-file';
import type { NewPage } from './page';
import type { PdfjsAssets } from '../runtime-assets';
import { spawnWorker } from '../spawn-worker';
import type { OpenRequest, ReaderToWorker, WorkerToReader } from './extract-protocol';

export interface PdfReaderOptions {
  /** The compiled worker entry (pdf-worker.js), or pdf-worker.ts when running under tsx. */
  readonly workerEntry: string;
  /** pdf.js's data folders and modules (runtimeAssets().pdfjs). */
  readonly pdfjs: PdfjsAssets;
  readonly concurrency: number;
  /** Longest silence from a worker before the file is given up as hung. */
  readonly inactivityTimeoutMs?: number;
}

export interface ExtractHandlers {
  onOpened(pageCount: number, metadata: Record<string, string>): void;
  /** Pages may arrive out of order when several workers share a document. */
  onPage(page: NewPage): void;
}

interface Job {
  readonly request: OpenRequest;
  /** Pages already stored (a resumed import): never read again. */
  readonly skip: ReadonlySet<number>;
  readonly handlers: ExtractHandlers;
  readonly members: Set<Slot>;
  pageCount: number;
  nextPage: number;
  pagesRead: number;
  /** Pages handed to onPage (skipped ones are not). */
  delivered: number;
  /** Already moved once to a fresh worker after a timeout (see timedOut). */
  retried: boolean;
  settled: boolean;
  resolve(): void;
  reject(err: Error): void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  primary: boolean;
  /** Files this worker thread has been given since it started. */
  files: number;
  /** Pages asked of the worker and not yet answered. */
  reading: number;
  /** Told to close its file: nothing more is sent until it answers 'closed'. */
  closing: boolean;
  timer?: NodeJS.Timeout;
}

/** A second worker joins a document only when this many pages are still unread. */
const MIN_PAGES_TO_JOIN = 8;
/**
 * Pages queued at a worker at once: the next one is already there when a page is done, so
 * the worker never sits waiting for the main thread (busy writing a batch, or not scheduled
 * on a loaded machine). Two is enough, and leaves the rest of a document to join.
 */
const PAGES_AHEAD = 2;

export class PdfReader {
  private readonly slots: Slot[] = [];
  /** Files waiting for a worker, in arrival order. */
  private readonly waiting: Array<(slot: Slot) => void> = [];
  private readonly jobs = new Set<Job>();
  private disposed = false;

  constructor(private readonly options: PdfReaderOptions) {}

  /**
   * Streams the pages of one file to the handlers; rejects with an AppError on bad input.
   * Pages in `skip` are not read (an import resumed after a crash); `signal` stops the file
   * (rejects 'cancelled') after the pages in flight.
   */
  extract(
    file: StoredFileRef,
    password: string | undefined,
    handlers: ExtractHandlers,
    { skip = new Set<number>(), signal }: { skip?: ReadonlySet<number>; signal?: AbortSignal } = {},
  ): Promise<void> {
    if (this.disposed) return Promise.reject(new AppError('cancelled', 'The PDF reader is shutting down.'));
    if (signal?.aborted) return Promise.reject(new AppError('cancelled', 'Stopped on request.'));
    return new Promise<void>((resolve, reject) => {
      const job: Job = {
        request: { type: 'open', file, password, cMapDir: this.options.pdfjs.cMapDir, standardFontDir: this.options.pdfjs.standardFontDir },
        handlers,
        skip,
        members: new Set(),
        pageCount: 0,
        nextPage: 1,
        pagesRead: 0,
        delivered: 0,
        retried: false,
        settled: false,
        resolve,
        reject,
      };
      this.jobs.add(job);
      // Its workers see the job settled at their next page and close the file.
      signal?.addEventListener('abort', () => this.fail(job, new AppError('cancelled', 'Stopped on request.')), { once: true });
      const slot = this.freeSlot();
      if (slot) this.assign(slot, job, true);
      else this.waiting.push((free) => this.assign(free, job, true));
    });
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const job of this.jobs) this.fail(job, new AppError('cancelled', 'The PDF reader is shutting down.'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }

  private assign(slot: Slot, job: Job, primary: boolean): void {
    slot.job = job;
    slot.primary = primary;
    slot.files += 1;
    slot.reading = 0;
    slot.closing = false;
    job.members.add(slot);
    this.arm(slot);
    this.post(slot, job.request);
  }

  private onMessage(slot: Slot, msg: WorkerToReader): void {
    const job = slot.job;
    if (!job) return;
    this.arm(slot);
    try {
      switch (msg.type) {
        case 'opened':
          if (slot.primary) {
            job.pageCount = msg.pageCount;
            job.handlers.onOpened(msg.pageCount, msg.metadata);
          }
          this.feed(slot, job);
          return this.recruit();
        case 'page':
          slot.reading -= 1;
          if (!job.settled) {
            job.handlers.onPage(msg.page);
            job.pagesRead += 1;
            job.delivered += 1;
          }
          return this.feed(slot, job);
        case 'failed':
          // A helper that fails just leaves; a page it lost makes the file fail when all have left.
          if (slot.primary) this.fail(job, new AppError(msg.error.code, msg.error.message));
          // Failing to close (pdf.js's destroy threw) still needs a 'closed' to free the slot.
          slot.closing = false;
          return this.close(slot);
        case 'closed':
          return this.leave(slot, job);
        default:
          msg satisfies never;
      }
    } catch (err) {
      // A handler failed (for example the disk is full): stop this file.
      this.fail(job, err as Error);
      // Pages still queued at the worker come back first and are dropped (the job is settled).
      this.close(slot);
    }
  }

  /**
   * Keeps PAGES_AHEAD pages of the job queued at the slot; once none is left to hand out and
   * the worker has answered every page, tells it to close the file.
   */
  private feed(slot: Slot, job: Job): void {
    while (!slot.closing && !job.settled && slot.reading < PAGES_AHEAD) {
      while (job.skip.has(job.nextPage)) {
        job.nextPage += 1;
        job.pagesRead += 1;
      }
      if (job.nextPage > job.pageCount) break;
      this.post(slot, { type: 'read', number: job.nextPage++ });
      slot.reading += 1;
    }
    if (slot.reading === 0) this.close(slot);
  }

  /** Asks the worker to close its file, once: it answers 'closed' after any page still queued. */
  private close(slot: Slot): void {
    if (slot.closing) return;
    slot.closing = true;
    this.post(slot, { type: 'close' });
  }

  private leave(slot: Slot, job: Job): void {
    clearTimeout(slot.timer);
    job.members.delete(slot);
    slot.job = null;
    if (job.members.size === 0) {
      this.jobs.delete(job);
      if (!job.settled) {
        job.settled = true;
        if (job.pagesRead === job.pageCount) job.resolve();
        else job.reject(new AppError('corrupt_pdf', 'The PDF reader stopped before reading every page.'));
      }
    }
    this.release(slot);
  }

  private fail(job: Job, err: Error): void {
    if (job.settled) return;
    job.settled = true;
    job.reject(err);
  }

  /** A hung or crashed worker: fail its file, start a fresh worker in its place. */
  private replace(slot: Slot, reason: AppError): void {
    const job = slot.job;
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    clearTimeout(slot.timer);
    if (job) {
      this.fail(job, reason);
      job.members.delete(slot);
      if (job.members.size === 0) this.jobs.delete(job);
      slot.job = null;
    }
    if (this.disposed) return;
    slot.worker = this.spawn(slot);
    slot.files = 0;
    this.release(slot);
  }

  private arm(slot: Slot): void {
    const timeoutMs = this.options.inactivityTimeoutMs ?? 60_000;
    clearTimeout(slot.timer);
    slot.timer = setTimeout(() => this.timedOut(slot, timeoutMs), timeoutMs);
  }

  /**
   * A worker went silent. pdf.js can leave work behind that keeps a thread spinning after its
   * file closed (an image with absurd dimensions decoded late), so on a worker that read
   * another file before, the silence may not be this file's fault: a file with no page read
   * yet gets one more try on a fresh worker. On a fresh worker the silence is the file's own.
   */
  private timedOut(slot: Slot, timeoutMs: number): void {
    const job = slot.job;
    if (job && !this.disposed && !job.settled && !job.retried && job.delivered === 0 && job.members.size === 1 && slot.files > 1) {
      job.retried = true;
      job.nextPage = 1;
      job.pagesRead = 0;
      slot.worker.removeAllListeners();
      void slot.worker.terminate();
      slot.worker = this.spawn(slot);
      slot.files = 0;
      return this.assign(slot, job, true);
    }
    this.replace(slot, new AppError('timeout', `Reading the PDF took too long (no progress for ${Math.round(timeoutMs / 1000)} s).`));
  }

  private post(slot: Slot, msg: ReaderToWorker): void {
    slot.worker.postMessage(msg);
  }

  private spawn(slot: Slot): Worker {
    // A decompression bomb should exhaust the worker's heap, not the app's.
    const worker = spawnWorker(this.options.workerEntry, { maxOldGenerationSizeMb: 2048 }, this.options.pdfjs.modules);
    worker.on('message', (msg: WorkerToReader) => this.onMessage(slot, msg));
    worker.on('error', (err) => this.replace(slot, new AppError('corrupt_pdf', `The PDF reader failed on this file: ${err.message}`)));
    worker.on('exit', () => this.replace(slot, new AppError('corrupt_pdf', 'The PDF reader stopped unexpectedly on this file.')));
    return worker;
  }

  private freeSlot(): Slot | null {
    const idle = this.slots.find((s) => s.job === null);
    if (idle) return idle;
    if (this.slots.length >= this.options.concurrency) return null;
    const slot: Slot = { worker: null as unknown as Worker, job: null, primary: false, files: 0, reading: 0, closing: false };
    slot.worker = this.spawn(slot);
    this.slots.push(slot);
    return slot;
  }

  /** A free slot serves the next waiting file first, else helps with a long document. */
  private release(slot: Slot): void {
    const next = this.waiting.shift();
    if (next) return next(slot);
    this.recruit();
  }

  /** Puts every free worker (spawning up to the pool size) on the longest unread document. */
  private recruit(): void {
    if (this.waiting.length > 0 || this.disposed) return;
    for (;;) {
      let best: Job | null = null;
      let bestLeft = MIN_PAGES_TO_JOIN - 1;
      for (const job of this.jobs) {
        const left = job.pageCount - job.nextPage + 1;
        if (!job.settled && job.pageCount > 0 && left > bestLeft) [best, bestLeft] = [job, left];
      }
      const slot = best && this.freeSlot();
      if (!best || !slot) return;
      this.assign(slot, best, false);
    }
  }
}
