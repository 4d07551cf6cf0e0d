// Builds the de-identified PDF inside the OCR worker thread: each page the archive holds is
// drawn to an image, the identifier boxes are painted solid black into its pixels, and the
// image becomes the whole page of a new PDF. Nothing of the original file is copied: no text
// layer, fonts, annotations, form fields, attachments, metadata or XMP. The only text the file
// carries is its fresh, fixed Info (title and producer).
import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api';
import type { PageRect } from '../../../../shared/page-rects';
import { drawPage, ocrScale, releaseCanvas } from '../ocr/render-page';

export interface RedactPage {
  readonly number: number;
  /** Boxes to black out, in page units at scale 1 of the page as displayed. */
  readonly rects: readonly PageRect[];
}

export interface RedactSettings {
  /** Resolution of the page images: 150 dpi keeps small print legible at a modest size. */
  readonly dpi: number;
  readonly maxPixels: number;
  /** JPEG quality 0-100. */
  readonly quality: number;
}

export const DEFAULT_REDACT_SETTINGS: RedactSettings = { dpi: 150, maxPixels: 12_000_000, quality: 82 };

/** The fixed Info of every de-identified PDF: nothing from the source document. */
export const REDACTED_PDF_INFO = { title: 'De-identified document', producer: 'Abstractor' } as const;

export async function redactedPdf(doc: PDFDocumentProxy, pages: readonly RedactPage[], settings: RedactSettings = DEFAULT_REDACT_SETTINGS): Promise<Uint8Array> {
  const { PDFDocument } = await import('pdf-lib');
  // updateMetadata: false, so pdf-lib adds no producer, creator or dates of its own.
  const out = await PDFDocument.create({ updateMetadata: false });
  out.setTitle(REDACTED_PDF_INFO.title);
  out.setProducer(REDACTED_PDF_INFO.producer);
  for (const { number, rects } of pages) {
    const page = await doc.getPage(number);
    try {
      const base = page.getViewport({ scale: 1 });
      const scale = ocrScale(base.width, base.height, settings.dpi, settings.maxPixels);
      // Annotations (form values, stamps, notes) are left out: their text is not in the page
      // text the identifiers were found in, so they could not be checked.
      const canvas = await drawPage(page, scale, { annotations: false });
      const context = canvas.getContext('2d');
      context.fillStyle = '#000000';
      for (const r of rects) {
        // Whole pixels, rounded outward: a box never leaves a sliver of a glyph.
        const x0 = Math.floor(r.x * scale);
        const y0 = Math.floor(r.y * scale);
        context.fillRect(x0, y0, Math.ceil((r.x + r.w) * scale) - x0, Math.ceil((r.y + r.h) * scale) - y0);
      }
      const jpeg = await canvas.encode('jpeg', settings.quality);
      releaseCanvas(canvas);
      const image = await out.embedJpg(jpeg);
      out.addPage([base.width, base.height]).drawImage(image, { x: 0, y: 0, width: base.width, height: base.height });
    } finally {
      page.cleanup();
    }
  }
  return out.save();
}
