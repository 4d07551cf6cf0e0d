// The importer end to end on generated PDFs: real SQLite archive in a temp folder, real
// pdf.js in the real worker threads. One archive serves the file; tests assert on the
// documents they import themselves, so their order does not matter.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentRecord, ImportOutcome } from '../../shared/domain';
import { ERROR_CODES } from '../../shared/errors';
import { createDispatcher } from '../../electron/main/api/dispatcher';
import { createHandlers } from '../../electron/main/api/handlers';
import type { ImportSource } from '../../electron/main/services/importer/importer';
import type { Services } from '../../electron/main/services/compose';
import {
  brokenPdfs,
  encryptedPdf,
  imageOnlyPdf,
  largePdf,
  pageMarker,
  rotatedPdf,
  textPdf,
  TWO_COLUMN_LINES,
  twoColumnPdf,
  type BrokenPdfName,
} from '../fixtures/pdfs';
import {
  checkIntegrity,
  ftsHits,
  HEALTHY,
  openTempArchive,
  pageCountOf,
  recordEvents,
  removeDir,
  sha256,
  type TempArchive,
} from '../helpers/temp-archive';

let archive: TempArchive;
let services: Services;

beforeAll(async () => {
  archive = await openTempArchive();
  services = archive.services;
});

afterAll(async () => {
  await archive?.dispose();
});

let counter = 0;
function source(name: string, data: Uint8Array): ImportSource {
  return { key: `k${++counter}`, name, data };
}

async function importOne(name: string, data: Uint8Array, password?: string): Promise<ImportOutcome> {
  const [outcome] = await services.importer.importMany([source(name, data)], password);
  return outcome!;
}

function imported(outcome: ImportOutcome): DocumentRecord {
  if (outcome.kind !== 'imported') throw new Error(`expected imported, got ${JSON.stringify(outcome)}`);
  return outcome.document;
}

function failedCode(outcome: ImportOutcome): string {
  if (outcome.kind !== 'failed') throw new Error(`expected failed, got ${outcome.kind}`);
  return outcome.error.code;
}

const CONTRACT_PAGES = [
  ['MASTER SERVICES AGREEMENT', 'This Agreement is made between the parties hereto.', 'The Contractor shall provide services.'],
  ['Section 2. Term and termination', 'Either party may terminate this Agreement upon breach.'],
  ['Section 3. Governing law', 'This Agreement shall be governed by the laws of Scotland.', 'Signed by both parties.'],
];

describe('a text PDF', () => {
  const data = textPdf({ pages: CONTRACT_PAGES, title: 'Master Services Agreement' });
  let doc: DocumentRecord;

  beforeAll(async () => {
    doc = imported(await importOne('msa_2024.pdf', data));
  });

  it('becomes a ready document with the page count, metadata title and a domain guess', () => {
    expect(doc).toMatchObject({
      status: 'ready',
      error: null,
      pageCount: 3,
      pagesNeedingOcr: 0,
      title: 'Master Services Agreement',
      fileName: 'msa_2024.pdf',
      domain: 'legal',
      bytes: data.byteLength,
      sha256: sha256(data),
    });
    expect(doc.metadata).toMatchObject({ Title: 'Master Services Agreement', Author: 'Abstractor tests' });
    expect(services.archive.getDocument(doc.id)).toEqual(doc);
  });

  it('stores every page with its text, size and text layer', () => {
    const pages = services.archive.listPages(doc.id);
    expect(pages.map((p) => p.number)).toEqual([1, 2, 3]);
    for (const [i, page] of pages.entries()) {
      expect(page).toMatchObject({ width: 612, height: 792, hasTextLayer: true, needsOcr: false });
      const text = services.archive.getPage(doc.id, page.number);
      expect(text.text).toBe(CONTRACT_PAGES[i]!.join('\n'));
      expect(page.chars).toBe(text.text.length);
    }
  });

  it('stores spans that map back to the lines of each page, with boxes on the page', () => {
    for (let n = 1; n <= 3; n++) {
      const { text, spans, width, height } = services.archive.getPage(doc.id, n);
      expect(spans.map(([s, e]) => text.slice(s, e))).toEqual(CONTRACT_PAGES[n - 1]);
      for (const [, , x, y, w, h] of spans) {
        expect(x).toBeCloseTo(72, 0);
        expect(w).toBeGreaterThan(0);
        expect(h).toBeCloseTo(12, 0);
        expect(x + w).toBeLessThanOrEqual(width);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(y + h).toBeLessThanOrEqual(height);
      }
      // Lines go down the page.
      const ys = spans.map((s) => s[3]);
      expect([...ys].sort((a, b) => a - b)).toEqual(ys);
    }
  });

  it('copies the file to files/<2>/<sha256>.pdf with identical bytes', () => {
    const file = path.join(archive.dir, 'files', doc.sha256.slice(0, 2), `${doc.sha256}.pdf`);
    expect(services.files.pathFor(doc.sha256)).toBe(file);
    const stored = fs.readFileSync(file);
    expect(sha256(stored)).toBe(doc.sha256);
    expect(Buffer.compare(stored, Buffer.from(data))).toBe(0);
    expect(fs.readdirSync(path.join(archive.dir, 'tmp')).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('finds its words through search', () => {
    const hits = services.archive.search('governed Scotland');
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ documentId: doc.id, page: 3, title: 'Master Services Agreement' });
    expect(hits[0]!.highlights.length).toBeGreaterThanOrEqual(2);
  });

  it('treats the same bytes again as a duplicate: no new row, no new file', async () => {
    const count = services.archive.countDocuments();
    const again = await importOne('copy of msa.pdf', data.slice());
    expect(again.kind).toBe('duplicate');
    if (again.kind === 'duplicate') expect(again.document.id).toBe(doc.id);
    expect(services.archive.countDocuments()).toBe(count);
    expect(pageCountOf(services.db, doc.id)).toBe(3);
    expect(fs.readdirSync(path.join(archive.dir, 'files', doc.sha256.slice(0, 2)))).toEqual([`${doc.sha256}.pdf`]);
  });
});

describe('layout', () => {
  it('reads a two-column page column by column', async () => {
    const doc = imported(await importOne('two-column.pdf', twoColumnPdf()));
    const { text } = services.archive.getPage(doc.id, 1);
    const lines = text.split('\n').filter(Boolean);
    expect(lines).toEqual([...TWO_COLUMN_LINES.left, ...TWO_COLUMN_LINES.right]);
    const lastAlpha = Math.max(...lines.map((l, i) => (l.startsWith('alpha') ? i : -1)));
    const firstBeta = lines.findIndex((l) => l.startsWith('beta'));
    expect(lastAlpha).toBeLessThan(firstBeta);
  });

  it('swaps width and height for a portrait page with /Rotate 90, and keeps spans on the page', async () => {
    const doc = imported(await importOne('rotated.pdf', rotatedPdf()));
    expect(doc.pageCount).toBe(2);
    for (const info of services.archive.listPages(doc.id)) {
      expect(info.width).toBe(792);
      expect(info.height).toBe(612);
      expect(info.width).toBeGreaterThan(info.height);
      const page = services.archive.getPage(doc.id, info.number);
      expect(page.text).toContain(`Rotated page ${info.number === 1 ? 'one' : 'two'}`);
      expect(page.spans.length).toBeGreaterThan(0);
      for (const [s, e, x, y, w, h] of page.spans) {
        expect(page.text.slice(s, e).length).toBeGreaterThan(0);
        expect(x).toBeGreaterThanOrEqual(0);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(x + w).toBeLessThanOrEqual(792);
        expect(y + h).toBeLessThanOrEqual(612);
        // Text that ran across the unrotated page now runs down the displayed one.
        expect(h).toBeGreaterThan(w);
      }
    }
  });
});

describe('encrypted PDFs', () => {
  it('asks for a password, rejects a wrong one, then imports with the right one on retry', async () => {
    const data = encryptedPdf({ userPassword: 'right', text: 'Confidential settlement terms' });

    const first = await importOne('secret.pdf', data);
    expect(failedCode(first)).toBe('password_required');
    const id = first.kind === 'failed' ? first.documentId : null;
    expect(id).not.toBeNull();
    expect(services.archive.getDocument(id!)).toMatchObject({ status: 'failed', error: { code: 'password_required' }, pageCount: 0 });

    // The same file again, with a wrong password: the failed row is reused, not duplicated.
    const wrong = await importOne('secret.pdf', data.slice(), 'wrong');
    expect(failedCode(wrong)).toBe('password_incorrect');
    expect(wrong.kind === 'failed' && wrong.documentId).toBe(id);
    expect(services.archive.getDocument(id!).error?.code).toBe('password_incorrect');

    const retried = await services.importer.retry(id!, 'right');
    const doc = imported(retried);
    expect(doc).toMatchObject({ id, status: 'ready', error: null, pageCount: 1, title: 'Encrypted fixture' });
    expect(services.archive.getPage(id!, 1).text).toBe('Confidential settlement terms');
    expect(services.archive.search('settlement')[0]).toMatchObject({ documentId: id, page: 1 });

    // A retry of a ready document changes nothing.
    expect((await services.importer.retry(id!, 'right')).kind).toBe('duplicate');
    expect(pageCountOf(services.db, id!)).toBe(1);
  });
});

describe('broken files', () => {
  const broken = brokenPdfs();
  const expected: Record<BrokenPdfName, readonly string[]> = {
    empty: ['empty_file'],
    notPdf: ['not_pdf'],
    plainText: ['not_pdf'],
    zeroPages: ['empty_pdf'],
    truncated: ['corrupt_pdf', 'not_pdf'],
    garbage: ['corrupt_pdf', 'not_pdf'],
    headerOnly: ['corrupt_pdf', 'not_pdf'],
  };
  const outcomes = new Map<BrokenPdfName, ImportOutcome>();

  beforeAll(async () => {
    const names = Object.keys(broken) as BrokenPdfName[];
    const results = await services.importer.importMany(names.map((name) => source(`${name}.pdf`, broken[name])));
    names.forEach((name, i) => outcomes.set(name, results[i]!));
  });

  it.each(Object.keys(expected) as BrokenPdfName[])('%s fails with a sensible code and leaves no pages', (name) => {
    const outcome = outcomes.get(name)!;
    expect(outcome.kind).toBe('failed');
    if (outcome.kind !== 'failed') return;
    expect(expected[name]).toContain(outcome.error.code);
    expect(ERROR_CODES).toContain(outcome.error.code);
    expect(outcome.error.message.length).toBeGreaterThan(0);
    expect(outcome.documentId).not.toBeNull();
    const doc = services.archive.getDocument(outcome.documentId!);
    expect(doc).toMatchObject({ status: 'failed', pageCount: 0, pagesNeedingOcr: 0, error: outcome.error });
    expect(pageCountOf(services.db, doc.id)).toBe(0);
    expect(services.archive.listPages(doc.id)).toEqual([]);
  });

  it('leaves the database consistent', () => {
    expect(checkIntegrity(services.db)).toEqual(HEALTHY);
  });
});

describe('pages without text', () => {
  it('flags image-only pages for OCR and counts them on the document', async () => {
    const doc = imported(await importOne('scan.pdf', imageOnlyPdf({ pages: 3 })));
    expect(doc).toMatchObject({ status: 'ready', pageCount: 3, pagesNeedingOcr: 3 });
    for (const page of services.archive.listPages(doc.id)) {
      expect(page).toMatchObject({ hasTextLayer: false, needsOcr: true, chars: 0 });
    }
  });

  it('counts only the pages that need OCR when text and scans mix', async () => {
    // Page 2 has a few characters only: a text layer, but too little to use.
    const doc = imported(await importOne('mixed.pdf', textPdf({ pages: [['A full page of real text for reading.'], ['p. 2'], ['More real text on page three.']] })));
    expect(doc.pagesNeedingOcr).toBe(1);
    const pages = services.archive.listPages(doc.id);
    expect(pages.map((p) => p.needsOcr)).toEqual([false, true, false]);
    expect(pages.map((p) => p.hasTextLayer)).toEqual([true, true, true]);
  });
});

describe('progress events', () => {
  it('sends queued, copying, one reading event per page in order, then done', async () => {
    const log = recordEvents(services);
    const s = source('seven.pdf', largePdf(7, { linesPerPage: 5 }));
    const [outcome] = await services.importer.importMany([s]).finally(log.stop);
    const doc = imported(outcome!);

    const events = log.progress(s.key);
    expect(events[0]).toMatchObject({ phase: 'queued', file: 'seven.pdf', documentId: null });
    expect(events.map((e) => e.phase)).toContain('copying');
    const pages = events.filter((e) => e.phase === 'reading' && e.page > 0);
    expect(pages.map((e) => e.page)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const e of pages) expect(e).toMatchObject({ pageCount: 7, documentId: doc.id, error: null });
    const last = events.at(-1)!;
    expect(last).toMatchObject({ phase: 'done', page: 7, pageCount: 7, documentId: doc.id });
    expect(events.filter((e) => e.phase === 'done')).toHaveLength(1);
    // The phases never go backwards.
    const order = ['queued', 'copying', 'reading', 'done'];
    const ranks = events.map((e) => order.indexOf(e.phase));
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);

    expect(log.all.filter((e) => e.name === 'documents:changed').map((e) => e.payload)).toContainEqual({ ids: [doc.id] });
  });

  it('sends failed (with the error) for a bad file, and duplicate for a known one', async () => {
    const log = recordEvents(services);
    const good = textPdf({ pages: [['Progress duplicate check page']] });
    await importOne('first.pdf', good);
    const bad = source('bad.pdf', brokenPdfs().notPdf);
    const dup = source('dup.pdf', good.slice());
    await services.importer.importMany([bad, dup]).finally(log.stop);
    expect(log.progress(bad.key).at(-1)).toMatchObject({ phase: 'failed', error: { code: 'not_pdf' } });
    expect(log.progress(dup.key).at(-1)).toMatchObject({ phase: 'duplicate', error: null });
  });
});

describe('batches', () => {
  it('imports the good files and fails the bad ones, in input order, without stopping', async () => {
    const broken = brokenPdfs();
    const batch = [
      source('good-1.pdf', textPdf({ pages: [['Batch good one']], title: 'Batch one' })),
      source('bad-1.pdf', broken.notPdf),
      source('good-2.pdf', textPdf({ pages: [['Batch good two'], ['second page']], title: 'Batch two' })),
      source('bad-2.pdf', broken.truncated),
      source('bad-3.pdf', broken.empty),
      source('good-3.pdf', imageOnlyPdf()),
    ];
    const outcomes = await services.importer.importMany(batch);
    expect(outcomes.map((o) => [o.file, o.kind])).toEqual([
      ['good-1.pdf', 'imported'],
      ['bad-1.pdf', 'failed'],
      ['good-2.pdf', 'imported'],
      ['bad-2.pdf', 'failed'],
      ['bad-3.pdf', 'failed'],
      ['good-3.pdf', 'imported'],
    ]);
    expect(imported(outcomes[2]!).pageCount).toBe(2);
    for (const o of outcomes) {
      if (o.kind === 'failed') expect(pageCountOf(services.db, o.documentId!)).toBe(0);
    }
    expect(checkIntegrity(services.db)).toEqual(HEALTHY);
  });

  it('reads the same file twice in one batch only once: one import, one duplicate, all pages', async () => {
    const data = largePdf(40, { linesPerPage: 4 });
    const outcomes = await services.importer.importMany([source('twin-a.pdf', data), source('twin-b.pdf', data.slice())]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['duplicate', 'imported']);
    const doc = outcomes.find((o) => o.kind === 'imported')!;
    if (doc.kind !== 'imported') return;
    expect(doc.document).toMatchObject({ status: 'ready', pageCount: 40, error: null });
    expect(services.archive.getDocument(doc.document.id)).toMatchObject({ status: 'ready', pageCount: 40, error: null });
    expect(pageCountOf(services.db, doc.document.id)).toBe(40);
    expect(checkIntegrity(services.db)).toEqual(HEALTHY);
  });

  it('fails a file that cannot be stored with io_error, and the batch goes on', async () => {
    const blocked = textPdf({ pages: [['This file cannot be stored in the archive']] });
    // A file where its files/<2 hex>/ folder should be.
    const folder = path.join(archive.dir, 'files', sha256(blocked).slice(0, 2));
    fs.writeFileSync(folder, 'in the way');
    try {
      const outcomes = await services.importer.importMany([
        source('blocked.pdf', blocked),
        source('fine.pdf', textPdf({ pages: [['This one is stored fine']], title: 'Fine file' })),
      ]);
      expect(outcomes[0]).toMatchObject({ kind: 'failed', documentId: null, error: { code: 'io_error' } });
      expect(imported(outcomes[1]!).title).toBe('Fine file');
      expect(services.archive.findBySha(sha256(blocked))).toBeNull();
      expect(fs.readdirSync(path.join(archive.dir, 'tmp'))).toEqual([]);
    } finally {
      fs.rmSync(folder);
    }
  });

  it('imports from paths on disk as well as from bytes', async () => {
    const file = path.join(archive.dir, 'outside.pdf');
    fs.writeFileSync(file, textPdf({ pages: [['Imported from a path on disk']], title: 'From disk' }));
    const [outcome] = await services.importer.importMany([{ key: 'path', name: 'outside.pdf', path: file }]);
    expect(imported(outcome!).title).toBe('From disk');
    const [missing] = await services.importer.importMany([{ key: 'gone', name: 'gone.pdf', path: path.join(archive.dir, 'gone.pdf') }]);
    expect(missing).toMatchObject({ kind: 'failed', documentId: null, error: { code: 'io_error' } });
  });
});

describe('delete', () => {
  it('removes the document, its pages, spans, FTS rows and its file', async () => {
    const data = textPdf({ pages: [['The zanzibarite clause applies.'], ['And zanzibarite again.']], title: 'Deletable' });
    const doc = imported(await importOne('deletable.pdf', data));
    const file = services.files.pathFor(doc.sha256);
    expect(fs.existsSync(file)).toBe(true);
    expect(services.archive.search('zanzibarite')).toHaveLength(2);
    expect(ftsHits(services.db, 'zanzibarite')).toBe(2);
    const pageIds = services.db.prepare('SELECT id FROM pages WHERE document_id = ?').all(doc.id) as Array<{ id: number }>;

    // Through the dispatcher and the real handler, as the UI and the bridge delete.
    const dispatch = createDispatcher(createHandlers(services, { version: 'test', transport: 'ipc' }), { checkResponses: true });
    await expect(dispatch('documents:delete', { id: doc.id })).resolves.toEqual({ ok: true, data: { deleted: true } });

    expect(() => services.archive.getDocument(doc.id)).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(pageCountOf(services.db, doc.id)).toBe(0);
    const spans = services.db.prepare(`SELECT count(*) AS n FROM page_spans WHERE page_id IN (${pageIds.map((p) => p.id).join(',')})`).get();
    expect(spans).toEqual({ n: 0 });
    expect(ftsHits(services.db, 'zanzibarite')).toBe(0);
    expect(services.archive.search('zanzibarite')).toEqual([]);
    expect(fs.existsSync(file)).toBe(false);
    expect(checkIntegrity(services.db)).toEqual(HEALTHY);

    await expect(dispatch('documents:delete', { id: doc.id })).resolves.toMatchObject({ ok: false, error: { code: 'not_found' } });
    // Deleted means forgotten: the same file imports afresh.
    expect((await importOne('deletable.pdf', data.slice())).kind).toBe('imported');
  });
});

describe('a 1000-page document', () => {
  it('imports every page and finds the marker of page 777', async () => {
    const data = largePdf(1000);
    const base = process.memoryUsage().rss;
    let peak = base;
    const sample = services.events.subscribe(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    });
    const outcome = await importOne('large.pdf', data).finally(sample);
    console.log(`1000-page import: peak RSS delta ${Math.round((peak - base) / 1048576)} MiB (pdf workers already running, their threads included)`);

    const doc = imported(outcome);
    expect(doc).toMatchObject({ pageCount: 1000, pagesNeedingOcr: 0, status: 'ready' });
    expect(pageCountOf(services.db, doc.id)).toBe(1000);
    const numbers = services.db.prepare('SELECT min(number) AS lo, max(number) AS hi, count(DISTINCT number) AS n FROM pages WHERE document_id = ?').get(doc.id);
    expect(numbers).toEqual({ lo: 1, hi: 1000, n: 1000 });

    const hits = services.archive.search(pageMarker(777));
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ documentId: doc.id, page: 777 });
    expect(hits[0]!.snippet).toContain(pageMarker(777));
    expect(services.archive.getPage(doc.id, 777).text.split('\n').slice(0, 2)).toEqual(['Page 777 of 1000', pageMarker(777)]);
    expect(services.archive.search(pageMarker(1000), 50, doc.id)[0]?.page).toBe(1000);
  });
});

describe('recovery after a crash', () => {
  it('marks an import left half done as failed (interrupted), drops its pages, and can retry it', async () => {
    const first = await openTempArchive({ keep: true });
    const dir = first.dir;
    let second: TempArchive | null = null;
    try {
      // Simulate a crash mid-import: the file is stored, the row says importing, some pages are in.
      const data = textPdf({ pages: [['Interrupted page one'], ['Interrupted page two'], ['Interrupted page three']] });
      const staged = await first.services.files.stageFromBytes(data);
      await first.services.files.commit(staged);
      const id = first.services.archive.beginImport({ sha256: staged.sha256, fileName: 'crash.pdf', title: 'crash', bytes: staged.bytes });
      first.services.archive.addPages(id, [
        { number: 1, text: 'Interrupted page one', width: 612, height: 792, hasTextLayer: true, needsOcr: false, spans: [] },
      ]);
      expect(first.services.archive.getDocument(id).status).toBe('importing');
      await first.dispose(); // keeps the folder

      second = await openTempArchive({ dir });
      const doc = second.services.archive.getDocument(id);
      expect(doc).toMatchObject({ status: 'failed', error: { code: 'interrupted' }, pageCount: 0 });
      expect(pageCountOf(second.services.db, id)).toBe(0);
      expect(ftsHits(second.services.db, 'interrupted')).toBe(0);
      expect(checkIntegrity(second.services.db)).toEqual(HEALTHY);
      expect(second.services.archive.recoverInterrupted()).toEqual([]); // nothing left to recover

      const retried = imported(await second.services.importer.retry(id));
      expect(retried).toMatchObject({ id, pageCount: 3, status: 'ready', error: null });
      expect(pageCountOf(second.services.db, id)).toBe(3);
    } finally {
      await first.dispose();
      await second?.dispose();
      removeDir(dir);
    }
  });
});
