// De-identified PDF export of one document. The identifiers are found in each page's stored
// text (its PDF text layer or its OCR) by shared/clinical/deid, with the patient's identifiers
// the archive already knows from the document's extracted values; their characters are mapped
// to boxes through the page's stored text spans (shared/page-rects, as the reader's
// highlights), and the OCR worker draws each page as an image with those boxes burned in black
// (redacted-pdf.ts). The output has no text layer at all. Plain Node: no electron.
import type { PageText } from '../../../../shared/domain';
import { AppError, type AppErrorData } from '../../../../shared/errors';
import { detectPhiInPages, MAX_DEID_CHARS, type KnownIdentifiers, type PhiSpan, type PhiType } from '../../../../shared/clinical/deid';
import { rectsForRange, type PageRect } from '../../../../shared/page-rects';
import type { Archive } from '../archive/archive';
import type { FileStore } from '../archive/file-store';
import { knownIdentifiers } from '../../../../shared/extraction/identifiers';
import type { FieldStore } from '../extraction/field-store';
import type { OcrWorkerToService, RedactRequest } from '../ocr/ocr-protocol';
import type { RuntimeAssets } from '../runtime-assets';
import { spawnWorker } from '../spawn-worker';
import { DEFAULT_REDACT_SETTINGS, type RedactPage, type RedactSettings } from './redacted-pdf';

/** One page's plan: the boxes to black out and what they hide (for the report, never written out). */
export interface PlannedPage extends RedactPage {
  readonly identifiers: ReadonlyArray<{ readonly type: PhiType; readonly text: string }>;
  /** An identifier's characters had no box on the page: the whole page is blacked out instead. */
  readonly wholePage: boolean;
}

/**
 * A stored box runs from the baseline up by the font size (an OCR box hugs the ink), and a
 * partial run is cut at an estimated character position: grown on every side, a box also
 * covers descenders, accents and a misjudged cut by a fraction of a character.
 */
export function padRect(r: PageRect): PageRect {
  const size = r.h;
  return { x: r.x - 0.25 * size, y: r.y - 0.15 * size, w: r.w + 0.5 * size, h: r.h + 0.45 * size };
}

/** Identifier characters that are not blanks and sit in no stored span cannot be boxed. */
function unplaced(page: Pick<PageText, 'text' | 'spans'>, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    if (/\s/.test(page.text[i]!)) continue;
    if (!page.spans.some(([s, e]) => s <= i && i < e)) return true;
  }
  return false;
}

type PlanPage = Pick<PageText, 'number' | 'width' | 'height' | 'text' | 'spans'>;

/** Each page's boxes: the identifiers are found page by page, and names found on one page are sought on all. */
export function redactionPlan(pages: readonly PlanPage[], known: KnownIdentifiers): PlannedPage[] {
  const long = pages.find((p) => p.text.length > MAX_DEID_CHARS);
  if (long) throw new AppError('unsupported', `Page ${long.number} holds more text than the de-identifier reads at once.`);
  const found = detectPhiInPages(pages.map((p) => p.text), known);
  return pages.map((page, i) => pagePlan(page, found[i]!));
}

function pagePlan(page: PlanPage, found: readonly PhiSpan[]): PlannedPage {
  const identifiers = found.map((s) => ({ type: s.type, text: s.text }));
  if (found.some((s) => unplaced(page, s.start, s.end))) {
    const side = Math.max(page.width, page.height);
    return { number: page.number, rects: [{ x: 0, y: 0, w: side, h: side }], identifiers, wholePage: true };
  }
  const rects = found.flatMap((s) => rectsForRange(page.spans, s.start, s.end)).map(padRect);
  return { number: page.number, rects, identifiers, wholePage: false };
}

export interface DeidPdfExportDeps {
  readonly archive: Archive;
  readonly files: FileStore;
  readonly fields: FieldStore;
  /** The compiled OCR worker entry (ocr-worker.js), or ocr-worker.ts under tsx: it draws the pages. */
  readonly workerEntry: string;
  readonly assets: Pick<RuntimeAssets, 'ocr' | 'pdfjs'>;
  readonly settings?: Partial<RedactSettings>;
  /** Longest the drawing may take per page, on top of a fixed minute. */
  readonly pageTimeoutMs?: number;
}

export interface DeidPdfResult {
  /** document-<id>-deidentified.pdf: the original file name may itself name the patient. */
  readonly fileName: string;
  readonly data: Uint8Array;
  readonly pages: number;
  /** Identifiers found and boxes drawn over all pages. */
  readonly identifiers: number;
  readonly boxes: number;
  /** Pages blacked out whole because an identifier on them had no position. */
  readonly wholePages: readonly number[];
}

export class DeidPdfExporter {
  constructor(private readonly deps: DeidPdfExportDeps) {}

  /** The identifiers the archive knows for the document's patient: from its extracted values. */
  knownFor(documentId: number): KnownIdentifiers {
    return knownIdentifiers(this.deps.fields.valuesOf(documentId));
  }

  /** Every stored page's boxes; refuses a document that is not fully read (its identifiers could not all be found). */
  plan(documentId: number): PlannedPage[] {
    const { archive } = this.deps;
    const doc = archive.getDocument(documentId);
    if (doc.status !== 'ready') throw new AppError('unsupported', `Document ${documentId} is ${doc.status === 'failed' ? 'a failed import' : 'still importing'}: it has no pages to export.`);
    const waiting = archive.pagesAwaitingOcr(documentId);
    if (waiting.length > 0) {
      throw new AppError('unsupported', `Page ${waiting.join(', ')} ${waiting.length === 1 ? 'has' : 'have'} not been read by OCR yet, so identifiers on ${waiting.length === 1 ? 'it' : 'them'} cannot be found. Run OCR first.`);
    }
    const known = this.knownFor(documentId);
    const pages = archive.listPages(documentId);
    if (pages.length === 0) throw new AppError('empty_pdf', `Document ${documentId} has no pages.`);
    return redactionPlan(pages.map((p) => archive.getPage(documentId, p.number)), known);
  }

  async export(documentId: number, options: { password?: string } = {}): Promise<DeidPdfResult> {
    const planned = this.plan(documentId);
    const doc = this.deps.archive.getDocument(documentId);
    const data = await this.draw({
      type: 'redact',
      id: 1,
      file: this.deps.files.source(doc.sha256),
      ...(options.password !== undefined ? { password: options.password } : {}),
      pages: planned.map(({ number, rects }) => ({ number, rects })),
      assets: this.deps.assets.ocr,
      settings: { ...DEFAULT_REDACT_SETTINGS, ...this.deps.settings },
    });
    return {
      fileName: `document-${documentId}-deidentified.pdf`,
      data,
      pages: planned.length,
      identifiers: planned.reduce((n, p) => n + p.identifiers.length, 0),
      boxes: planned.reduce((n, p) => n + p.rects.length, 0),
      wholePages: planned.filter((p) => p.wholePage).map((p) => p.number),
    };
  }

  /** One worker for one export: a hostile file costs that worker's heap and time, not the app's. */
  private draw(request: RedactRequest): Promise<Uint8Array> {
    const worker = spawnWorker(this.deps.workerEntry, { maxOldGenerationSizeMb: 2048 }, this.deps.assets.pdfjs.modules);
    const limitMs = 60_000 + request.pages.length * (this.deps.pageTimeoutMs ?? 30_000);
    return new Promise<Uint8Array>((resolve, reject) => {
      let settled = false;
      const finish = (error: AppErrorData | null, data?: Uint8Array) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        void worker.terminate();
        if (error) reject(new AppError(error.code, error.message));
        else resolve(data!);
      };
      const timer = setTimeout(() => finish({ code: 'timeout', message: `Drawing the de-identified PDF took longer than ${Math.round(limitMs / 1000)} s and was stopped.` }), limitMs);
      worker.on('message', (msg: OcrWorkerToService) => {
        if (msg.type === 'redacted') finish(null, msg.data);
        else if (msg.type === 'failed') finish(msg.error);
      });
      worker.on('error', (err) => finish({ code: 'internal', message: `The page drawing worker failed: ${err.message}` }));
      worker.on('exit', () => finish({ code: 'internal', message: 'The page drawing worker stopped unexpectedly (out of memory?).' }));
      worker.postMessage(request);
    });
  }
}
