// Runs PDF text extraction in a pool of worker threads (one per core), so parsing never
// blocks the thread that serves the UI. A worker that goes silent past the time limit
// (a parser hang on hostile input) is terminated and replaced.
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { AppError } from '../../../../shared/errors';
import type { NewPage } from '../archive/archive';
import { spawnWorker } from '../spawn-worker';
import type { ExtractRequest, ReaderToWorker, WorkerToReader } from './extract-protocol';

export interface PdfReaderOptions {
  /** The compiled worker entry (pdf-worker.js), or pdf-worker.ts when running under tsx. */
  readonly workerEntry: string;
  readonly concurrency: number;
  /** Longest silence from a worker before the file is given up as hung. */
  readonly inactivityTimeoutMs?: number;
}

export interface ExtractHandlers {
  onOpened(pageCount: number, metadata: Record<string, string>): void;
  onPage(page: NewPage): void;
}

interface Slot {
  worker: Worker;
  busy: boolean;
}

const pdfjsRoot = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const assetDirs = {
  cMapDir: path.join(pdfjsRoot, 'cmaps') + path.sep,
  standardFontDir: path.join(pdfjsRoot, 'standard_fonts') + path.sep,
};

export class PdfReader {
  private readonly slots: Slot[] = [];
  private readonly waiting: Array<(slot: Slot) => void> = [];
  private disposed = false;

  constructor(private readonly options: PdfReaderOptions) {}

  /** Streams the pages of one file to the handlers; rejects with an AppError on bad input. */
  async extract(file: string, password: string | undefined, handlers: ExtractHandlers): Promise<void> {
    const slot = await this.acquire();
    try {
      await this.run(slot, { type: 'extract', path: file, password, ...assetDirs }, handlers);
    } finally {
      this.release(slot);
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }

  private run(slot: Slot, request: ExtractRequest, handlers: ExtractHandlers): Promise<void> {
    const timeoutMs = this.options.inactivityTimeoutMs ?? 60_000;
    return new Promise<void>((resolve, reject) => {
      const worker = slot.worker;
      let timer: NodeJS.Timeout;
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          finish(new AppError('timeout', `Reading the PDF took too long (no progress for ${Math.round(timeoutMs / 1000)} s).`));
          this.replace(slot);
        }, timeoutMs);
      };
      const finish = (err?: Error) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (err) reject(err);
        else resolve();
      };
      const onMessage = (msg: WorkerToReader) => {
        arm();
        try {
          switch (msg.type) {
            case 'opened':
              handlers.onOpened(msg.pageCount, msg.metadata);
              break;
            case 'page':
              handlers.onPage(msg.page);
              worker.postMessage({ type: 'ack' } satisfies ReaderToWorker);
              break;
            case 'done':
              finish();
              break;
            case 'failed':
              finish(new AppError(msg.error.code, msg.error.message));
              break;
            default:
              msg satisfies never;
          }
        } catch (err) {
          // A handler failed (for example the disk is full): stop this file, keep the worker sane.
          finish(err as Error);
          this.replace(slot);
        }
      };
      const onError = (err: Error) => {
        finish(new AppError('corrupt_pdf', `The PDF reader failed on this file: ${err.message}`));
        this.replace(slot);
      };
      const onExit = () => {
        finish(new AppError('corrupt_pdf', 'The PDF reader stopped unexpectedly on this file.'));
        this.replace(slot);
      };
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      arm();
      worker.postMessage(request satisfies ReaderToWorker);
    });
  }

  private spawn(): Worker {
    // A decompression bomb should exhaust the worker's heap, not the app's.
    const worker = spawnWorker(this.options.workerEntry, { maxOldGenerationSizeMb: 2048 });
    // An idle worker that dies must not take the process down with an unhandled 'error'.
    worker.on('error', () => {});
    return worker;
  }

  private replace(slot: Slot): void {
    const old = slot.worker;
    old.removeAllListeners();
    void old.terminate();
    if (!this.disposed) slot.worker = this.spawn();
  }

  private acquire(): Promise<Slot> {
    if (this.disposed) return Promise.reject(new AppError('cancelled', 'The PDF reader is shutting down.'));
    const idle = this.slots.find((s) => !s.busy);
    if (idle) {
      idle.busy = true;
      return Promise.resolve(idle);
    }
    if (this.slots.length < this.options.concurrency) {
      const slot = { worker: this.spawn(), busy: true };
      this.slots.push(slot);
      return Promise.resolve(slot);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: Slot): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else slot.busy = false;
  }
}
