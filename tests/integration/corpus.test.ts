// The real corpus (../shared/corpus): real contracts, medical records and hostile files,
// imported once through the importer as the CLI does, then checked from many angles.
// Skipped when the corpus is not there, so the suite passes on any machine.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportOutcome, TextSpan } from '../../shared/domain';
import { ERROR_CODES } from '../../shared/errors';
import type { ImportSource } from '../../electron/main/services/importer/importer';
import { checkIntegrity, CORPUS_DIR, HAS_CORPUS, HEALTHY, openTempArchive, type TempArchive } from '../helpers/temp-archive';

function pdfsIn(folder: string): string[] {
  const dir = path.join(CORPUS_DIR, folder);
  return fs
    .readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith('.pdf'))
    .sort()
    .map((f) => path.join(dir, f));
}

describe.skipIf(!HAS_CORPUS)('the real corpus', () => {
  let archive: TempArchive;
  let sources: ImportSource[];
  /** Outcome by file name (e.g. "A07_zero_byte_file.pdf"). */
  const outcomes = new Map<string, ImportOutcome>();

  const byPrefix = (prefix: string): ImportOutcome => {
    const entry = [...outcomes.entries()].find(([name]) => name.startsWith(prefix));
    if (!entry) throw new Error(`no corpus file starts with ${prefix}`);
    return entry[1];
  };

  beforeAll(async () => {
    archive = await openTempArchive();
    const files = ['legal', 'medical', 'adversarial'].flatMap(pdfsIn);
    sources = files.map((file) => ({ key: file, name: path.basename(file), path: file }));
    const results = await archive.services.importer.importMany(sources);
    results.forEach((outcome, i) => outcomes.set(sources[i]!.name, outcome));
  });

  afterAll(async () => {
    await archive?.dispose();
  });

  it('imports every legal and medical PDF with pages and text on page 1', () => {
    const names = [...pdfsIn('legal'), ...pdfsIn('medical')].map((f) => path.basename(f));
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) {
      const outcome = outcomes.get(name)!;
      expect(outcome.kind, `${name}: ${JSON.stringify(outcome.kind === 'failed' ? outcome.error : '')}`).toBe('imported');
      if (outcome.kind !== 'imported') continue;
      expect(outcome.document.pageCount, name).toBeGreaterThan(0);
      expect(outcome.document.status, name).toBe('ready');
      const page1 = archive.services.archive.getPage(outcome.document.id, 1);
      expect(page1.text.trim().length, `${name} page 1 text`).toBeGreaterThan(0);
    }
  });

  it('guesses the domain of most legal and medical files right', () => {
    for (const [folder, domain] of [
      ['legal', 'legal'],
      ['medical', 'medical'],
    ] as const) {
      const docs = pdfsIn(folder).map((f) => outcomes.get(path.basename(f))!);
      const right = docs.filter((o) => o.kind === 'imported' && o.document.domain === domain).length;
      expect(right / docs.length, `${folder}: ${right}/${docs.length}`).toBeGreaterThanOrEqual(0.8);
    }
  });

  it('imports or fails every adversarial file with a known code, never internal', () => {
    const names = pdfsIn('adversarial').map((f) => path.basename(f));
    expect(names.length).toBeGreaterThan(30);
    for (const name of names) {
      const outcome = outcomes.get(name)!;
      expect(['imported', 'failed'], name).toContain(outcome.kind);
      if (outcome.kind === 'failed') {
        expect(ERROR_CODES, name).toContain(outcome.error.code);
        expect(outcome.error.code, `${name}: ${outcome.error.message}`).not.toBe('internal');
        expect(outcome.error.message.length, name).toBeGreaterThan(0);
      } else {
        expect(outcome.document.pageCount, name).toBeGreaterThan(0);
      }
    }
  });

  it.each([
    ['A01', 'password_required'],
    ['A02', 'password_required'],
    ['A03', 'password_required'],
    ['A07', 'empty_file'],
    ['A08', 'empty_pdf'],
    ['A15', 'not_pdf'],
    ['A16', 'not_pdf'],
  ])('fails %s with %s', (prefix, code) => {
    const outcome = byPrefix(prefix);
    expect(outcome.kind).toBe('failed');
    if (outcome.kind === 'failed') expect(outcome.error.code).toBe(code);
  });

  it.each(['A17', 'A18', 'A19'])('imports the scan %s with every page flagged for OCR', (prefix) => {
    const outcome = byPrefix(prefix);
    expect(outcome.kind).toBe('imported');
    if (outcome.kind !== 'imported') return;
    expect(outcome.document.pageCount).toBeGreaterThan(0);
    expect(outcome.document.pagesNeedingOcr).toBe(outcome.document.pageCount);
  });

  it('leaves no pages behind for failed files and keeps SQLite and FTS consistent', () => {
    for (const outcome of outcomes.values()) {
      if (outcome.kind !== 'failed' || outcome.documentId === null) continue;
      expect(archive.services.archive.listPages(outcome.documentId), outcome.file).toEqual([]);
    }
    expect(checkIntegrity(archive.services.db)).toEqual(HEALTHY);
  });

  it('stores well-formed spans for every page: ordered, non-empty, inside the text', () => {
    const rows = archive.services.db
      .prepare<[], { text: string; spans: string; doc: string; number: number }>(
        `SELECT p.text, s.spans, d.file_name AS doc, p.number FROM pages p
         JOIN page_spans s ON s.page_id = p.id JOIN documents d ON d.id = p.document_id`,
      )
      .all();
    expect(rows.length).toBeGreaterThan(500);
    let checked = 0;
    const bad: string[] = [];
    for (const row of rows) {
      const spans = JSON.parse(row.spans) as TextSpan[];
      let previousEnd = 0;
      for (const [start, end] of spans) {
        // Ordered, non-empty, inside the text; a run of text never starts with a line break.
        const ok = start >= previousEnd && end > start && end <= row.text.length && row.text[start] !== '\n';
        if (!ok) bad.push(`${row.doc} p.${row.number} span [${start}, ${end}) of ${row.text.length} chars`);
        previousEnd = end;
        checked++;
      }
    }
    expect(bad.slice(0, 10)).toEqual([]);
    expect(checked).toBeGreaterThan(10_000);
  });

  it('finds "governing law" in the contracts, with document, page and snippet', () => {
    const hits = archive.services.archive.search('governing law', 20);
    expect(hits.length).toBeGreaterThanOrEqual(5);
    const ids = new Set([...outcomes.values()].flatMap((o) => (o.kind === 'imported' ? [o.document.id] : [])));
    for (const hit of hits) {
      expect(ids.has(hit.documentId)).toBe(true);
      expect(hit.page).toBeGreaterThanOrEqual(1);
      expect(hit.snippet.length).toBeGreaterThan(0);
      expect(hit.highlights.length).toBeGreaterThan(0);
      for (const [s, e] of hit.highlights) expect(hit.snippet.slice(s, e).toLowerCase()).toMatch(/^(govern\w*|laws?)$/);
    }
    // Pages with the words as typed rank before stemmed matches ("governed by ... law").
    const exact = hits.map((h) => archive.services.archive.getPage(h.documentId, h.page).text.toLowerCase().includes('governing law'));
    expect(exact[0]).toBe(true);
    expect(exact.slice(exact.indexOf(false)).every((e) => !e) || !exact.includes(false)).toBe(true);
  });

  it('adds no document when the same folders are imported again', async () => {
    const count = archive.services.archive.countDocuments();
    const again = await archive.services.importer.importMany(sources);
    expect(archive.services.archive.countDocuments()).toBe(count);
    for (const [i, outcome] of again.entries()) {
      const before = outcomes.get(sources[i]!.name)!;
      // Ready documents are duplicates; failed ones are read again and fail the same way.
      expect(outcome.kind, outcome.file).toBe(before.kind === 'imported' ? 'duplicate' : 'failed');
      if (outcome.kind === 'failed' && before.kind === 'failed') {
        expect(outcome.error.code, outcome.file).toBe(before.error.code);
        expect(outcome.documentId, outcome.file).toBe(before.documentId);
      }
    }
    expect(checkIntegrity(archive.services.db)).toEqual(HEALTHY);
  });

  it('imports A03 on retry with its open password', async () => {
    const first = byPrefix('A03');
    expect(first.kind).toBe('failed');
    if (first.kind !== 'failed') return;
    const wrong = await archive.services.importer.retry(first.documentId!, 'not-the-password');
    expect(wrong).toMatchObject({ kind: 'failed', error: { code: 'password_incorrect' } });
    const outcome = await archive.services.importer.retry(first.documentId!, 'openpassword');
    expect(outcome.kind).toBe('imported');
    if (outcome.kind !== 'imported') return;
    expect(outcome.document).toMatchObject({ id: first.documentId, status: 'ready', error: null });
    expect(outcome.document.pageCount).toBeGreaterThan(0);
    expect(archive.services.archive.getPage(outcome.document.id, 1).text.trim().length).toBeGreaterThan(0);
  });
});
