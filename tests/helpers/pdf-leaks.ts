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
 * The file as Latin-1 text with its JPEG image data left out (random bytes there spell short
 * words by chance), followed by every stream inflated that inflates.
 */
export function rawText(data: Uint8Array): string {
  const bytes = Buffer.from(data);
  const plain: string[] = [];
  const inflated: string[] = [];
  let at = 0;
  for (;;) {
    const start = bytes.indexOf('stream', at, 'latin1');
    if (start < 0) break;
    let body = start + 'stream'.length;
    if (bytes[body] === 0x0d) body++;
    if (bytes[body] === 0x0a) body++;
    const end = bytes.indexOf('endstream', body, 'latin1');
    if (end < 0) break;
    // The stream's dictionary: from its object's start to the keyword.
    const head = bytes.subarray(at, start).toString('latin1');
    const dict = head.slice(head.lastIndexOf(' obj'));
    plain.push(head);
    if (!dict.includes('/DCTDecode')) {
      try {
        inflated.push(inflateSync(bytes.subarray(body, end)).toString('latin1'));
      } catch {
        plain.push(bytes.subarray(body, end).toString('latin1'));
      }
    }
    at = end;
  }
  plain.push(bytes.subarray(at).toString('latin1'));
  return [...plain, ...inflated].join('\n');
}

/** Which of the strings occur in the text, ignoring case and runs of blanks. */
export function survivors(haystack: string, needles: readonly string[]): string[] {
  const flat = haystack.toLowerCase().replace(/\s+/g, ' ');
  const utf16 = (s: string) => [...s].map((c) => `\u0000${c}`).join('');
  return needles.filter((n) => {
    const needle = n.toLowerCase().replace(/\s+/g, ' ').trim();
    return needle.length > 0 && (flat.includes(needle) || flat.includes(utf16(needle)));
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
