// Small drawings of a PDF's pages for the reader's rail. Drawn one at a time, the latest
// request first (the rail's rows now in view, not those scrolled past), and kept in a bounded
// least-recently-used cache. A page the reader has already drawn full size is scaled down from
// that canvas instead of asking pdf.js again.
import type { PDFDocumentProxy } from 'pdfjs-dist';

export const THUMBNAIL_WIDTH = 88;
const DEFAULT_LIMIT = 120;

interface Request {
  readonly pageNumber: number;
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
      request = { pageNumber, resolve, reject };
    });
    this.waiting.push(request);
    void this.pump();
    return {
      promise,
      cancel: () => {
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
        const request = this.waiting.pop()!;
        try {
          const canvas = this.get(request.pageNumber) ?? (await this.draw(request.pageNumber));
          if (this.closed) return;
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

  private async draw(pageNumber: number): Promise<HTMLCanvasElement> {
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
    await page.render({ canvas, viewport, transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined }).promise;
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
