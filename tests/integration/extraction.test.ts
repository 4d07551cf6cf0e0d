// Field extraction end to end: real services over a temporary archive, generated PDFs and real
// inference on the random-weight tiny model (it never stops by itself, so every answer is
// bounded by the grammar and the output limit). Corpus pages are used when ../shared exists.
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Candidate, FieldResult } from '../../shared/extraction/api';
import { fold } from '../../shared/extraction/text';
import { findQuote } from '../../shared/extraction/verify';
import { createDispatcher } from '../../electron/main/api/dispatcher';
import { createHandlers } from '../../electron/main/api/handlers';
import { parseCsv } from '../../electron/main/services/csv';
import type { ExtractionSettings } from '../../electron/main/services/extraction/extractor';
import { rectsForRange } from '../../electron/main/services/extraction/grounding';
import { numberLines } from '../../electron/main/services/extraction/numbered-text';
import { ensureTinyModel } from '../fixtures/gguf-writer';
import { textPdf } from '../fixtures/pdfs';
import { expectGroundedEvidence } from '../helpers/grounding-checks';
import { CORPUS_DIR, HAS_CORPUS, openTempArchive, recordEvents, removeDir, tempDir, type TempArchive } from '../helpers/temp-archive';

// Short strings, one item, one id: every answer is a few dozen tokens and always complete.
const FAST: Partial<ExtractionSettings> = { maxValueChars: 8, maxListItems: 1, maxEvidence: 1, maxOutputTokens: 600 };

const CONTRACT_PAGES = [
  ['Services Agreement', 'This agreement is made between Acme Corp and Beta LLC.', 'Effective Date: January 5, 2021.'],
  [
    'This agreement is governed by the laws of the State of New York.',
    'Either party may termi-',
    'nate this agreement with thirty (30) days notice.',
    'The fee is payable within the',
    'first ten business days of each month.',
  ],
];

const MINI_TEMPLATE = {
  name: 'mini-contract',
  title: 'Mini contract',
  domain: 'legal',
  version: 1,
  description: 'Three fields for tests.',
  fields: [
    { key: 'governing_law', label: 'Governing law', type: 'text', maxLength: 8, instructions: 'The state whose law governs.', synonyms: ['governed by'] },
    { key: 'effective_date', label: 'Effective date', type: 'date', instructions: 'The effective date.', synonyms: ['effective date'] },
    { key: 'parties', label: 'Parties', type: 'list', maxLength: 8, instructions: 'Each party.', synonyms: ['between'] },
  ],
};

let archive: TempArchive;
let tiny: string;
let contractId: number;
let longId: number;
const scratch = tempDir('abstractor-extraction-');

async function importPdf(name: string, data: Uint8Array): Promise<number> {
  const file = path.join(scratch, name);
  writeFileSync(file, data);
  const [outcome] = await archive.services.importer.importMany([{ key: name, name, path: file }]);
  if (outcome?.kind !== 'imported') throw new Error(`import of ${name} failed: ${JSON.stringify(outcome)}`);
  return outcome.document.id;
}

/** A verified text value really is in the text it cites (checked here without verifyValue). */
function expectVerifiedIsInText(documentId: number, fields: readonly FieldResult[]): void {
  for (const field of fields) {
    const values =
      field.type === 'list' ? (field.items ?? []).filter((i) => i.status === 'verified').map((i) => ({ v: String(i.value), ev: i.evidence })) : [];
    if (field.type === 'text' && field.status === 'verified') values.push({ v: String(field.value), ev: field.evidence });
    for (const { v, ev } of values) {
      const cited = ev
        .map((e) => {
          const text = archive.services.archive.getPage(documentId, e.page).text;
          return e.line ? text.slice(e.line[0], e.line[1]) : e.quote;
        })
        .join('\n');
      expect(fold(cited).replace(/[^\p{L}\p{N}]+/gu, ' ')).toContain(fold(v).replace(/[^\p{L}\p{N}]+/gu, ' ').trim());
    }
  }
}

beforeAll(async () => {
  tiny = await ensureTinyModel();
  archive = await openTempArchive({ engineThreads: 1 });
  contractId = await importPdf('contract.pdf', textPdf({ pages: CONTRACT_PAGES, title: 'Services Agreement' }));
  archive.services.archive.updateDocument(contractId, { domain: 'legal' });
  const longPages = Array.from({ length: 6 }, (_, p) => [
    `Section ${p + 1}`,
    p === 3 ? 'This agreement is governed by the laws of Delaware.' : `Filler clause ${p + 1} about deliveries and invoices.`,
    p === 0 ? 'Made between Gamma Inc and Delta Ltd.' : `Another clause ${p + 1} on reports.`,
    `Closing words of section ${p + 1}.`,
  ]);
  longId = await importPdf('long.pdf', textPdf({ pages: longPages, title: 'Long agreement' }));
});

afterAll(async () => {
  await archive?.dispose();
  removeDir(scratch);
});

describe('templates', () => {
  it('lists the five built-ins and validates, copies and deletes user templates', () => {
    const { templates } = archive.services.extraction;
    const names = templates.list().filter((t) => t.builtIn).map((t) => t.name).sort();
    expect(names).toEqual(['clinical-record', 'contract', 'discharge-summary', 'lease-abstract', 'nda']);
    expect(() => templates.save({ ...MINI_TEMPLATE, fields: [] })).toThrow(/at least 1 field/);
    expect(() => templates.save({ ...MINI_TEMPLATE, name: 'contract' })).toThrow(/built-in/);
    expect(() => templates.delete('contract')).toThrow(/built-in/);
    templates.save(MINI_TEMPLATE);
    const copy = templates.copy('nda', 'my-nda');
    expect(copy.fields.length).toBe(templates.get('nda').fields.length);
    expect(templates.list().find((t) => t.name === 'my-nda')?.builtIn).toBe(false);
    expect(templates.delete('my-nda')).toBe(true);
    expect(() => templates.get('my-nda')).toThrow(/No template/);
  });
});

describe('extraction on the tiny model', () => {
  it('gives structurally valid, grounded output for every built-in template', async () => {
    for (const name of ['contract', 'clinical-record', 'discharge-summary', 'nda', 'lease-abstract']) {
      const result = await archive.services.extraction.extract(contractId, name, { modelPath: tiny, settings: FAST });
      expect(result.run.status, `${name}: ${JSON.stringify(result.run.error)}`).toBe('done');
      expect(result.run.kind).toBe('extraction');
      expect(result.run.profile).toBe(name);
      expect(result.run.model?.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(result.output!.mode).toBe('single');
      expect(result.output!.truncatedFields).toEqual([]);
      const template = archive.services.extraction.templates.get(name);
      expect(result.fields.map((f) => f.key)).toEqual(template.fields.map((f) => f.key));
      expect(result.output!.questions).toHaveLength(template.fields.length);
      // One prefix: after the first question every one reuses the whole document from the cache.
      for (const q of result.output!.questions.slice(1)) expect(q.tokensCached).toBeGreaterThan(result.output!.documentTokens);
      expectGroundedEvidence(archive.services, contractId, result.fields);
      expectVerifiedIsInText(contractId, result.fields);
      for (const f of result.fields) {
        if (f.status === 'not_found') expect(f.value === null || (Array.isArray(f.value) && f.value.length === 0)).toBe(true);
      }
    }
  });

  it('plans retrieval passes for a document larger than a pass, reading each line once', async () => {
    const result = await archive.services.extraction.extract(longId, 'mini-contract', {
      modelPath: tiny,
      settings: { ...FAST, passTokens: 260, perFieldTokens: 200 },
    });
    expect(result.run.status, JSON.stringify(result.run.error)).toBe('done');
    const out = result.output!;
    expect(out.mode).toBe('retrieval');
    expect(out.passes.length).toBeGreaterThan(1);
    expect(out.passageTokens).toBeLessThanOrEqual(out.documentTokens);
    for (const p of out.passes) expect(p.tokens).toBeLessThanOrEqual(260);
    // The governing-law passage (page 4) is retrieved for that field.
    const lawPasses = out.passes.filter((p) => p.fields.includes('governing_law'));
    expect(lawPasses.some((p) => p.pages.includes(4))).toBe(true);
    expectGroundedEvidence(archive.services, longId, result.fields);
    expect(out.rereadFactor).toBeGreaterThan(0);
  });

  it('gives a passage the definitions of the defined terms it uses, and only those', async () => {
    const pages = Array.from({ length: 6 }, (_, p) => [
      `Section ${p + 1}`,
      p === 0 ? '"Territory" means the State of Ohio and the State of Indiana.' : `Filler clause ${p + 1} about deliveries and invoices.`,
      p === 5 ? 'This agreement is governed by the laws of the Territory.' : `Another clause ${p + 1} on reports.`,
      `Closing words of section ${p + 1}.`,
    ]);
    // Its own copy of the template: this test also runs alone, and the grid test below counts the
    // documents extracted with mini-contract.
    archive.services.extraction.templates.save({ ...MINI_TEMPLATE, name: 'mini-defined' });
    const id = await importPdf('defined.pdf', textPdf({ pages, title: 'Defined terms' }));
    const result = await archive.services.extraction.extract(id, 'mini-defined', { modelPath: tiny, settings: { ...FAST, passTokens: 260, perFieldTokens: 200 } });
    expect(result.run.status, JSON.stringify(result.run.error)).toBe('done');
    expect(result.run.promptVersion).toBe('extract-2');
    const out = result.output!;
    expect(out.mode).toBe('retrieval');
    // The governing-law passage uses "the Territory" (page 6) without its definition (page 1).
    expect(out.passes.some((p) => p.pages.includes(6) && !p.pages.includes(1) && p.definedTerms.includes('Territory'))).toBe(true);
    for (const p of out.passes) if (!p.pages.includes(6)) expect(p.definedTerms).toEqual([]);
  });

  it('cancels a run through its signal and stores it cancelled', async () => {
    const controller = new AbortController();
    const { done } = archive.services.extraction.start(contractId, 'contract', {
      modelPath: tiny,
      settings: FAST,
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'progress' && e.phase === 'extracting' && e.done >= 2) controller.abort();
      },
    });
    const result = await done;
    expect(result.run.status).toBe('cancelled');
  });
});

describe('review', () => {
  it('keeps edited and confirmed values across a re-run, stores new model values as suggestions, audits every change', async () => {
    const { extraction } = archive.services;
    const first = await extraction.extract(contractId, 'mini-contract', { modelPath: tiny, settings: FAST });
    expect(first.run.status).toBe('done');
    const edited = extraction.edit(contractId, 'mini-contract', 'governing_law', 'New York');
    expect(edited.review).toBe('edited');
    expect(edited.source).toBe('user');
    const confirmed = extraction.confirm(contractId, 'mini-contract', 'effective_date');
    expect(confirmed.review).toBe('confirmed');

    const second = await extraction.extract(contractId, 'mini-contract', { modelPath: tiny, settings: FAST });
    expect(second.run.id).not.toBe(first.run.id);
    const law = second.fields.find((f) => f.key === 'governing_law')!;
    expect(law.value).toBe('New York');
    expect(law.review).toBe('edited');
    const date = second.fields.find((f) => f.key === 'effective_date')!;
    expect(date.value).toEqual(confirmed.value);
    expect(date.review).toBe('confirmed');

    // A model value that differs from a reviewed one becomes a suggestion, never the value.
    const template = extraction.templates.get('mini-contract');
    const modelValue: Candidate = { value: 'Texas', normalized: 'Texas', status: 'unsupported', evidence: [], items: null, runId: second.run.id };
    extraction.fields.applyRun(contractId, template, second.run.id, new Map([['governing_law', { primary: modelValue, alternatives: [] }]]));
    const withSuggestion = extraction.get(contractId, 'mini-contract').fields.find((f) => f.key === 'governing_law')!;
    expect(withSuggestion.value).toBe('New York');
    expect(withSuggestion.suggestion?.value).toBe('Texas');
    const accepted = extraction.acceptSuggestion(contractId, 'mini-contract', 'governing_law');
    expect(accepted.value).toBe('Texas');
    expect(accepted.suggestion).toBeNull();

    const cleared = extraction.clear(contractId, 'mini-contract', 'parties');
    expect(cleared.value).toBeNull();
    expect(cleared.review).toBe('cleared');

    const audit = extraction.audit(contractId, 'mini-contract');
    const actions = audit.map((a) => `${a.field}:${a.action}:${a.source}`);
    expect(actions).toContain('governing_law:edit:user');
    expect(actions).toContain('effective_date:confirm:user');
    expect(actions).toContain('governing_law:suggest:model');
    expect(actions).toContain('parties:clear:user');
    const edit = audit.find((a) => a.field === 'governing_law' && a.action === 'edit')!;
    expect(edit.newValue).toBe('New York');
    expect(edit.at).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('adds a value the model missed from a text selection, verified, with rectangles', () => {
    const { extraction, archive: docs } = archive.services;
    const page = docs.getPage(contractId, 2);
    const start = page.text.indexOf('State of New York');
    const field = extraction.addFromSelection(contractId, 'mini-contract', 'governing_law', { page: 2, start, end: start + 'State of New York'.length });
    expect(field.value).toBe('State of New York');
    expect(field.status).toBe('verified');
    expect(field.source).toBe('user');
    expect(field.evidence[0]!.rects.length).toBe(1);
    const list = extraction.addFromSelection(contractId, 'mini-contract', 'parties', {
      page: 1,
      start: docs.getPage(contractId, 1).text.indexOf('Acme Corp'),
      end: docs.getPage(contractId, 1).text.indexOf('Acme Corp') + 9,
    });
    expect(list.value).toEqual(['Acme Corp']);
    expect(extraction.audit(contractId, 'mini-contract', 'parties').at(-1)?.action).toBe('add');
  });
});

describe('grid and export', () => {
  it('builds the grid and round-trips CSV and JSON exports', async () => {
    const { extraction } = archive.services;
    await extraction.extract(longId, 'mini-contract', { modelPath: tiny, settings: FAST });
    const tricky = 'Say "hi", then\nleave';
    extraction.edit(longId, 'mini-contract', 'governing_law', tricky);
    const grid = extraction.grid('mini-contract');
    expect(grid.rows.map((r) => r.documentId).sort()).toEqual([contractId, longId].sort());
    expect(grid.columns.map((c) => c.key)).toEqual(['governing_law', 'effective_date', 'parties']);
    expect(grid.rows.every((r) => r.run?.status === 'done')).toBe(true);

    const csv = extraction.export('mini-contract', 'csv');
    expect(csv.fileName).toMatch(/^mini-contract-.*\.csv$/);
    const rows = parseCsv(csv.text);
    expect(rows[0]).toEqual(expect.arrayContaining(['document_id', 'governing_law', 'governing_law_status', 'governing_law_pages', 'governing_law_quote']));
    const header = rows[0]!;
    const longRow = rows.find((r) => r[0] === String(longId))!;
    expect(longRow[header.indexOf('governing_law')]).toBe(tricky);
    const contractRow = rows.find((r) => r[0] === String(contractId))!;
    expect(contractRow[header.indexOf('governing_law')]).toBe('State of New York'); // the selection added last
    expect(rows.every((r) => r.length === header.length)).toBe(true);

    const json = JSON.parse(new TextDecoder().decode(extraction.export('mini-contract', 'json').data)) as {
      documents: Array<{ documentId: number; fields: Array<{ key: string; value: unknown; status: string; evidence: Array<{ page: number; quote: string }> }> }>;
    };
    const doc = json.documents.find((d) => d.documentId === contractId)!;
    const current = extraction.get(contractId, 'mini-contract').fields;
    for (const f of current) {
      const exported = doc.fields.find((x) => x.key === f.key)!;
      expect(exported.value).toEqual(f.value);
      expect(exported.status).toBe(f.status);
      expect(exported.evidence.map((e) => e.quote)).toEqual(f.evidence.map((e) => e.quote));
    }
  });

  it('serves the contract calls and events', async () => {
    const dispatch = createDispatcher(createHandlers(archive.services, { version: 'test', transport: 'bridge' }));
    const log = recordEvents(archive.services);
    const list = await dispatch('templates:list', {});
    expect(list.ok).toBe(true);
    const grid = await dispatch('extraction:grid', { template: 'mini-contract' });
    expect(grid.ok).toBe(true);
    const bad = await dispatch('templates:save', { template: { name: 'Bad Name' } });
    expect(bad.ok).toBe(false);
    const missing = await dispatch('extraction:get', { documentId: contractId, template: 'no-such' });
    expect(missing.ok ? null : missing.error.code).toBe('not_found');
    await archive.services.extraction.extract(contractId, 'mini-contract', { modelPath: tiny, settings: FAST });
    log.stop();
    expect(log.all.some((e) => e.name === 'extraction:done')).toBe(true);
    expect(log.all.some((e) => e.name === 'extraction:progress')).toBe(true);
    expect(log.all.some((e) => e.name === 'extraction:tokens')).toBe(true);
  });
});

describe('quotes to rectangles', () => {
  it('maps quotes across line breaks and hyphenation to one box per line', () => {
    const page = archive.services.archive.getPage(contractId, 2);
    const hyphen = findQuote(page.text, 'Either party may terminate this agreement');
    expect(hyphen).not.toBeNull();
    const rects = rectsForRange(page.spans, hyphen![0], hyphen![1]);
    expect(rects).toHaveLength(2);
    expect(rects[1]![1]).toBeGreaterThan(rects[0]![1]); // the second line is lower on the page
    const across = findQuote(page.text, 'payable within the first ten business days');
    expect(across).not.toBeNull();
    expect(rectsForRange(page.spans, across![0], across![1])).toHaveLength(2);
    const single = findQuote(page.text, 'State of New York');
    const box = rectsForRange(page.spans, single![0], single![1]);
    expect(box).toHaveLength(1);
    const line = rectsForRange(page.spans, page.text.indexOf('This agreement is governed'), page.text.indexOf('New York.') + 9)[0]!;
    expect(box[0]![0]).toBeGreaterThan(line[0]);
    expect(box[0]![2]).toBeLessThan(line[2]);
  });

  it.skipIf(!HAS_CORPUS)('maps numbered lines of corpus pages back to their text and boxes', async () => {
    const dir = path.join(CORPUS_DIR, 'legal');
    const file = readdirSync(dir).find((n) => n.startsWith('L01_'))!;
    const [outcome] = await archive.services.importer.importMany([{ key: file, name: file, path: path.join(dir, file) }]);
    const id = outcome?.kind === 'imported' || outcome?.kind === 'duplicate' ? outcome.document.id : 0;
    const lines = numberLines(archive.services.archive.iteratePages(id));
    expect(lines.length).toBeGreaterThan(50);
    for (const line of lines.slice(0, 200)) {
      const page = archive.services.archive.getPage(id, line.page);
      expect(page.text.slice(line.start, line.end).replace(/\s+/g, ' ')).toBe(line.text);
      expect(rectsForRange(page.spans, line.start, line.end).length).toBeGreaterThan(0);
      const words = line.text.split(' ').slice(0, 4).join(' ');
      if (words.length > 8) expect(findQuote(page.text, words)).not.toBeNull();
    }
  });
});
