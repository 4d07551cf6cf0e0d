// Small drawings of a PDF's pages for the reader's rail. Drawn one at a time, the latest
// request first (the rail's rows now in view, not those scrolled past), and kept in a bounded
// least-recently-used cache. A page the reader has already drawn full size is scaled down from
// that canvas instead of asking pdf.js again. They yield to the reader (see DrawGate): none is
// drawn while a full-size page is, and one being drawn when the reader needs the worker is
// called off and drawn again later.
import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { DrawGate } from './draw-gate';
import { renderPage } from './render-page';

export const THUMBNAIL_WIDTH = 88;
const DEFAULT_LIMIT = 120;

interface Request {
  readonly pageNumber: number;
  /** Dropped by its row (it left the rail's view): not drawn, not answered. */
  cancelled: boolean;
  readonly resolve: (canvas: HTMLCanvasElement) => void;
  readonly reject: (err: unknown) => void;
}

export class Thumbnails {
  // A Map keeps insertion order: the first entry is the least recently used.
  private readonly drawn = new Map<number, HTMLCanvasElement>();
  private readonly waiting: Request[] = [];
  private busy = false;
  private closed = false;

  constructor(
    private readonly pdf: PDFDocumentProxy,
    /** The reader's full-size drawings: thumbnails draw only while it is idle. */
    private readonly gate: DrawGate,
    /** A page already drawn full size, when the reader has it (null otherwise). */
    private readonly fullSize: (pageNumber: number) => HTMLCanvasElement | null,
    /** Whether the pdf.js page may be asked to free what it holds (it is not on screen). */
    private readonly mayRelease: (pageNumber: number) => boolean,
    private readonly limit = DEFAULT_LIMIT,
  ) {}

  get size(): number {
    return this.drawn.size;
  }

  /** The page's thumbnail now, or undefined when it is not drawn yet. */
  get(pageNumber: number): HTMLCanvasElement | undefined {
    const canvas = this.drawn.get(pageNumber);
    if (!canvas) return undefined;
    this.drawn.delete(pageNumber);
    this.drawn.set(pageNumber, canvas);
    return canvas;
  }

  /** Draws the page's thumbnail; the returned cancel drops the request if it has not started. */
  request(pageNumber: number): { promise: Promise<HTMLCanvasElement>; cancel(): void } {
    const ready = this.get(pageNumber);
    if (ready) return { promise: Promise.resolve(ready), cancel: () => {} };
    let request!: Request;
    const promise = new Promise<HTMLCanvasElement>((resolve, reject) => {
      request = { pageNumber, cancelled: false, resolve, reject };
    });
    this.waiting.push(request);
    void this.pump();
    return {
      promise,
      cancel: () => {
        request.cancelled = true;
        const index = this.waiting.indexOf(request);
        if (index >= 0) this.waiting.splice(index, 1);
      },
    };
  }

  close(): void {
    this.closed = true;
    this.waiting.length = 0;
    for (const canvas of this.drawn.values()) {
      if (!canvas.isConnected) canvas.width = canvas.height = 0;
    }
    this.drawn.clear();
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (!this.closed && this.waiting.length > 0) {
        await this.gate.whenIdle();
        // The latest request once the reader is idle: the rows in view then.
        const request = this.waiting.pop();
        if (this.closed || !request) return;
        try {
          const canvas = this.get(request.pageNumber) ?? (await this.draw(request.pageNumber));
          if (this.closed) return;
          if (canvas === null) {
            // Called off for the reader: asked for again, first in line.
            if (!request.cancelled) this.waiting.push(request);
            continue;
          }
          this.put(request.pageNumber, canvas);
          request.resolve(canvas);
        } catch (err) {
          request.reject(err);
        }
      }
    } finally {
      this.busy = false;
    }
  }

  /** The page's thumbnail, or null when the reader started a full-size drawing meanwhile. */
  private async draw(pageNumber: number): Promise<HTMLCanvasElement | null> {
    const page = await this.pdf.getPage(pageNumber);
    const base = page.getViewport({ scale: 1 });
    const viewport = page.getViewport({ scale: THUMBNAIL_WIDTH / base.width });
    const ratio = window.devicePixelRatio || 1;
    const canvas = document.createElement('canvas');
    canvas.className = 'page-thumb__canvas';
    canvas.setAttribute('aria-hidden', 'true');
    canvas.width = Math.max(1, Math.floor(viewport.width * ratio));
    canvas.height = Math.max(1, Math.floor(viewport.height * ratio));
    const source = this.fullSize(pageNumber);
    if (source && source.width > 0) {
      canvas.getContext('2d')?.drawImage(source, 0, 0, canvas.width, canvas.height);
      return canvas;
    }
    if (!this.gate.idle) return null;
    const task = renderPage(page, { canvas, viewport, outputScale: ratio });
    let calledOff = false;
    const stop = this.gate.onBusy(() => {
      calledOff = true;
      task.cancel();
    });
    try {
      await task.promise;
    } catch (err) {
      if (!calledOff) throw err;
    } finally {
      stop();
    }
    if (calledOff) {
      canvas.width = canvas.height = 0;
      return null;
    }
    // What pdf.js parsed for this small drawing is not kept for a page the reader is not showing.
    if (this.mayRelease(pageNumber)) page.cleanup();
    return canvas;
  }

  private put(pageNumber: number, canvas: HTMLCanvasElement): void {
    this.drawn.delete(pageNumber);
    this.drawn.set(pageNumber, canvas);
    for (const [key, old] of this.drawn) {
      if (this.drawn.size <= this.limit) break;
      this.drawn.delete(key);
      if (!old.isConnected) old.width = old.height = 0;
    }
  }
}
