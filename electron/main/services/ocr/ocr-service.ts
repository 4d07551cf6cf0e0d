// Reads the pages of a document that have no usable text layer with OCR, in a pool of worker
// threads (pdf.js renders, tesseract.js reads), and writes each page to the archive as soon
// as it is read: a crash or a cancel loses at most the pages in progress, and the next run
// reads only the pages still waiting. A page that hangs past the time limit costs its worker,
// not the app. Plain Node: no electron; the job queue decides when a document is OCR'd.
import type { Worker } from 'node:worker_threads';
import { LOW_OCR_CONFIDENCE } from '../../../../shared/domain';
import { AppError, type AppErrorData, type ErrorCode } from '../../../../shared/errors';
import type { Archive } from '../archive/archive';
import type { StoredFileRef } from '../archive/crypto/stored-file';
import type { FileStore } from '../archive/file-store';
import type { RuntimeAssets } from '../runtime-assets';
import { spawnWorker } from '../spawn-worker';
import { chooseText, mergeTexts } from './ocr-choice';
import type { OcrPageResult, OcrSettings, OcrWorkerToService, RecognizeRequest } from './ocr-protocol';

export interface OcrServiceOptions {
  readonly archive: Archive;
  readonly files: FileStore;
  /** The compiled worker entry (ocr-worker.js), or ocr-worker.ts when running under tsx. */
  readonly workerEntry: string;
  /** pdf.js and tesseract.js files (runtimeAssets()). */
  readonly assets: Pick<RuntimeAssets, 'ocr' | 'pdfjs' | 'tesseractModule'>;
  /** Pages read at once, one worker each (every worker holds a tesseract engine, ~100-300 MB). */
  readonly concurrency: number;
  /** Longest a single page may take (render, orientation, recognition). */
  readonly pageTimeoutMs?: number;
  /** An idle worker is ended after this long, freeing its engine's memory. */
  readonly idleMs?: number;
  readonly settings?: Partial<OcrSettings>;
}

export interface RecognizeOptions {
  readonly signal?: AbortSignal;
  /** The PDF's password, when it has one (passwords are never stored). */
  readonly password?: string;
  /** After each page is written: pages done in this call, of the pages it set out to read. */
  readonly onPage?: (done: number, total: number) => void;
}

export interface OcrOutcome {
  /** Pages read in this call (a resumed document counts only the pages it still needed). */
  readonly pages: number;
  /** Mean confidence over all of the document's OCR'd pages after this call; null when none has words. */
  readonly meanConfidence: number | null;
  /** Pages whose PDF text was kept because OCR read no better. */
  readonly keptPdfText: number;
  /** Pages whose short PDF text (stamps over a scan) was kept in front of the OCR text. */
  readonly mergedPdfText: number;
  /** Pages of this call with a confidence below LOW_OCR_CONFIDENCE. */
  readonly lowConfidencePages: readonly number[];
  /** Pages of this call that were turned to read upright, with the clockwise turn. */
  readonly rotatedPages: ReadonlyArray<readonly [page: number, rotation: number]>;
}

/** How the last page went, for the benchmark: where the time goes. */
export type PageTimings = Pick<OcrPageResult, 'number' | 'renderMs' | 'orientMs' | 'recognizeMs' | 'confidence' | 'rotation' | 'scale'>;

export const DEFAULT_OCR_SETTINGS: OcrSettings = {
  dpi: 300,
  // 25 megapixels: a letter page at 300 dpi is 8.4; an enormous page renders coarser instead.
  maxPixels: 25_000_000,
  detectOrientation: true,
};

/** Failures of the file itself: every other page would fail the same way. */
const FATAL: ReadonlySet<ErrorCode> = new Set(['password_required', 'password_incorrect', 'corrupt_pdf', 'io_error']);

interface Run {
  readonly documentId: number;
  readonly file: StoredFileRef;
  readonly password?: string;
  readonly total: number;
  readonly queue: number[];
  readonly options: RecognizeOptions;
  done: number;
  kept: number;
  merged: number;
  readonly low: number[];
  readonly rotated: Array<[number, number]>;
  readonly failures: Array<{ page: number; error: AppErrorData }>;
  settled: boolean;
  resolve(outcome: OcrOutcome): void;
  reject(err: Error): void;
  cleanup(): void;
}

interface Slot {
  worker: Worker;
  task: { run: Run; number: number; id: number } | null;
  timer?: NodeJS.Timeout;
  idleTimer?: NodeJS.Timeout;
}

export class OcrService {
  private readonly slots = new Set<Slot>();
  private readonly runs: Run[] = [];
  /** The run of each document in progress: a second call waits for it, then finds less to do. */
  private readonly active = new Map<number, Promise<unknown>>();
  private readonly settings: OcrSettings;
  private nextId = 1;
  private disposed = false;
  /** Timings of the most recent page (for the benchmark). */
  lastPage: PageTimings | null = null;

  constructor(private readonly options: OcrServiceOptions) {
    this.settings = { ...DEFAULT_OCR_SETTINGS, ...options.settings };
  }

  /** The pages of the document OCR has yet to read, in order. */
  pagesToRecognize(documentId: number): number[] {
    return this.options.archive.pagesAwaitingOcr(documentId);
  }

  /** Reads every page still waiting for OCR; resolves when all are written, rejects with an AppError. */
  async recognizeDocument(documentId: number, options: RecognizeOptions = {}): Promise<OcrOutcome> {
    const previous = this.active.get(documentId);
    if (previous) await previous.catch(() => {});
    const work = this.start(documentId, options);
    this.active.set(documentId, work);
    try {
      return await work;
    } finally {
      if (this.active.get(documentId) === work) this.active.delete(documentId);
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const run of [...this.runs]) this.settle(run, new AppError('cancelled', 'OCR is shutting down.'));
    await Promise.all([...this.slots].map((slot) => this.retire(slot)));
  }

  private start(documentId: number, options: RecognizeOptions): Promise<OcrOutcome> {
    if (this.disposed) return Promise.reject(new AppError('cancelled', 'OCR is shutting down.'));
    if (options.signal?.aborted) return Promise.reject(new AppError('cancelled', 'OCR was cancelled.'));
    const { archive, files } = this.options;
    const doc = archive.getDocument(documentId);
    const pages = this.pagesToRecognize(documentId);
    if (pages.length === 0) return Promise.resolve(this.outcome(documentId, { done: 0, kept: 0, merged: 0, low: [], rotated: [] }));
    return new Promise<OcrOutcome>((resolve, reject) => {
      const onAbort = () => this.settle(run, new AppError('cancelled', 'OCR was cancelled.'));
      const run: Run = {
        documentId,
        file: files.source(doc.sha256),
        password: options.password,
        total: pages.length,
        queue: [...pages],
        options,
        done: 0,
        kept: 0,
        merged: 0,
        low: [],
        rotated: [],
        failures: [],
        settled: false,
        resolve,
        reject,
        cleanup: () => options.signal?.removeEventListener('abort', onAbort),
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.runs.push(run);
      this.pump();
    });
  }

  /** Hands waiting pages to free workers (spawning up to the pool size), oldest run first. */
  private pump(): void {
    for (;;) {
      const run = this.runs.find((r) => !r.settled && r.queue.length > 0);
      if (!run || this.disposed) return;
      const slot = this.freeSlot();
      if (!slot) return;
      const number = run.queue.shift()!;
      const id = this.nextId++;
      slot.task = { run, number, id };
      clearTimeout(slot.idleTimer);
      slot.worker.ref();
      const timeoutMs = this.options.pageTimeoutMs ?? 120_000;
      slot.timer = setTimeout(() => {
        void this.retire(slot);
        this.pageFailed(run, number, {
          code: 'timeout',
          message: `OCR of page ${number} took longer than ${Math.round(timeoutMs / 1000)} s and was stopped.`,
        });
        this.pump();
      }, timeoutMs);
      const request: RecognizeRequest = {
        type: 'recognize',
        id,
        file: run.file,
        password: run.password,
        number,
        assets: this.options.assets.ocr,
        settings: this.settings,
      };
      slot.worker.postMessage(request);
    }
  }

  private onMessage(slot: Slot, msg: OcrWorkerToService): void {
    const task = slot.task;
    if (!task || task.id !== msg.id) return;
    clearTimeout(slot.timer);
    slot.task = null;
    this.idle(slot);
    const { run, number } = task;
    if (msg.type === 'done') this.pageDone(run, msg.page);
    // ('redacted' answers only the de-identified PDF export, which runs its own worker.)
    else if (msg.type === 'failed') {
      if (FATAL.has(msg.error.code)) this.settle(run, new AppError(msg.error.code, msg.error.message));
      else this.pageFailed(run, number, msg.error);
    }
    this.pump();
  }

  private pageDone(run: Run, page: OcrPageResult): void {
    if (run.settled) return;
    const { archive } = this.options;
    this.lastPage = {
      number: page.number,
      renderMs: page.renderMs,
      orientMs: page.orientMs,
      recognizeMs: page.recognizeMs,
      confidence: page.confidence,
      rotation: page.rotation,
      scale: page.scale,
    };
    try {
      const pdf = archive.getPage(run.documentId, page.number);
      const choice = chooseText(pdf.text, page);
      const words = choice === 'both' ? mergeTexts(pdf, page) : page;
      archive.finishPageOcr(run.documentId, page.number, choice === 'pdf' ? null : { text: words.text, spans: words.spans, confidence: page.confidence });
      if (choice === 'pdf') run.kept++;
      else {
        if (choice === 'both') run.merged++;
        if (page.confidence !== null && page.confidence < LOW_OCR_CONFIDENCE) run.low.push(page.number);
        if (page.rotation !== 0) run.rotated.push([page.number, page.rotation]);
      }
    } catch (err) {
      // The document was deleted meanwhile, or the disk is full: stop here.
      return this.settle(run, err instanceof AppError ? err : new AppError('io_error', `The OCR text could not be saved: ${(err as Error).message}`));
    }
    run.done++;
    this.progress(run);
    this.finishIfDone(run);
  }

  private pageFailed(run: Run, page: number, error: AppErrorData): void {
    if (run.settled) return;
    run.failures.push({ page, error });
    this.finishIfDone(run);
  }

  private progress(run: Run): void {
    try {
      run.options.onPage?.(run.done, run.total);
    } catch {
      // A listener's failure is not the OCR's.
    }
  }

  private finishIfDone(run: Run): void {
    if (run.done + run.failures.length < run.total) return;
    if (run.failures.length === 0) return this.settle(run, null);
    const first = run.failures[0]!.error;
    const pages = run.failures.map((f) => f.page).sort((a, b) => a - b);
    const label = pages.length === 1 ? `page ${pages[0]}` : `pages ${pages.join(', ')}`;
    this.settle(run, new AppError(first.code, `OCR could not read ${label} (the others were saved): ${first.message}`));
  }

  /** Ends a run once: resolves with the outcome or rejects; a cancelled run's workers are stopped. */
  private settle(run: Run, error: AppError | null): void {
    if (run.settled) return;
    run.settled = true;
    run.cleanup();
    this.runs.splice(this.runs.indexOf(run), 1);
    if (error) {
      // Pages in progress are abandoned: their workers stop now, nothing of them is written.
      for (const slot of this.slots) if (slot.task?.run === run) void this.retire(slot);
      run.reject(error);
    } else {
      run.resolve(this.outcome(run.documentId, run));
    }
    this.pump();
  }

  private outcome(documentId: number, run: Pick<Run, 'done' | 'kept' | 'merged' | 'low' | 'rotated'>): OcrOutcome {
    const confidences = this.options.archive
      .listPages(documentId)
      .flatMap((p) => (p.textSource === 'ocr' && p.ocrConfidence !== null ? [p.ocrConfidence] : []));
    const mean = confidences.length > 0 ? confidences.reduce((a, b) => a + b, 0) / confidences.length : null;
    return {
      pages: run.done,
      meanConfidence: mean === null ? null : Math.round(mean * 10) / 10,
      keptPdfText: run.kept,
      mergedPdfText: run.merged,
      lowConfidencePages: [...run.low].sort((a, b) => a - b),
      rotatedPages: [...run.rotated].sort((a, b) => a[0] - b[0]),
    };
  }

  private freeSlot(): Slot | null {
    for (const slot of this.slots) if (!slot.task) return slot;
    if (this.slots.size >= Math.max(1, this.options.concurrency)) return null;
    const slot: Slot = { worker: null as unknown as Worker, task: null };
    // A decompression bomb or an enormous page should exhaust the worker's heap, not the app's.
    // pdf.js and tesseract.js load before tsx registers (see spawnWorker).
    slot.worker = spawnWorker(this.options.workerEntry, { maxOldGenerationSizeMb: 2048 }, [...this.options.assets.pdfjs.modules, this.options.assets.tesseractModule]);
    slot.worker.on('message', (msg: OcrWorkerToService) => this.onMessage(slot, msg));
    slot.worker.on('error', (err) => this.crashed(slot, `The OCR worker failed: ${err.message}`));
    slot.worker.on('exit', () => this.crashed(slot, 'The OCR worker stopped unexpectedly (out of memory?).'));
    this.slots.add(slot);
    return slot;
  }

  private crashed(slot: Slot, message: string): void {
    if (!this.slots.has(slot)) return;
    const task = slot.task;
    void this.retire(slot);
    if (task) this.pageFailed(task.run, task.number, { code: 'ocr_failed', message: `Page ${task.number}: ${message}` });
    this.pump();
  }

  /** An idle worker keeps its engine warm a while, without keeping the process alive. */
  private idle(slot: Slot): void {
    slot.worker.unref();
    clearTimeout(slot.idleTimer);
    slot.idleTimer = setTimeout(() => {
      if (!slot.task) void this.retire(slot);
    }, this.options.idleMs ?? 30_000);
    slot.idleTimer.unref();
  }

  private async retire(slot: Slot): Promise<void> {
    if (!this.slots.delete(slot)) return;
    clearTimeout(slot.timer);
    clearTimeout(slot.idleTimer);
    slot.task = null;
    slot.worker.removeAllListeners();
    await slot.worker.terminate();
  }
}
