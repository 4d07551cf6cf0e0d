// The importer's limits on hostile input: bounded memory on a 2,000-page PDF (worker threads
// included), and a per-file time limit that ends a parser stuck in a loop, before the file
// opens or halfway through, without leaving pages behind. Workers that die (exit, throw)
// fail their file only; the next file imports. The misbehaving worker is a fixture
// (tests/fixtures/hostile-pdf-worker.ts) that speaks the real extract protocol.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportOutcome } from '../../shared/domain';
import { SOURCE_ENTRIES } from '../../electron/main/source-entries';
import { largePdf, pageMarker } from '../fixtures/pdfs';
import { checkIntegrity, HEALTHY, openTempArchive, pageCountOf, recordEvents, type TempArchive } from '../helpers/temp-archive';

/** Peak resident set of this process since it started, threads included (Linux), else null. */
function peakRss(): number | null {
  try {
    const kb = /VmHWM:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

const MiB = 1024 * 1024;

describe('a 2,000-page PDF', () => {
  // Measured: about 450 MiB peak for the whole test process (two pdf.js workers under tsx);
  // the bound leaves room for slower machines without hiding a leak that grows with pages.
  const BOUND = 1024 * MiB;

  it('imports into an encrypted archive with the peak RSS of the process (worker threads included) under 1 GiB', async () => {
    // Encrypted, as new archives are: the workers decrypt the whole file into memory.
    const archive = await openTempArchive({ archiveKey: randomBytes(32) });
    try {
      const data = largePdf(2000, { linesPerPage: 30 });
      let sampled = process.memoryUsage().rss;
      const timer = setInterval(() => (sampled = Math.max(sampled, process.memoryUsage().rss)), 25);
      const started = performance.now();
      const [outcome] = await archive.services.importer.importMany([{ key: 'big', name: 'big.pdf', data }]).finally(() => clearInterval(timer));
      const seconds = (performance.now() - started) / 1000;
      const peak = Math.max(sampled, peakRss() ?? 0);
      console.log(`2000-page import: ${seconds.toFixed(1)} s, peak RSS ${Math.round(peak / MiB)} MiB (sampled ${Math.round(sampled / MiB)} MiB)`);

      expect(outcome).toMatchObject({ kind: 'imported', document: { pageCount: 2000, status: 'ready' } });
      const id = (outcome as Extract<ImportOutcome, { kind: 'imported' }>).document.id;
      expect(pageCountOf(archive.services.db, id)).toBe(2000);
      expect(archive.services.archive.search(pageMarker(1999))[0]).toMatchObject({ documentId: id, page: 1999 });
      expect(peak).toBeLessThan(BOUND);
    } finally {
      await archive.dispose();
    }
  });
});

describe('the per-file time limit and dying workers', () => {
  const LIMIT_MS = 5000;
  let archive: TempArchive;
  let counter = 0;

  beforeAll(async () => {
    archive = await openTempArchive({
      entries: { ...SOURCE_ENTRIES, pdfWorker: fileURLToPath(new URL('../fixtures/hostile-pdf-worker.ts', import.meta.url)) },
      pdfTimeoutMs: LIMIT_MS,
    });
  });

  afterAll(async () => {
    await archive?.dispose();
  });

  async function importScript(script: string): Promise<{ outcome: ImportOutcome; ms: number }> {
    const data = new TextEncoder().encode(`%PDF-1.4\n% ${script} #${++counter}\n`);
    const started = performance.now();
    const [outcome] = await archive.services.importer.importMany([{ key: `k${counter}`, name: `${script}.pdf`, data }]);
    return { outcome: outcome!, ms: performance.now() - started };
  }

  function expectFailedWithoutPages(outcome: ImportOutcome, code: string) {
    expect(outcome).toMatchObject({ kind: 'failed', error: { code } });
    if (outcome.kind !== 'failed') return;
    expect(outcome.error.message.length).toBeGreaterThan(10);
    expect(outcome.documentId).not.toBeNull();
    const doc = archive.services.archive.getDocument(outcome.documentId!);
    expect(doc).toMatchObject({ status: 'failed', pageCount: 0, error: { code } });
    expect(pageCountOf(archive.services.db, doc.id)).toBe(0);
    expect(checkIntegrity(archive.services.db)).toEqual(HEALTHY);
  }

  it('imports a healthy file (the workers are up)', async () => {
    const { outcome } = await importScript('HEALTHY');
    expect(outcome).toMatchObject({ kind: 'imported', document: { pageCount: 3 } });
  });

  it('ends a parser stuck before the file opens: timeout within twice the limit', async () => {
    // The worker read a file before, so the file gets a second try on a fresh worker first.
    const { outcome, ms } = await importScript('HANG-AT-OPEN');
    expectFailedWithoutPages(outcome, 'timeout');
    expect(ms).toBeGreaterThanOrEqual(2 * LIMIT_MS - 50);
    expect(ms).toBeLessThan(2 * LIMIT_MS + 5000);
  });

  it('does not blame the next file for a worker the previous one left spinning', async () => {
    const spinner = await importScript('SPIN-AFTER-CLOSE');
    expect(spinner.outcome).toMatchObject({ kind: 'imported', document: { pageCount: 3 } });
    await new Promise((resolve) => setTimeout(resolve, 300)); // the leftover work has started
    // The next file goes to the same (first idle) worker: silent, so it moves to a fresh one.
    const next = await importScript('HEALTHY');
    expect(next.outcome).toMatchObject({ kind: 'imported', document: { pageCount: 3 } });
    expect(next.ms).toBeGreaterThanOrEqual(LIMIT_MS - 50);
    expect(next.ms).toBeLessThan(LIMIT_MS + 5000);
    const after = await importScript('HEALTHY');
    expect(after.outcome).toMatchObject({ kind: 'imported', document: { pageCount: 3 } });
    expect(after.ms).toBeLessThan(LIMIT_MS);
  });

  it('ends a parser stuck halfway and drops the pages already stored', async () => {
    const log = recordEvents(archive.services);
    const { outcome, ms } = await importScript('HANG-AT-PAGE 30');
    log.stop();
    // More than one batch of pages was written before the hang, and none is left.
    expect(Math.max(...log.progress().map((p) => p.page))).toBeGreaterThan(16);
    expectFailedWithoutPages(outcome, 'timeout');
    expect(ms).toBeLessThan(LIMIT_MS + 5000);
  });

  it.each([
    ['CRASH-AT-PAGE 12', /stopped unexpectedly/],
    ['THROW-AT-PAGE 12', /failed on this file/],
  ])('fails the file whose worker dies (%s) and goes on', async (script, message) => {
    const { outcome } = await importScript(script);
    expectFailedWithoutPages(outcome, 'corrupt_pdf');
    if (outcome.kind === 'failed') expect(outcome.error.message).toMatch(message);
    const next = await importScript('HEALTHY');
    expect(next.outcome).toMatchObject({ kind: 'imported', document: { pageCount: 3 } });
  });
});
