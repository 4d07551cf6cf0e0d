// pdf.js set-up for the renderer: the worker, bundled data files, CSP-friendly options, and
// loading a document by ranges. The only module that calls getDocument.
import { getDocument, GlobalWorkerOptions, PDFDataRangeTransport, PDFWorker, type PDFDocumentLoadingTask } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { PDF_RANGE_MAX_BYTES } from '../../../../shared/pdf-range';
import { BundledDataFactory } from './pdf-assets';

GlobalWorkerOptions.workerSrc = workerUrl;

// One worker for every document: starting one (fetching and compiling 1.2 MB of script)
// costs more than drawing a page, so it is started once, ahead of the first document.
let sharedWorker: PDFWorker | null = null;

function pdfWorker(): PDFWorker {
  if (!sharedWorker || sharedWorker.destroyed) sharedWorker = new PDFWorker();
  return sharedWorker;
}

/** Starts the pdf.js worker now, so opening the first document does not wait for it. */
export function warmUpPdfWorker(): void {
  pdfWorker();
}

const DOCUMENT_OPTIONS = {
  BinaryDataFactory: BundledDataFactory,
  useWorkerFetch: false,
  // The bundled standard fonts render the same on every machine.
  useSystemFonts: false,
  // The CSP forbids eval; without this pdf.js probes it and logs a violation.
  isEvalSupported: false,
  enableXfa: false,
} as const;

export function openPdf(bytes: Uint8Array): PDFDocumentLoadingTask {
  // pdf.js transfers (detaches) the buffer it is given: hand it a copy.
  return getDocument({ ...DOCUMENT_OPTIONS, data: bytes.slice(), worker: pdfWorker() });
}

/** Reads bytes [begin, end) of the document; may fail. */
export type ReadRange = (begin: number, end: number) => Promise<Uint8Array>;

// pdf.js asks for 64 KiB pieces by default; larger ones mean fewer round trips to the backend.
const RANGE_CHUNK_BYTES = 256 * 1024;

/**
 * Opens a document of `size` bytes whose first bytes are `initial`, reading the rest by ranges
 * as pdf.js needs them: page 1 is drawn once its objects are here, not the whole file; pages
 * not visited are never read (no auto-fetch), so a long scan is not held in memory whole.
 * `onError` hears a range that could not be read (pdf.js would wait for it forever).
 */
export function openPdfByRanges(size: number, initial: Uint8Array, readRange: ReadRange, onError: (err: unknown) => void): PDFDocumentLoadingTask {
  const transport = new RangeTransport(size, initial, readRange, onError);
  return getDocument({
    ...DOCUMENT_OPTIONS,
    range: transport,
    length: size,
    rangeChunkSize: RANGE_CHUNK_BYTES,
    disableAutoFetch: true,
    disableStream: true,
    worker: pdfWorker(),
  });
}

class RangeTransport extends PDFDataRangeTransport {
  private aborted = false;

  constructor(
    length: number,
    initial: Uint8Array,
    private readonly readRange: ReadRange,
    private readonly onError: (err: unknown) => void,
  ) {
    super(length, initial);
  }

  override requestDataRange(begin: number, end: number): void {
    readPieces(this.readRange, begin, end).then(
      (data) => {
        if (!this.aborted) this.onDataRange(begin, data);
      },
      (err: unknown) => {
        if (!this.aborted) this.onError(err);
      },
    );
  }

  override abort(): void {
    this.aborted = true;
  }
}

/** One range, asked for in pieces the contract allows, delivered whole (pdf.js wants one answer). */
async function readPieces(readRange: ReadRange, begin: number, end: number): Promise<Uint8Array> {
  if (end - begin <= PDF_RANGE_MAX_BYTES) return checked(await readRange(begin, end), end - begin);
  const out = new Uint8Array(end - begin);
  for (let at = begin; at < end; at += PDF_RANGE_MAX_BYTES) {
    const stop = Math.min(end, at + PDF_RANGE_MAX_BYTES);
    out.set(checked(await readRange(at, stop), stop - at), at - begin);
  }
  return out;
}

function checked(data: Uint8Array, expected: number): Uint8Array {
  if (data.length !== expected) throw new Error(`The PDF changed while it was being read (${data.length} of ${expected} bytes).`);
  return data;
}
