// Every input in tests/fuzz/regressions/ (found by `npm run fuzz`) goes through the real
// importer: it imports, or fails with a known code within the time limit and leaves no pages;
// and a healthy file imported right after it is not harmed by what it left behind.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../shared/errors';
import { textPdf } from '../fixtures/pdfs';
import { checkIntegrity, HEALTHY, openTempArchive, pageCountOf, type TempArchive } from '../helpers/temp-archive';

const DIR = fileURLToPath(new URL('../fuzz/regressions', import.meta.url));
const FILES = fs.existsSync(DIR) ? fs.readdirSync(DIR).filter((f) => f.endsWith('.pdf')).sort() : [];
const LIMIT_MS = 4000;
/** Outcomes that are part of the fix; the others only have to be handled. */
const EXPECTED: Record<string, { kind: 'imported'; pages: number }> = {
  'xref-offsets-unhandled-rejection.pdf': { kind: 'imported', pages: 2 },
};

describe.skipIf(FILES.length === 0)('fuzz regressions', () => {
  let archive: TempArchive;
  let counter = 0;

  beforeAll(async () => {
    archive = await openTempArchive({ pdfTimeoutMs: LIMIT_MS });
  });
  afterAll(async () => {
    await archive?.dispose();
  });

  it.each(FILES)('%s is handled, and the next file is not harmed', async (file) => {
    const started = performance.now();
    const [outcome] = await archive.services.importer.importMany([{ key: file, name: file, path: path.join(DIR, file) }]);
    // A worker that read a file before gets one retry on a fresh one: twice the limit at most.
    expect(performance.now() - started).toBeLessThan(2 * LIMIT_MS + 5000);
    if (outcome!.kind === 'failed') {
      expect(ERROR_CODES).toContain(outcome!.error.code);
      expect(outcome!.error.code).not.toBe('internal');
      expect(pageCountOf(archive.services.db, outcome!.documentId!)).toBe(0);
    } else {
      expect(outcome!.kind).toBe('imported');
    }
    const expected = EXPECTED[file];
    if (expected) expect(outcome).toMatchObject({ kind: expected.kind, document: { pageCount: expected.pages } });

    const healthy = textPdf({ pages: [[`Healthy file after ${file}`]], title: `after ${++counter}` });
    const [next] = await archive.services.importer.importMany([{ key: `next-${file}`, name: 'next.pdf', data: healthy }]);
    expect(next).toMatchObject({ kind: 'imported', document: { pageCount: 1 } });
    expect(checkIntegrity(archive.services.db)).toEqual(HEALTHY);
  });
});
