// Worker-thread entry: opens one PDF at a time with pdf.js and reads the pages the reader
// asks for (text in reading order plus spans). Never touches the database.
import { parentPort } from 'node:worker_threads';
import { AppError, type AppErrorData } from '../../../../shared/errors';
import { readStoredFile, type StoredFileRef } from '../archive/crypto/stored-file';
import type { NewPage } from './page';
import type { OpenRequest, ReaderToWorker, WorkerToReader } from './extract-protocol';
import { imageCoverage } from './image-coverage';
import { layoutPage, type LayoutItem, type Matrix } from './page-layout';
import { describeNonPdf, hasPdfHeader, knownNonPdf } from './sniff';
import { PageImages } from './page-images';
import { needsOcr } from './text-quality';
import { pdfjsDocumentOptions } from './pdfjs-options';

type PdfDoc = import('pdfjs-dist/types/src/display/api').PDFDocumentProxy;

const port = parentPort;
if (!port) throw new Error('pdf-worker must run in a worker thread');

// pdf.js can leave a rejected promise nobody awaits (a damaged xref entry met while it
// prefetches), even though every page still reads. That must not end the thread: what the
// file really cannot do fails through the awaited calls, and a stall through the time limit.
process.on('unhandledRejection', () => undefined);

/**
 * A page with less text than this is asked whether images cover most of it (a scan with a
 * few stamps on top); longer pages are never, as that means reading the file's objects again.
 */
const SHORT_TEXT_CHARS = 300;
/** Share of the page that images must cover for a short text layer to count as a scan's. */
const SCAN_COVERAGE = 0.5;
/** Scans are 150 ppi and up (faxes 200); a background picture or watermark is usually less. */
const SCAN_MIN_PPI = 140;

let doc: PdfDoc | null = null;
/** The open file (and its key), and its images once a page first asks (see mostlyImage). */
let docFile: StoredFileRef | null = null;
let pageImages: Promise<PageImages | null> | null = null;

function send(msg: WorkerToReader): void {
  port!.postMessage(msg);
}

// One message at a time, in order: the reader sends the next page (or the close) before this
// one is read, so the thread never waits on the main thread between pages.
let queue: Promise<void> = Promise.resolve();
port.on('message', (msg: ReaderToWorker) => {
  queue = queue.then(() =>
    handle(msg).catch((err: unknown) =>
      send({
        type: 'failed',
        error: isAppError(err) ? { code: err.code, message: err.message } : { code: 'corrupt_pdf', message: `The PDF could not be read: ${(err as Error)?.message ?? String(err)}` },
      }),
    ),
  );
});

async function handle(msg: ReaderToWorker): Promise<void> {
  switch (msg.type) {
    case 'open':
      return send(await open(msg));
    case 'read':
      return send({ type: 'page', page: await readPage(doc!, msg.number) });
    case 'close': {
      const closing = doc;
      doc = null;
      docFile = null;
      pageImages = null;
      await closing?.destroy();
      return send({ type: 'closed' });
    }
    default:
      msg satisfies never;
  }
}

async function open(req: OpenRequest): Promise<WorkerToReader> {
  await doc?.destroy();
  doc = null;
  pageImages = null;
  docFile = req.file;
  const data = await readStoredFile(req.file);
  if (data.byteLength === 0) return fail('empty_file', 'The file is empty (0 bytes).');
  // pdf.js takes ownership of `data` (detaches it); keep what error messages need.
  const head = data.slice(0, 1024);
  // Known other formats are refused at once; anything else gets pdf.js's lenient parser.
  const other = hasPdfHeader(head) ? null : knownNonPdf(head);
  if (other) return fail('not_pdf', `This is not a PDF: it looks like ${other}.`);
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument(pdfjsDocumentOptions(data, req.password, req));
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy();
    return openError(err, head);
  }
  if (doc.numPages === 0) return fail('empty_pdf', 'The PDF has no pages.');
  return { type: 'opened', pageCount: doc.numPages, metadata: await readMetadata(doc) };
}

async function readPage(pdf: PdfDoc, number: number): Promise<NewPage> {
  try {
    const page = await pdf.getPage(number);
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const items = content.items.filter((item): item is LayoutItem & typeof item => 'str' in item);
    const { text, spans } = layoutPage(items, viewport.transform as unknown as Matrix);
    const visible = text.replace(/\s+/g, '').length;
    const scan = needsOcr(text) || (visible < SHORT_TEXT_CHARS && (await mostlyImage(number, viewport.width * viewport.height)));
    page.cleanup();
    return {
      number,
      text,
      spans,
      width: Math.round(viewport.width * 100) / 100,
      height: Math.round(viewport.height * 100) / 100,
      hasTextLayer: visible > 0,
      needsOcr: scan,
    };
  } catch {
    // One damaged page should not sink the document: keep it, empty, for OCR to retry.
    return { number, text: '', spans: [], width: 612, height: 792, hasTextLayer: false, needsOcr: true };
  }
}

/**
 * Images cover most of the page: its few characters are stamps on a scan. Read from the
 * content stream, not pdf.js's operator list, which decodes every image (a hostile image
 * header made that spin). The file is read a second time, once, when a page first asks.
 */
async function mostlyImage(number: number, area: number): Promise<boolean> {
  if (!docFile) return false;
  const file = docFile;
  pageImages ??= readStoredFile(file).then((bytes) => PageImages.load(bytes), () => null);
  const images = (await pageImages)?.placements(number - 1);
  return images ? imageCoverage(images, area, SCAN_MIN_PPI) >= SCAN_COVERAGE : false;
}

async function readMetadata(pdf: PdfDoc): Promise<Record<string, string>> {
  try {
    const { info } = await pdf.getMetadata();
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(info as Record<string, unknown>)) {
      if (typeof value === 'string' && value.trim()) out[key] = value.trim().slice(0, 1000);
      else if (typeof value === 'boolean' && value) out[key] = 'true';
    }
    return out;
  } catch {
    return {};
  }
}

function openError(err: unknown, head: Uint8Array): WorkerToReader {
  const e = err as { name?: string; code?: number; message?: string };
  if (e.name === 'PasswordException') {
    return e.code === 2
      ? fail('password_incorrect', 'The password is incorrect.')
      : fail('password_required', 'This PDF is protected by a password. Enter it to import the file.');
  }
  if (!hasPdfHeader(head)) return fail('not_pdf', `This is not a PDF: it looks like ${describeNonPdf(head)}.`);
  return fail('corrupt_pdf', `The PDF is damaged and cannot be read (${e.message ?? 'unknown error'}).`);
}

function fail(code: AppErrorData['code'], message: string): WorkerToReader {
  return { type: 'failed', error: { code, message } };
}

/** An AppError thrown in this thread (file_damaged from decryption), by shape as well as class. */
function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
