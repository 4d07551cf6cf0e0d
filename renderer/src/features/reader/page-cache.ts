// Pages the reader has drawn, kept as canvases so a page seen (or drawn ahead) shows at once.
// Bounded by count and by pixel bytes, least recently used first out; an evicted page also
// releases what pdf.js holds for it (decoded images, operator lists), so reading a long
// scanned document does not grow without end.
import type { PDFPageProxy } from 'pdfjs-dist';
import type { DrawGate } from './draw-gate';
import { renderPage } from './render-page';

// Browsers refuse canvases past ~16 megapixels on some GPUs; huge pages render softer instead.
const MAX_CANVAS_PIXELS = 16_777_216;

export interface PageCacheLimits {
  readonly maxPages: number;
  readonly maxBytes: number;
}

export const DEFAULT_PAGE_CACHE_LIMITS: PageCacheLimits = { maxPages: 10, maxBytes: 160 * 1024 * 1024 };

interface Entry {
  readonly page: PDFPageProxy;
  readonly canvas: HTMLCanvasElement;
  readonly bytes: number;
}

function keyOf(pageNumber: number, scale: number): string {
  return `${pageNumber}@${scale.toFixed(4)}`;
}

export class RenderedPageCache {
  // A Map keeps insertion order: the first entry is the least recently used.
  private readonly entries = new Map<string, Entry>();
  private totalBytes = 0;

  constructor(private readonly limits: PageCacheLimits = DEFAULT_PAGE_CACHE_LIMITS) {}

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  has(pageNumber: number, scale: number): boolean {
    return this.entries.has(keyOf(pageNumber, scale));
  }

  /**
   * A canvas taken off screen (its page left the view): its pixels are given back now unless the
   * cache keeps it (one dropped from the cache while on screen was left alone then).
   */
  release(canvas: HTMLCanvasElement): void {
    if (canvas.isConnected) return;
    for (const entry of this.entries.values()) if (entry.canvas === canvas) return;
    canvas.width = 0;
    canvas.height = 0;
  }

  /** The drawn canvas of a page at a scale, now the most recently used; undefined when not drawn. */
  get(pageNumber: number, scale: number): HTMLCanvasElement | undefined {
    const key = keyOf(pageNumber, scale);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.canvas;
  }

  put(page: PDFPageProxy, scale: number, canvas: HTMLCanvasElement): void {
    const key = keyOf(page.pageNumber, scale);
    const old = this.entries.get(key);
    if (old) this.drop(key, old);
    const entry = { page, canvas, bytes: canvas.width * canvas.height * 4 };
    this.entries.set(key, entry);
    this.totalBytes += entry.bytes;
    this.trim(key);
  }

  clear(): void {
    for (const [key, entry] of [...this.entries]) this.drop(key, entry);
  }

  private trim(keep: string): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.limits.maxPages && this.totalBytes <= this.limits.maxBytes) return;
      if (key !== keep) this.drop(key, entry);
    }
  }

  private drop(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.totalBytes -= entry.bytes;
    // A canvas still on screen is left alone; one off screen gives its pixels back now.
    if (!entry.canvas.isConnected) {
      entry.canvas.width = 0;
      entry.canvas.height = 0;
    }
    const stillUsed = [...this.entries.values()].some((other) => other.page === entry.page);
    if (!stillUsed && !entry.canvas.isConnected) entry.page.cleanup();
  }
}

/**
 * A fresh canvas for the page at the scale, sharp on high-density screens, within the pixel cap.
 * The drawing counts as a full-size one on `gate` until it ends (the rail's thumbnails wait).
 */
export function drawPage(page: PDFPageProxy, scale: number, gate: DrawGate): { canvas: HTMLCanvasElement; promise: Promise<void>; cancel(): void } {
  const viewport = page.getViewport({ scale });
  const ratio = window.devicePixelRatio || 1;
  const area = viewport.width * viewport.height;
  const outputScale = Math.min(ratio, Math.sqrt(MAX_CANVAS_PIXELS / Math.max(1, area)));
  const canvas = document.createElement('canvas');
  canvas.className = 'pdf-page__canvas';
  canvas.width = Math.max(1, Math.floor(viewport.width * outputScale));
  canvas.height = Math.max(1, Math.floor(viewport.height * outputScale));
  canvas.setAttribute('aria-hidden', 'true');
  const end = gate.begin();
  const task = renderPage(page, { canvas, viewport, outputScale });
  // Once drawn, the canvas is what is kept: pdf.js's operator list (on L10 ~153k operations a page)
  // and decoded images are let go at once rather than when the page leaves the cache.
  const promise = task.promise.then(() => void page.cleanup()).finally(end);
  return { canvas, promise, cancel: () => task.cancel() };
}
