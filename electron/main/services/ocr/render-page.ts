// Renders one PDF page to an 8-bit gray image for OCR with pdf.js on @napi-rs/canvas (what
// pdf.js itself uses for canvases under Node). Runs inside the OCR worker thread.
import { createCanvas } from '@napi-rs/canvas';
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

export async function renderPage(page: PDFPageProxy, dpi: number, maxPixels: number): Promise<RenderedPage> {
  const base = page.getViewport({ scale: 1 });
  const scale = ocrScale(base.width, base.height, dpi, maxPixels);
  const viewport = page.getViewport({ scale });
  const width = Math.max(1, Math.floor(viewport.width));
  const height = Math.max(1, Math.floor(viewport.height));
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  // pdf.js types the canvas as a DOM canvas; @napi-rs/canvas implements the part it uses.
  await page.render({ canvas, canvasContext: context, viewport } as unknown as Parameters<PDFPageProxy['render']>[0]).promise;
  const rgba = context.getImageData(0, 0, width, height).data;
  const image = grayFromRgba(rgba, width, height);
  // Free the native canvas memory now rather than at the next GC.
  canvas.width = 1;
  canvas.height = 1;
  return { image, scale, pageWidth: base.width, pageHeight: base.height };
}
