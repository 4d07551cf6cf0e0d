// De-identified PDF export end to end (real archive, real pdf.js, the real OCR worker drawing
// the pages). A generated clinic note carries a name, date of birth, MRN, phone, e-mail and an
// address with ZIP on its page, the patient's name in its Info and XMP metadata, and an
// attachment; the export must keep none of them in its text layer, metadata, attachments or
// bytes (streams inflated), and must have solid black where each identifier was while the
// clinical words around them are still drawn. The input is checked to carry all of them, so
// the test can fail. With the team corpus, the medical PDFs too.
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { createDispatcher } from '../../electron/main/api/dispatcher';
import { createHandlers } from '../../electron/main/api/handlers';
import { rectsForRange } from '../../shared/page-rects';
import { DeidPdfExporter } from '../../electron/main/services/deid/deid-pdf-export';
import { REDACTED_PDF_INFO } from '../../electron/main/services/deid/redacted-pdf';
import { runtimeAssets } from '../../electron/main/services/runtime-assets';
import { SOURCE_ENTRIES } from '../../electron/main/source-entries';
import { applyCraftedClinicalRun } from '../helpers/crafted-clinical-run';
import { darkShare, rawText, readPdf, survivors } from '../helpers/pdf-leaks';
import { CORPUS_DIR, HAS_CORPUS, openTempArchive, type TempArchive } from '../helpers/temp-archive';
import { encryptedPdf } from '../fixtures/pdfs';
import { scannedPdf } from '../fixtures/scans';

const LINES = [
  'Clinic note - Eleonora Vandersloot',
  'Patient: Vandersloot, Eleonora   MRN: 00482913   DOB: 03/14/1931',
  'Phone (617) 555-0142. Email e.vandersloot@example.com',
  'Address: 14 Lantern Hill Road, Harrowgate, VT 05903.',
  'VANDERSLOOT reports cough for three days. Patient denies chest pain.',
  'ASSESSMENT: Community acquired pneumonia.',
  'MEDICATIONS: Lisinopril 10 mg daily.',
];
const PHI = ['Eleonora', 'Vandersloot', '00482913', '03/14/1931', '555-0142', 'e.vandersloot@example.com', 'Lantern Hill', 'Harrowgate', '05903'];
const CLINICAL = ['pneumonia', 'Lisinopril', 'cough'];
const ATTACHMENT = 'referral-vandersloot.txt';

/** The note as a PDF with the patient in its Info and XMP, and a text attachment naming her. */
async function notePdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([612, 792]);
  LINES.forEach((line, i) => page.drawText(line, { x: 72, y: 720 - i * 18, size: 11, font }));
  pdf.setTitle('Clinic note - Eleonora Vandersloot');
  pdf.setAuthor('Eleonora Vandersloot');
  pdf.setSubject('MRN 00482913');
  const xmp = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>Eleonora Vandersloot</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
  pdf.catalog.set(PDFName.of('Metadata'), pdf.context.register(pdf.context.stream(xmp, { Type: 'Metadata', Subtype: 'XML' })));
  await pdf.attach(new TextEncoder().encode('Referral for Eleonora Vandersloot, MRN 00482913'), ATTACHMENT, { mimeType: 'text/plain' });
  return pdf.save({ useObjectStreams: false });
}

let archive: TempArchive;
const services = () => archive.services;

async function importPdf(name: string, data: Uint8Array, password?: string): Promise<number> {
  const [outcome] = await services().importer.importMany([{ key: name, name, data }], password);
  if (outcome?.kind !== 'imported') throw new Error(`import failed: ${JSON.stringify(outcome)}`);
  return outcome.document.id;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (err) {
    return err instanceof AppError ? err.code : String(err);
  }
}

beforeAll(async () => {
  archive = await openTempArchive();
});

afterAll(async () => {
  await archive?.dispose();
});

describe('de-identified PDF export of a generated note', () => {
  let input: Uint8Array;
  let documentId: number;

  beforeAll(async () => {
    input = await notePdf();
    documentId = await importPdf('Vandersloot note.pdf', input);
  });

  it('starts from a file that carries every identifier (so the checks below can fail)', async () => {
    const reading = await readPdf(input);
    expect(survivors(reading.text, PHI)).toEqual(PHI);
    expect(survivors(reading.metadata, ['Vandersloot', '00482913'])).toEqual(['Vandersloot', '00482913']);
    expect(reading.attachments).toEqual([ATTACHMENT]);
  });

  it('leaves no identifier in the text layer, metadata, attachments or bytes', async () => {
    const result = await services().deidPdf.export(documentId);
    expect(result.fileName).toBe(`document-${documentId}-deidentified.pdf`);
    expect(result.pages).toBe(1);
    expect(result.wholePages).toEqual([]);
    const reading = await readPdf(result.data);
    expect(reading.pages).toBe(1);
    // No text layer at all: the page is one image.
    expect(reading.text.trim()).toBe('');
    expect(reading.attachments).toEqual([]);
    expect(reading.metadata).not.toMatch(/xmpmeta|rdf:/);
    expect(survivors(reading.metadata, [...PHI, 'Clinic note'])).toEqual([]);
    expect(reading.metadata).toContain(REDACTED_PDF_INFO.title);
    const raw = await rawText(result.data);
    expect(survivors(raw, [...PHI, ATTACHMENT, 'Referral', 'xpacket'])).toEqual([]);
  });

  it('burns a black box over every identifier and keeps the clinical words drawn', async () => {
    const { data } = await services().deidPdf.export(documentId);
    const page = services().archive.getPage(documentId, 1);
    const boxOf = (word: string) => {
      const at = page.text.indexOf(word);
      expect(at, word).toBeGreaterThanOrEqual(0);
      return rectsForRange(page.spans, at, at + word.length)[0]!;
    };
    for (const word of PHI) expect(await darkShare(data, 1, boxOf(word)), word).toBeGreaterThan(0.97);
    for (const word of CLINICAL) {
      const share = await darkShare(data, 1, boxOf(word));
      expect(share, word).toBeGreaterThan(0.03); // ink is there
      expect(share, word).toBeLessThan(0.6); // and not under a box
    }
  });

  it('uses the identifiers the archive extracted: a name found nowhere else is boxed', async () => {
    // "Quillfeather" stands alone with no context and is in no lexicon: only the known name finds it.
    const id = await importPdf('bare name.pdf', await (async () => {
      const pdf = await PDFDocument.create();
      const font = await pdf.embedFont(StandardFonts.Helvetica);
      const page = pdf.addPage([612, 792]);
      page.drawText('quillfeather tolerated the procedure well.', { x: 72, y: 720, size: 11, font });
      return pdf.save();
    })());
    const before = services().deidPdf.plan(id)[0]!;
    expect(before.identifiers.map((i) => i.text)).not.toContain('quillfeather');
    applyCraftedClinicalRun(services(), id, (_lines, cite) => ({ patient_name: { value: 'Ysolde Quillfeather', evidence: cite('quillfeather') } }));
    const after = services().deidPdf.plan(id)[0]!;
    expect(after.identifiers.map((i) => i.text.toLowerCase())).toContain('quillfeather');
  });
});

describe('de-identified PDF export of a scan', () => {
  it('refuses it before OCR, then boxes the identifiers by the OCR words\' boxes', async () => {
    const id = await importPdf('scan.pdf', scannedPdf([{ scan: ['Patient: Jane Smith', 'Phone (617) 555-0142', 'Diagnosis: pneumonia'] }]));
    expect(await codeOf(services().deidPdf.export(id))).toBe('unsupported');
    await services().ocr.recognizeDocument(id);
    const page = services().archive.getPage(id, 1);
    expect(page.textSource).toBe('ocr');
    const { data } = await services().deidPdf.export(id);
    const boxOf = (word: string) => {
      const at = page.text.indexOf(word);
      expect(at, `${word} in ${page.text}`).toBeGreaterThanOrEqual(0);
      return rectsForRange(page.spans, at, at + word.length)[0]!;
    };
    expect(await darkShare(data, 1, boxOf('555-0142'))).toBeGreaterThan(0.97);
    expect(await darkShare(data, 1, boxOf('Smith'))).toBeGreaterThan(0.97);
    expect(await darkShare(data, 1, boxOf('pneumonia'))).toBeLessThan(0.6);
    expect(await darkShare(data, 1, boxOf('pneumonia'))).toBeGreaterThan(0.03);
  }, 300_000);
});

describe('hostile requests', () => {
  it('refuses an unknown document id with not_found', async () => {
    expect(await codeOf(services().deidPdf.export(987654))).toBe('not_found');
  });

  it('over the contract: a garbage id or a path is invalid_request; an export returns bytes and is logged', async () => {
    const dispatch = createDispatcher(createHandlers(services(), { version: 'test', transport: 'bridge' }));
    for (const payload of [{ id: '../../etc/passwd' }, { id: -1 }, { id: 1.5 }, {}, { id: 1, path: '/tmp/x.pdf', password: 'x'.repeat(2000) }]) {
      const result = await dispatch('documents:exportDeidentifiedPdf', payload);
      expect(result.ok ? 'ok' : result.error.code, JSON.stringify(payload)).toBe('invalid_request');
    }
    const id = await importPdf('contract note.pdf', await notePdf());
    const result = await dispatch('documents:exportDeidentifiedPdf', { id });
    if (!result.ok) throw new Error(result.error.message);
    const data = (result.data as { data: Uint8Array }).data;
    expect(survivors(await rawText(data), PHI)).toEqual([]);
    const { entries } = services().accessLog.list({ action: 'exported', documentId: id });
    expect(entries.map((e) => [e.via, e.detail])).toEqual([['bridge', { format: 'pdf', deidentified: true, pages: 1 }]]);
  });

  it('refuses a password-protected PDF without its password, and exports it with it', async () => {
    // Passwords are never stored: the export needs it again.
    const id = await importPdf('locked.pdf', encryptedPdf({ userPassword: 'open sesame', text: 'Patient Eleonora Vandersloot MRN 00482913' }), 'open sesame');
    expect(await codeOf(services().deidPdf.export(id))).toBe('password_required');
    expect(await codeOf(services().deidPdf.export(id, { password: 'wrong' }))).toBe('password_incorrect');
    const result = await services().deidPdf.export(id, { password: 'open sesame' });
    expect(survivors(await rawText(result.data), ['Vandersloot', '00482913'])).toEqual([]);
  });
});

describe.skipIf(!HAS_CORPUS)('de-identified PDF export of the corpus medical records', () => {
  const files = HAS_CORPUS ? fs.readdirSync(path.join(CORPUS_DIR, 'medical')).filter((f) => f.endsWith('.pdf')).sort() : [];

  it.each(files)('%s keeps none of its detected identifiers in text layer or metadata', async (file) => {
    const id = await importPdf(file, new Uint8Array(fs.readFileSync(path.join(CORPUS_DIR, 'medical', file))));
    const doc = services().archive.getDocument(id);
    // A page waiting for OCR cannot be checked for identifiers: the export refuses it.
    if (doc.pagesNeedingOcr > 0) {
      expect(await codeOf(services().deidPdf.export(id))).toBe('unsupported');
      return;
    }
    // Drawn coarse: what is checked is what the file says, not how it looks; the full-size export is checked above.
    const exporter = new DeidPdfExporter({ archive: services().archive, files: services().files, fields: services().extraction.fields, workerEntry: SOURCE_ENTRIES.ocrWorker, assets: runtimeAssets(), settings: { dpi: 36 } });
    const planned = exporter.plan(id);
    // Short digit runs also occur as numbers of the file's own structure (lengths, offsets).
    const identifiers = [...new Set(planned.flatMap((p) => p.identifiers.map((i) => i.text.trim())))].filter((t) => (/[a-z]/i.test(t) ? t.length >= 4 : t.length >= 7));
    const { data } = await exporter.export(id);
    const reading = await readPdf(data);
    expect(reading.pages).toBe(doc.pageCount);
    expect(reading.text.trim()).toBe('');
    expect(reading.attachments).toEqual([]);
    expect(survivors(reading.metadata, identifiers)).toEqual([]);
    expect(survivors(await rawText(data), identifiers)).toEqual([]);
  }, 900_000);
});
