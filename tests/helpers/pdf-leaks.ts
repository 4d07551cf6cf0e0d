// What a PDF file still gives away, read the ways a recipient could: pdf.js's text layer,
// Info and XMP metadata and attachments, and a raw scan of the bytes with every Flate stream
// inflated. Plus pixel darkness of a box of a page drawn by pdf.js (for burned-in redactions).
import { inflateSync } from 'node:zlib';
import { createCanvas } from '@napi-rs/canvas';
import type { PageRect } from '../../shared/page-rects';

type PdfDoc = import('pdfjs-dist/types/src/display/api').PDFDocumentProxy;

export async function openPdf(data: Uint8Array): Promise<PdfDoc> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs.getDocument({ data: data.slice(), isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
}

export interface PdfReading {
  readonly pages: number;
  /** Every page's text items, joined. */
  readonly text: string;
  /** Info dictionary values and the XMP packet, as text. */
  readonly metadata: string;
  readonly attachments: readonly string[];
}

export async function readPdf(data: Uint8Array): Promise<PdfReading> {
  const doc = await openPdf(data);
  try {
    let text = '';
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      text += content.items.map((i) => ('str' in i ? i.str : '')).join(' ') + '\n';
      for (const a of await page.getAnnotations()) text += JSON.stringify(a) + '\n';
      page.cleanup();
    }
    const meta = await doc.getMetadata();
    const metadata = JSON.stringify(meta.info) + (meta.metadata ? JSON.stringify([...meta.metadata]) : '');
    const attachments = Object.keys((await doc.getAttachments()) ?? {});
    return { pages: doc.numPages, text, metadata, attachments };
  } finally {
    await doc.destroy();
  }
}

/**
 * Every object of the file as text, parsed with pdf-lib: dictionaries, strings and names as
 * written, streams inflated when they are Flate; JPEG image data left out (its random bytes
 * spell short words by chance). Plus the bytes outside the objects (header, trailer) as Latin-1.
 */
export async function rawText(data: Uint8Array): Promise<string> {
  const { PDFDocument, PDFRawStream, PDFName } = await import('pdf-lib');
  const doc = await PDFDocument.load(data, { updateMetadata: false, ignoreEncryption: true });
  const parts: string[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (object instanceof PDFRawStream) {
      parts.push(object.dict.toString());
      const filter = object.dict.get(PDFName.of('Filter'))?.toString() ?? '';
      if (filter.includes('DCTDecode')) continue;
      const bytes = Buffer.from(object.contents);
      try {
        parts.push(inflateSync(bytes).toString('latin1'));
      } catch {
        parts.push(bytes.toString('latin1'));
      }
    } else parts.push(object.toString());
  }
  const bytes = Buffer.from(data);
  const trailer = bytes.lastIndexOf('trailer', undefined, 'latin1');
  parts.push(bytes.subarray(0, 1024).toString('latin1'), bytes.subarray(Math.max(0, trailer)).toString('latin1'));
  return parts.join('\n');
}

/**
 * Which of the strings occur in the text as words of their own (not inside a longer word or a PDF name like /First:
 * "Code" is in every "/FlateDecode"), ignoring case and runs of blanks; also in UTF-16BE.
 */
export function survivors(haystack: string, needles: readonly string[]): string[] {
  const flat = haystack.toLowerCase().replace(/\s+/g, ' ');
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const utf16 = (s: string) => [...s].map((c) => `\u0000${c}`).join('');
  return needles.filter((n) => {
    const needle = n.toLowerCase().replace(/\s+/g, ' ').trim();
    if (needle.length === 0) return false;
    const word = (s: string) => new RegExp(`(?<![a-z0-9/])${escape(s)}(?![a-z0-9])`).test(flat);
    return word(needle) || flat.includes(utf16(needle));
  });
}

/** Share of the box's pixels (page units at scale 1) that are dark, on page `number` drawn at `scale`. */
export async function darkShare(data: Uint8Array, number: number, rect: PageRect, scale = 2): Promise<number> {
  const doc = await openPdf(data);
  try {
    const page = await doc.getPage(number);
    const viewport = page.getViewport({ scale });
    const canvas = createCanvas(Math.floor(viewport.width), Math.floor(viewport.height));
    const context = canvas.getContext('2d');
    await page.render({ canvas, canvasContext: context, viewport } as unknown as Parameters<typeof page.render>[0]).promise;
    // The inside of the box, a pixel in from each edge: JPEG blurs the border.
    const x = Math.ceil(rect.x * scale) + 1;
    const y = Math.ceil(rect.y * scale) + 1;
    const w = Math.max(1, Math.floor(rect.w * scale) - 2);
    const h = Math.max(1, Math.floor(rect.h * scale) - 2);
    const rgba = context.getImageData(x, y, w, h).data;
    let dark = 0;
    for (let i = 0; i < rgba.length; i += 4) if (0.299 * rgba[i]! + 0.587 * rgba[i + 1]! + 0.114 * rgba[i + 2]! < 64) dark++;
    return dark / (w * h);
  } finally {
    await doc.destroy();
  }
}
