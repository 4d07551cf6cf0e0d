// Renders one PDF page to an 8-bit gray image for OCR with pdf.js on @napi-rs/canvas (what
// pdf.js itself uses for canvases under Node), or to a colour canvas for the de-identified PDF
// export to draw its boxes on. Runs inside the OCR worker thread.
import { createCanvas, type Canvas } from '@napi-rs/canvas';
import type { PDFPageProxy } from 'pdfjs-dist/types/src/display/api';
import { grayFromRgba, type GrayImage } from './gray-image';

export interface RenderedPage {
  readonly image: GrayImage;
  /** Pixels per page unit. */
  readonly scale: number;
  /** The page as displayed (its /Rotate applied), in page units. */
  readonly pageWidth: number;
  readonly pageHeight: number;
}

/** The render scale: `dpi`, unless the page would then pass `maxPixels`. */
export function ocrScale(pageWidth: number, pageHeight: number, dpi: number, maxPixels: number): number {
  const wanted = dpi / 72;
  const area = Math.max(1, pageWidth * pageHeight);
  return Math.min(wanted, Math.sqrt(maxPixels / area));
}

/** A page drawn on a white canvas at `scale` pixels per page unit, as displayed (its /Rotate applied). */
export async function drawPage(page: PDFPageProxy, scale: number, options: { annotations?: boolean } = {}): Promise<Canvas> {
  const viewport = page.getViewport({ scale });
  const width = Math.max(1, Math.floor(viewport.width));
  const height = Math.max(1, Math.floor(viewport.height));
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  // AnnotationMode.DISABLE is 0; the default (ENABLE) draws the annotations' appearances too.
  const annotationMode = options.annotations === false ? { annotationMode: 0 } : {};
  // pdf.js types the canvas as a DOM canvas; @napi-rs/canvas implements the part it uses.
  await page.render({ canvas, canvasContext: context, viewport, ...annotationMode } as unknown as Parameters<PDFPageProxy['render']>[0]).promise;
  return canvas;
}

/** Frees the native canvas memory now rather than at the next GC. */
export function releaseCanvas(canvas: Canvas): void {
  canvas.width = 1;
  canvas.height = 1;
}

export async function renderPage(page: PDFPageProxy, dpi: number, maxPixels: number): Promise<RenderedPage> {
  const base = page.getViewport({ scale: 1 });
  const scale = ocrScale(base.width, base.height, dpi, maxPixels);
  const canvas = await drawPage(page, scale);
  const { width, height } = canvas;
  const rgba = canvas.getContext('2d').getImageData(0, 0, width, height).data;
  const image = grayFromRgba(rgba, width, height);
  releaseCanvas(canvas);
  return { image, scale, pageWidth: base.width, pageHeight: base.height };
}
