// Worker-thread entry for OCR: keeps one PDF open (pdf.js) and one tesseract engine, and for
// each page it is asked for renders it, turns it upright and reads it. Asked to redact, it
// draws the de-identified PDF instead (services/deid/redacted-pdf.ts). Never touches the
// database; the service writes what it answers. One page at a time.
import { parentPort } from 'node:worker_threads';
import { AppError, type AppErrorData } from '../../../../shared/errors';
import { rotate, type Rotation } from './gray-image';
import { ocrText } from './ocr-layout';
import type { OcrPageResult, OcrWorkerToService, RecognizeRequest, RedactRequest, ServiceToOcrWorker } from './ocr-protocol';
import { redactedPdf } from '../deid/redacted-pdf';
import { Recognizer } from './recognizer';
import { renderPage } from './render-page';
import { pdfjsDocumentOptions } from '../pdf/pdfjs-options';
import { readStoredFile } from '../archive/crypto/stored-file';

type PdfDoc = import('pdfjs-dist/types/src/display/api').PDFDocumentProxy;

const port = parentPort;
if (!port) throw new Error('ocr-worker must run in a worker thread');

let open: { key: string; doc: PdfDoc } | null = null;
let recognizer: Promise<Recognizer> | null = null;

function send(msg: OcrWorkerToService): void {
  port!.postMessage(msg);
}

port.on('message', (msg: ServiceToOcrWorker) => {
  const failed = (err: unknown) => send({ type: 'failed', id: msg.id, error: errorData(err) });
  if (msg.type === 'redact') {
    void redact(msg).then((data) => port!.postMessage({ type: 'redacted', id: msg.id, data } satisfies OcrWorkerToService, [data.buffer as ArrayBuffer]), failed);
    return;
  }
  void recognize(msg).then((page) => send({ type: 'done', id: msg.id, page }), failed);
});

async function redact(req: RedactRequest): Promise<Uint8Array> {
  const doc = await openDocument(req);
  try {
    return await redactedPdf(doc, req.pages, req.settings);
  } catch (err) {
    if (err instanceof AppError) throw err;
    // Not the library's message: it may quote the document.
    throw new AppError('corrupt_pdf', 'The de-identified PDF could not be drawn: a page of the PDF could not be rendered.');
  }
}

async function recognize(req: RecognizeRequest): Promise<OcrPageResult> {
  const doc = await openDocument(req);
  const engine = await engineFor(req);

  let started = performance.now();
  const page = await doc.getPage(req.number);
  let rendered;
  try {
    rendered = await renderPage(page, req.settings.dpi, req.settings.maxPixels);
  } catch (err) {
    throw new AppError('ocr_failed', `Page ${req.number} could not be drawn for OCR: ${(err as Error)?.message ?? String(err)}`);
  } finally {
    page.cleanup();
  }
  const renderMs = performance.now() - started;
  const dpi = rendered.scale * 72;

  started = performance.now();
  const rotation: Rotation = req.settings.detectOrientation ? await engine.orientation(rendered.image, dpi) : 0;
  const orientMs = performance.now() - started;

  started = performance.now();
  const reading = await engine.read(rotate(rendered.image, rotation), dpi);
  const recognizeMs = performance.now() - started;

  const result = ocrText(reading.paragraphs, {
    rotation,
    imageWidth: rendered.image.width,
    imageHeight: rendered.image.height,
    scale: rendered.scale,
    pageWidth: rendered.pageWidth,
    pageHeight: rendered.pageHeight,
  });
  return { number: req.number, ...result, rotation, scale: rendered.scale, renderMs, orientMs, recognizeMs };
}

async function openDocument(req: RecognizeRequest | RedactRequest): Promise<PdfDoc> {
  const key = `${req.file.path}\u0000${req.password ?? ''}`;
  if (open?.key === key) return open.doc;
  const previous = open;
  open = null;
  await previous?.doc.destroy();
  let data: Uint8Array;
  try {
    data = await readStoredFile(req.file);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('io_error', `The archived PDF could not be read: ${(err as Error).message}`);
  }
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const { assets } = req;
  const task = pdfjs.getDocument(pdfjsDocumentOptions(data, req.password, assets));
  try {
    const doc = await task.promise;
    open = { key, doc };
    return doc;
  } catch (err) {
    await task.destroy();
    const e = err as { name?: string; code?: number; message?: string };
    if (e.name === 'PasswordException') {
      throw e.code === 2
        ? new AppError('password_incorrect', 'The password is incorrect.')
        : new AppError('password_required', 'This PDF is protected by a password. Enter it to go on.');
    }
    throw new AppError('corrupt_pdf', `The PDF is damaged and cannot be read (${e.message ?? 'unknown error'}).`);
  }
}

/** The engine starts with the first page and serves every page after it. */
function engineFor(req: RecognizeRequest): Promise<Recognizer> {
  recognizer ??= Recognizer.create({ langPath: req.assets.langPath, workerPath: req.assets.tesseractWorker }).catch((err: unknown) => {
    recognizer = null;
    throw new AppError('ocr_failed', `The OCR engine could not start: ${err instanceof Error ? err.message : String(err)}`);
  });
  return recognizer;
}

function errorData(err: unknown): AppErrorData {
  if (err instanceof AppError) return err.toData();
  return { code: 'ocr_failed', message: `OCR failed: ${err instanceof Error ? err.message : String(err)}` };
}
