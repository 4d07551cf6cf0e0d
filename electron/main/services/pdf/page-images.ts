// Where a page's images sit and how many pixels each has, read from the file's objects and
// content streams without decoding an image: pdf.js's operator list decodes every image it
// meets, and a hostile /BitsPerComponent made that spin until the file's time limit. pdf-lib
// finds the objects (cross-reference tables and streams, object streams); the content
// streams are inflated here with a cap on their size and walked by content-stream.ts.
import { inflateSync } from 'node:zlib';
import type { PDFDict, PDFDocument, PDFObject, PDFRawStream } from 'pdf-lib';
import { scanContent, type ScanBudget } from './content-stream';
import { IDENTITY, multiply, type Matrix } from './matrix';
import type { ImagePlacement } from './image-coverage';

/** A page whose content streams inflate to more than this is read up to here. */
const MAX_CONTENT_BYTES = 32 * 1024 * 1024;
/** Operators walked per page, form XObjects included. */
const MAX_OPERATORS = 2_000_000;
/** Form XObjects inside form XObjects: deeper is a loop or an attack. */
const MAX_FORM_DEPTH = 12;

type PdfLib = typeof import('pdf-lib');

export class PageImages {
  private constructor(
    private readonly lib: PdfLib,
    private readonly doc: PDFDocument,
  ) {}

  /** Null when the file's objects cannot be read, or its streams are encrypted. */
  static async load(bytes: Uint8Array): Promise<PageImages | null> {
    try {
      // Loaded on first use: most files have no short page, and a worker starts faster without it.
      const lib = await import('pdf-lib');
      // Parsed in one go: the default pauses on a timer every 100 objects, which a worker thread does not need.
      const doc = await lib.PDFDocument.load(bytes, { ignoreEncryption: true, throwOnInvalidObject: false, updateMetadata: false, parseSpeed: lib.ParseSpeeds.Fastest });
      return doc.isEncrypted ? null : new PageImages(lib, doc);
    } catch {
      return null;
    }
  }

  /** The images page `index` (0-based) paints; null when the page cannot be read. */
  placements(index: number): ImagePlacement[] | null {
    const { PDFArray, PDFRawStream } = this.lib;
    try {
      if (index < 0 || index >= this.doc.getPageCount()) return null;
      const page = this.doc.getPage(index).node;
      const images: ImagePlacement[] = [];
      const budget: ScanBudget = { operators: MAX_OPERATORS };
      const contents = page.Contents();
      const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => this.doc.context.lookup(ref)) : [contents];
      // The page's streams are one content stream cut in pieces: join them before walking.
      const bytes = concat(streams.map((s) => (s instanceof PDFRawStream ? this.inflate(s) : null)));
      this.walk(bytes, page.Resources(), IDENTITY, images, budget, 0, new Set());
      return images;
    } catch {
      return null;
    }
  }

  private walk(
    bytes: Uint8Array,
    resources: PDFDict | undefined,
    start: Matrix,
    images: ImagePlacement[],
    budget: ScanBudget,
    depth: number,
    open: Set<PDFObject>,
  ): void {
    const { PDFArray, PDFDict, PDFName, PDFRawStream } = this.lib;
    scanContent(
      bytes,
      start,
      {
        xobject: (name, ctm) => {
          const xobject = this.resolve(resources?.get(PDFName.of('XObject')));
          const target = xobject instanceof PDFDict ? this.resolve(xobject.get(PDFName.of(name))) : undefined;
          if (!(target instanceof PDFRawStream)) return;
          const dict = target.dict;
          const subtype = dict.get(PDFName.of('Subtype'));
          if (subtype === PDFName.of('Image')) {
            images.push({ ctm, pixels: pixelsOf(this.numberOf(dict.get(PDFName.of('Width'))), this.numberOf(dict.get(PDFName.of('Height')))) });
          } else if (subtype === PDFName.of('Form') && depth < MAX_FORM_DEPTH && !open.has(target)) {
            const matrix = this.resolve(dict.get(PDFName.of('Matrix')));
            const m = matrix instanceof PDFArray ? matrix.asArray().map((v) => this.numberOf(v)) : [];
            const formCtm = m.length === 6 && m.every((v): v is number => v !== null) ? multiply(ctm, m) : ctm;
            const own = this.resolve(dict.get(PDFName.of('Resources')));
            open.add(target);
            this.walk(this.inflate(target) ?? new Uint8Array(), own instanceof PDFDict ? own : resources, formCtm, images, budget, depth + 1, open);
            open.delete(target);
          }
        },
        inlineImage: (pixels, ctm) => images.push({ ctm, pixels }),
      },
      budget,
    );
  }

  private resolve(value: PDFObject | undefined): PDFObject | undefined {
    return value instanceof this.lib.PDFRef ? this.doc.context.lookup(value) : value;
  }

  private numberOf(value: PDFObject | undefined): number | null {
    const resolved = this.resolve(value);
    return resolved instanceof this.lib.PDFNumber && Number.isFinite(resolved.asNumber()) ? resolved.asNumber() : null;
  }

  /** The stream's bytes, inflated when it is Flate-compressed; null for filters we do not read. */
  private inflate(stream: PDFRawStream): Uint8Array | null {
    const { PDFArray, PDFName } = this.lib;
    const filter = stream.dict.get(PDFName.of('Filter'));
    const filters = filter instanceof PDFArray ? filter.asArray() : filter ? [filter] : [];
    if (filters.length === 0) return stream.contents.subarray(0, MAX_CONTENT_BYTES);
    if (filters.length !== 1 || (filters[0] !== PDFName.of('FlateDecode') && filters[0] !== PDFName.of('Fl'))) return null;
    try {
      // Z_SYNC_FLUSH keeps what a truncated stream had; maxOutputLength stops a zip bomb.
      return inflateSync(stream.contents, { finishFlush: 2, maxOutputLength: MAX_CONTENT_BYTES });
    } catch {
      return null;
    }
  }
}

function pixelsOf(width: number | null, height: number | null): number | null {
  return width !== null && height !== null && width > 0 && height > 0 ? width * height : null;
}

function concat(parts: Array<Uint8Array | null>): Uint8Array {
  const present = parts.filter((p): p is Uint8Array => p !== null);
  const out = new Uint8Array(Math.min(MAX_CONTENT_BYTES, present.reduce((sum, p) => sum + p.length + 1, 0)));
  let offset = 0;
  for (const part of present) {
    if (offset + part.length + 1 > out.length) break;
    out.set(part, offset);
    out[offset + part.length] = 0x0a;
    offset += part.length + 1;
  }
  return out.subarray(0, offset);
}
