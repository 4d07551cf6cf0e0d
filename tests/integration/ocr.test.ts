// OCR through the real services: a generated scan (image-only pages, one turned a quarter,
// one with a header stamp as its only text, and an ordinary text page) is imported, then
// read by tesseract.js in worker threads. Checks that the words become searchable with
// spans on the page, that the work is resumable page by page (a cancel mid-page loses only
// that page, a re-run reads only what is left, nothing is written twice), the time limit
// and the errors. With the team corpus, a real scanned opinion (A18) too.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentRecord } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import { FieldStore } from '../../electron/main/services/extraction/field-store';
import { OcrService } from '../../electron/main/services/ocr/ocr-service';
import { runtimeAssets } from '../../electron/main/services/runtime-assets';
import { SOURCE_ENTRIES } from '../../electron/main/source-entries';
import { buildPdf, type PdfObject } from '../fixtures/pdfs';
import { scannedPdf, SCAN_LINES } from '../fixtures/scans';
import { checkIntegrity, CORPUS_DIR, HAS_CORPUS, HEALTHY, openTempArchive, pageCountOf, removeDir, tempDir, writeFiles, type TempArchive } from '../helpers/temp-archive';

let archive: TempArchive;
const services = () => archive.services;

async function importPdf(name: string, data: Uint8Array): Promise<DocumentRecord> {
  const [outcome] = await services().importer.importMany([{ key: name, name, data }]);
  if (outcome?.kind !== 'imported') throw new Error(`import failed: ${JSON.stringify(outcome)}`);
  return outcome.document;
}

function codeOf(err: unknown): string {
  return err instanceof AppError ? err.code : String(err);
}

beforeAll(async () => {
  archive = await openTempArchive({ ocrConcurrency: 1 });
});

afterAll(async () => {
  await archive?.dispose();
});

describe('OCR of a scanned document', () => {
  let doc: DocumentRecord;

  beforeAll(async () => {
    doc = await importPdf(
      'scan.pdf',
      scannedPdf([
        { scan: SCAN_LINES },
        { text: ['A page with a real text layer that OCR leaves alone.'] },
        { scan: SCAN_LINES, turn: 90 },
        { scan: SCAN_LINES, stamp: 'Case 4:08-cv-02214 Document 27 Filed 02/03/09 Page 4 of 4' },
      ]),
    );
  });

  it('is imported with the scanned pages (and the stamped one) waiting for OCR', () => {
    expect(doc.pagesNeedingOcr).toBe(3);
    expect(services().ocr.pagesToRecognize(doc.id)).toEqual([1, 3, 4]);
    expect(services().archive.search('Northwind', 50, doc.id)).toEqual([]);
    expect(services().archive.listPages(doc.id)[0]).toMatchObject({ textSource: 'pdf', ocrConfidence: null, needsOcr: true });
  });

  it('loses only the page in progress when cancelled mid-page, and writes nothing of it', async () => {
    const controller = new AbortController();
    const run = services().ocr.recognizeDocument(doc.id, {
      signal: controller.signal,
      // The next page is on its way to the worker when the first is written: cancel during it.
      onPage: (done) => done === 1 && setTimeout(() => controller.abort(), 50),
    });
    await expect(run).rejects.toSatisfy((err) => codeOf(err) === 'cancelled');
    expect(services().ocr.pagesToRecognize(doc.id)).toEqual([3, 4]);
    expect(services().archive.getDocument(doc.id).pagesNeedingOcr).toBe(2);
    const page3 = services().archive.getPage(doc.id, 3);
    expect(page3).toMatchObject({ textSource: 'pdf', text: '', spans: [], needsOcr: true });
    expect(pageCountOf(services().db, doc.id)).toBe(4);
  });

  it('resumes with the pages still waiting, reporting progress over those', async () => {
    const progress: Array<[number, number]> = [];
    const outcome = await services().ocr.recognizeDocument(doc.id, { onPage: (done, total) => progress.push([done, total]) });
    expect(progress).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(outcome.pages).toBe(2);
    expect(outcome.keptPdfText).toBe(0);
    // Page 4's stamp (its only text layer) stays, exact, in front of what OCR read.
    expect(outcome.mergedPdfText).toBe(1);
    expect(outcome.rotatedPages).toEqual([[3, 270]]);
    expect(outcome.meanConfidence).toBeGreaterThan(80);
    expect(services().archive.getDocument(doc.id).pagesNeedingOcr).toBe(0);
    expect(pageCountOf(services().db, doc.id)).toBe(4);
  });

  it('makes the words searchable on every scanned page, the turned one included', () => {
    for (const word of ['Northwind', 'Delaware', 'salary']) {
      expect(services().archive.search(word, 50, doc.id).map((h) => h.page), word).toEqual([1, 3, 4]);
    }
    expect(services().archive.search('"chief engineer"', 50, doc.id).map((h) => h.page)).toEqual([1, 3, 4]);
  });

  it('stores OCR text with its confidence and spans inside the page, like a text layer', () => {
    for (const number of [1, 3, 4]) {
      const page = services().archive.getPage(doc.id, number);
      expect(page, `page ${number}`).toMatchObject({ textSource: 'ocr', needsOcr: false, hasTextLayer: number === 4 });
      expect(page.ocrConfidence).toBeGreaterThan(80);
      expect(page.text).toContain('Governing law');
      let previousEnd = 0;
      for (const [start, end, x, y, w, h] of page.spans) {
        expect(start).toBeGreaterThanOrEqual(previousEnd);
        expect(end).toBeGreaterThan(start);
        expect(page.text[start]).not.toMatch(/\s/);
        expect(x).toBeGreaterThanOrEqual(0);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(x + w).toBeLessThanOrEqual(page.width + 0.01);
        expect(y + h).toBeLessThanOrEqual(page.height + 0.01);
        previousEnd = end;
      }
    }
    // "Northwind" on the upright page sits where the fixture drew it: second line, 16 pt type.
    const page1 = services().archive.getPage(doc.id, 1);
    const at = page1.text.indexOf('Northwind');
    const span = page1.spans.find(([start]) => start === at)!;
    expect(span[3]).toBeGreaterThan(125);
    expect(span[3]).toBeLessThan(150);
    expect(span[5]).toBeGreaterThan(8);
    expect(span[5]).toBeLessThan(20);
    // On the page turned a quarter, words run down the page: boxes taller than wide.
    const page3 = services().archive.getPage(doc.id, 3);
    const long = page3.spans.filter(([start, end]) => end - start >= 8);
    expect(long.length).toBeGreaterThan(3);
    for (const [, , , , w, h] of long) expect(h).toBeGreaterThan(w);
    expect(services().archive.getPage(doc.id, 4).text.startsWith('Case 4:08-cv-02214 Document 27 Filed 02/03/09 Page 4 of 4\n')).toBe(true);
    // The text page was never touched.
    expect(services().archive.getPage(doc.id, 2)).toMatchObject({ textSource: 'pdf', text: 'A page with a real text layer that OCR leaves alone.' });
  });

  it('exposes the confidence to extraction evidence', () => {
    const pages = new FieldStore(services().db, services().archive).pageSource(doc.id);
    expect(pages.ocrConfidence?.(1)).toBe(services().archive.getPage(doc.id, 1).ocrConfidence);
    expect(pages.ocrConfidence?.(2)).toBeNull();
  });

  it('does nothing when run again', async () => {
    const before = services().archive.getPage(doc.id, 1);
    const outcome = await services().ocr.recognizeDocument(doc.id);
    expect(outcome).toMatchObject({ pages: 0, keptPdfText: 0 });
    expect(outcome.meanConfidence).toBeGreaterThan(80);
    expect(services().archive.getPage(doc.id, 1)).toEqual(before);
    expect(checkIntegrity(services().db)).toEqual(HEALTHY);
  });
});

describe('a scan under a few stamps, told without decoding its images', () => {
  /** A page painting one image (`imageDict`) over the whole page, maybe inside a form, with a stamp on top. */
  function stampedPdf(imageDict: string, { inForm = false }: { inForm?: boolean } = {}): Uint8Array {
    const paint = 'q 612 0 0 792 0 0 cm /Im1 Do Q';
    const shared: PdfObject[] = [
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
      { dict: `/Type /XObject /Subtype /Image ${imageDict}`, stream: new Uint8Array(4096) },
      { dict: '/Type /XObject /Subtype /Form /BBox [0 0 1 1] /Matrix [1 0 0 1 0 0] /Resources << /XObject << /Im1 5 0 R >> >>', stream: paint },
    ];
    return buildPdf({
      info: { Title: 'Stamped scan' },
      shared,
      pages: [
        {
          content: `${inForm ? 'q /Fm1 Do Q' : paint}\nBT /F1 9 Tf 36 770 Td (Filed 02/03/09 Page 1 of 1) Tj ET`,
          resources: '/Font << /F1 4 0 R >> /XObject << /Im1 5 0 R /Fm1 6 0 R >>',
        },
      ],
    });
  }

  it('imports a scan whose image header is absurd (/BitsPerComponent 2^31) at once, its page waiting for OCR', async () => {
    // Through pdf.js's operator list this image's decoder spun until the file's time limit.
    const doc = await importPdf('absurd-bpc.pdf', stampedPdf('/Width 1275 /Height 1650 /ColorSpace /DeviceRGB /BitsPerComponent 2147483648'));
    expect(doc.pagesNeedingOcr).toBe(1);
    expect(services().archive.listPages(doc.id)[0]).toMatchObject({ hasTextLayer: true, needsOcr: true });
  });

  it('finds the scan inside a form XObject, and leaves a faint background picture alone', async () => {
    const inForm = await importPdf('form-scan.pdf', stampedPdf('/Width 1275 /Height 1650 /ColorSpace /DeviceGray /BitsPerComponent 8', { inForm: true }));
    expect(inForm.pagesNeedingOcr).toBe(1);
    const faint = await importPdf('faint.pdf', stampedPdf('/Width 400 /Height 520 /ColorSpace /DeviceGray /BitsPerComponent 8'));
    expect(faint.pagesNeedingOcr).toBe(0);
  });
});

describe('OCR errors', () => {
  it('stops a page that passes the time limit, and keeps it for the next run', async () => {
    const doc = await importPdf('slow.pdf', scannedPdf([{ scan: ['A page that takes too long to read.'] }], { title: 'Slow' }));
    const impatient = new OcrService({
      archive: services().archive,
      files: services().files,
      workerEntry: SOURCE_ENTRIES.ocrWorker,
      assets: runtimeAssets(),
      concurrency: 1,
      pageTimeoutMs: 200,
    });
    try {
      const run = impatient.recognizeDocument(doc.id);
      await expect(run).rejects.toSatisfy((err) => codeOf(err) === 'timeout' && /page 1/.test((err as Error).message));
      expect(impatient.pagesToRecognize(doc.id)).toEqual([1]);
    } finally {
      await impatient.dispose();
    }
  });

  it('fails with io_error when the archived file is gone, and not_found for an unknown document', async () => {
    const doc = await importPdf('gone.pdf', scannedPdf([{ scan: ['This file will be removed.'] }], { title: 'Gone' }));
    fs.rmSync(services().files.pathFor(doc.sha256));
    await expect(services().ocr.recognizeDocument(doc.id)).rejects.toSatisfy((err) => codeOf(err) === 'io_error');
    expect(services().ocr.pagesToRecognize(doc.id)).toEqual([1]);
    await expect(services().ocr.recognizeDocument(999_999)).rejects.toSatisfy((err) => codeOf(err) === 'not_found');
  });

  it('refuses to start once disposed', async () => {
    const ocr = new OcrService({ archive: services().archive, files: services().files, workerEntry: SOURCE_ENTRIES.ocrWorker, assets: runtimeAssets(), concurrency: 1 });
    await ocr.dispose();
    await expect(ocr.recognizeDocument(1)).rejects.toSatisfy((err) => codeOf(err) === 'cancelled');
  });
});

describe.skipIf(!HAS_CORPUS)('OCR of a real scan (A18, a Supreme Court slip opinion)', () => {
  it('makes page 1 searchable for words printed on it, with high confidence', async () => {
    const file = path.join(CORPUS_DIR, 'adversarial', 'A18_scanned_scotus_opinion_no_text.pdf');
    const doc = await importPdf('A18.pdf', new Uint8Array(fs.readFileSync(file)));
    expect(doc.pagesNeedingOcr).toBe(2);
    const outcome = await services().ocr.recognizeDocument(doc.id);
    expect(outcome.pages).toBe(2);
    for (const word of ['Tarrant', 'Syllabus', 'Supreme', 'certiorari']) {
      expect(services().archive.search(word, 50, doc.id).map((h) => h.page), word).toContain(1);
    }
    expect(services().archive.getPage(doc.id, 1).ocrConfidence).toBeGreaterThan(85);
  });
});

// Issue 12: a scan has no text at import, so its domain was guessed from nothing ("other") and
// stayed so. The OCR job guesses again from what it read; a domain chosen by hand stays.
describe('the domain of a scan, guessed again after OCR', () => {
  const CLINICAL = [
    'DISCHARGE SUMMARY',
    'Patient: Jane Smith. Physician: Dr. Alan Grant.',
    'Diagnosis: community acquired pneumonia.',
    'Medications: amoxicillin 500 mg tablets, three times daily.',
    'The patient was admitted to the hospital with symptoms',
    'of fever and cough. Treatment and therapy were given.',
  ];

  it('is medical for a scanned clinical record once read, and keeps a domain the user set', async () => {
    const scan = await importPdf('clinical-scan.pdf', scannedPdf([{ scan: CLINICAL }], { title: 'Clinical scan' }));
    const chosen = await importPdf('clinical-chosen.pdf', scannedPdf([{ scan: CLINICAL }], { title: 'Clinical scan, domain chosen' }));
    expect(scan.domain).toBe('other');
    services().archive.updateDocument(chosen.id, { domain: 'legal' });
    const changed: number[] = [];
    const off = services().events.subscribe((name, payload) => {
      if (name === 'documents:changed') changed.push(...(payload as { ids: number[] }).ids);
    });
    try {
      services().jobs.start({ watch: false });
      expect(services().jobs.queueOcr([scan.id, chosen.id])).toHaveLength(2);
      await services().jobs.idle();
    } finally {
      off();
    }
    expect(services().archive.getDocument(scan.id)).toMatchObject({ domain: 'medical', pagesNeedingOcr: 0 });
    expect(services().archive.getDocument(chosen.id)).toMatchObject({ domain: 'legal', pagesNeedingOcr: 0 });
    // The library hears of it (its domain and OCR columns change).
    expect(changed).toEqual(expect.arrayContaining([scan.id, chosen.id]));
  }, 120_000);
});

describe('a protected scan in a batch', () => {
  const PASSWORD = 'Wombat-Clementine-2290';

  it('asks for its password once: the import given it hands it to the OCR that follows, and to nothing else', async () => {
    const dir = tempDir('abstractor-protected-scan-');
    try {
      writeFiles(dir, { 'locked-scan.pdf': scannedPdf([{ scan: ['Sealed discharge note for the ward.'] }], { title: 'Locked scan', password: PASSWORD }) });
      const { jobs } = services();
      jobs.start({ watch: false });
      const { batch } = await jobs.startBatch({ paths: [dir], options: { template: null, summarize: false, modelPath: null } });
      await jobs.idle();
      const failed = jobs.batch(batch.id).files[0]!;
      expect(failed).toMatchObject({ state: 'failed', step: 'import', error: { code: 'password_required' } });

      const imported = await jobs.retryWithPassword(failed.failedJobId!, PASSWORD);
      expect(imported).toMatchObject({ kind: 'import', state: 'done' });
      await jobs.idle();
      const file = jobs.batch(batch.id).files[0]!;
      // The OCR ran with the password: done, not failed asking for it again.
      expect(file).toMatchObject({ state: 'done' });
      expect(jobs.batch(batch.id).batch.counts).toMatchObject({ needsPassword: 0, failed: 0 });
      const ocrJob = file.jobIds.map((id) => jobs.store.get(id)!).find((j) => j.kind === 'ocr');
      expect(ocrJob).toMatchObject({ state: 'done' });
      expect(services().archive.getDocument(file.documentId!)).toMatchObject({ pagesNeedingOcr: 0 });
      expect(services().archive.searchPages('discharge', 5, { documentId: file.documentId! }).total).toBe(1);
      // Handed over once: nothing of it stays in the service's memory.
      const held = jobs as unknown as { passwords: Map<number, string>; importPasswords: Map<number, string>; ocrPasswords: Map<number, string> };
      expect([held.passwords.size, held.importPasswords.size, held.ocrPasswords.size]).toEqual([0, 0, 0]);
    } finally {
      removeDir(dir);
    }
  }, 120_000);
});
