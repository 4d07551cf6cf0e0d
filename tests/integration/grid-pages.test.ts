// The Table's pages (issue 12): every ready document of the template's domain, extracted or
// not, a keyset page at a time in id order; with no template named, the template with the most
// runs; a row's extraction queued on the real job queue, once. Real archive, real pdf.js import.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/main/api/dispatcher';
import { createHandlers } from '../../electron/main/api/handlers';
import { extractionCalls } from '../../shared/extraction/api';
import { textPdf } from '../fixtures/pdfs';
import { openTempArchive, tempDir, type TempArchive } from '../helpers/temp-archive';

let archive: TempArchive;
const scratch = tempDir('abstractor-grid-pages-');
const legal: number[] = [];
let medical: number;
let extractedMedical: number;

async function importPdf(name: string, domain: 'legal' | 'medical' | 'other'): Promise<number> {
  const file = path.join(scratch, `${name}.pdf`);
  writeFileSync(file, textPdf({ title: name, pages: [[name, `Body of ${name}.`]] }));
  const [outcome] = await archive.services.importer.importMany([{ key: name, name: `${name}.pdf`, path: file }]);
  if (outcome?.kind !== 'imported') throw new Error(`import of ${name} failed`);
  archive.services.archive.updateDocument(outcome.document.id, { domain });
  return outcome.document.id;
}

/** A finished extraction run of the template on the document, as the extractor records one. */
function recordRun(documentId: number, template: string): void {
  const runs = archive.services.extraction.runs;
  const id = runs.create({ documentId, profile: template, promptVersion: 'test', settings: {}, pagesTotal: 1 });
  runs.finish(id, { status: 'done', tokens: { input: 0, output: 0 }, timings: {}, pagesRead: 1, output: {} });
}

beforeAll(async () => {
  archive = await openTempArchive();
  for (let i = 1; i <= 7; i++) legal.push(await importPdf(`Lease ${i}`, 'legal'));
  medical = await importPdf('Clinic note', 'medical');
  // A medical document the lease template ran on anyway: it belongs in that template's table.
  extractedMedical = await importPdf('Clinic letter', 'medical');
  recordRun(extractedMedical, 'lease-abstract');
  recordRun(legal[0]!, 'lease-abstract');
  recordRun(legal[1]!, 'nda');
}, 120_000);

afterAll(() => archive?.dispose());

describe('the Table a page at a time', () => {
  it('lists every document of the domain and those run on, in id order, over keyset pages', () => {
    const { extraction } = archive.services;
    const seen: number[] = [];
    let after: number | null = null;
    let pages = 0;
    do {
      const page: ReturnType<typeof extraction.gridPage> = extraction.gridPage('lease-abstract', { after, limit: 3 });
      if (pages === 0) expect(page.total).toBe(8);
      else expect(page.total).toBeNull();
      expect(page.rows.length).toBeLessThanOrEqual(3);
      seen.push(...page.rows.map((r) => r.documentId));
      after = page.next;
      pages++;
    } while (after !== null);
    expect(pages).toBe(3);
    expect(seen).toEqual([...legal, extractedMedical].sort((a, b) => a - b));
    expect(seen).not.toContain(medical);

    const first = extraction.gridPage('lease-abstract', { after: null, limit: 100 });
    const row = (id: number) => first.rows.find((r) => r.documentId === id)!;
    expect(row(legal[0]!).run?.status).toBe('done');
    // Never extracted: listed all the same, with no run and no cells.
    expect(row(legal[2]!)).toMatchObject({ run: null, cells: {}, title: 'Lease 3' });
    expect(first.columns.length).toBeGreaterThan(0);
  });

  it('opens on the template with the most runs when none is named', () => {
    expect(archive.services.extraction.gridPage(undefined, { after: null, limit: 5 }).template).toBe('lease-abstract');
    recordRun(legal[2]!, 'nda');
    recordRun(legal[3]!, 'nda');
    expect(archive.services.extraction.gridPage(undefined, { after: null, limit: 5 }).template).toBe('nda');
  });

  it('queues a row\'s extraction on the job queue once, and the row says it is queued', async () => {
    const dispatch = createDispatcher(createHandlers(archive.services, { version: 'test', transport: 'bridge' }));
    const target = legal[4]!;
    const queued = await dispatch('extraction:queue', { template: 'lease-abstract', documentIds: [target] });
    expect(queued.ok && extractionCalls['extraction:queue'].response.parse(queued.data).jobIds.length).toBe(1);
    // Asked again while it waits: not doubled.
    const again = await dispatch('extraction:queue', { template: 'lease-abstract', documentIds: [target] });
    expect(again.ok && extractionCalls['extraction:queue'].response.parse(again.data).jobIds).toEqual([]);
    const jobs = archive.services.jobs.list().filter((j) => j.kind === 'extract' && j.documentId === target);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.state).toBe('queued');

    const page = await dispatch('extraction:gridPage', { template: 'lease-abstract', limit: 100 });
    if (!page.ok) throw new Error(page.error.message);
    const { rows } = extractionCalls['extraction:gridPage'].response.parse(page.data);
    expect(rows.find((r) => r.documentId === target)!.queued).toBe(true);
    expect(rows.find((r) => r.documentId === legal[5])!.queued).toBe(false);
  });

  it('refuses bad requests with a clear code and changes nothing', async () => {
    const dispatch = createDispatcher(createHandlers(archive.services, { version: 'test', transport: 'bridge' }));
    const before = archive.services.jobs.list().length;
    const unknown = await dispatch('extraction:queue', { template: 'no-such', documentIds: [legal[5]!] });
    expect(unknown.ok ? null : unknown.error.code).toBe('not_found');
    const missing = await dispatch('extraction:queue', { template: 'nda', documentIds: [999_999] });
    expect(missing.ok ? null : missing.error.code).toBe('not_found');
    const tooMany = await dispatch('extraction:gridPage', { template: 'nda', limit: 100_000 });
    expect(tooMany.ok ? null : tooMany.error.code).toBe('invalid_request');
    const notTemplate = await dispatch('extraction:gridPage', { template: 'no-such' });
    expect(notTemplate.ok ? null : notTemplate.error.code).toBe('not_found');
    expect(archive.services.jobs.list().length).toBe(before);
  });
});
