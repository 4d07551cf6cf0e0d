// patches/pdfjs-dist+*.patch (applied by patch-package on install) changes how the Node build
// of pdf.js reads content streams: empty save/restore pairs are skipped and text states are
// cloned with one shape. These tests hold it to reading exactly what it read before, on the
// cases the change touches, and fail loudly if the patch was not applied.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getDocument, OPS, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { buildPdf } from '../fixtures/pdfs';

const standardFontDataUrl = fileURLToPath(new URL('../../node_modules/pdfjs-dist/standard_fonts/', import.meta.url));
const HELVETICA = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
const text = (x: number, y: number, s: string) => `BT /F1 12 Tf ${x} ${y} Td (${s}) Tj ET`;

async function readPage(content: string) {
  const data = buildPdf({ info: { Title: 'q Q' }, shared: [HELVETICA], pages: [{ content, resources: '/Font << /F1 4 0 R >>' }] });
  const doc = await getDocument({ data, standardFontDataUrl, verbosity: VerbosityLevel.ERRORS, isEvalSupported: false }).promise;
  try {
    const page = await doc.getPage(1);
    const items = (await page.getTextContent()).items.filter((i) => 'str' in i && i.str.trim());
    const ops = (await page.getOperatorList()).fnArray;
    return { items: items.map((i) => ('str' in i ? { str: i.str, x: i.transform[4], y: i.transform[5], size: i.transform[0] } : null)), ops };
  } finally {
    await doc.destroy();
  }
}

describe('the pdf.js patch', () => {
  it('is applied to the build the app reads text with', () => {
    const worker = createRequire(import.meta.url).resolve('pdfjs-dist/legacy/build/pdf.worker.mjs');
    const source = fs.readFileSync(worker, 'utf8');
    // If this fails, run `npx patch-package` (npm install runs it as postinstall).
    expect(source.match(/Abstractor patch/g)?.length).toBe(2);
  });

  it('reads text around thousands of empty save/restore pairs as if they were not there', async () => {
    const empty = 'q Q\n'.repeat(5000);
    const { items, ops } = await readPage(`${empty}${text(72, 700, 'First')}\n${empty}q\nQ\n${text(72, 680, 'Second')}\n${empty}`);
    expect(items).toEqual([
      { str: 'First', x: 72, y: 700, size: 12 },
      { str: 'Second', x: 72, y: 680, size: 12 },
    ]);
    expect(ops.filter((op) => op === OPS.save)).toHaveLength(0);
  });

  it('keeps every pair that changes something, nested or not, and restores after it', async () => {
    const content = [
      'q 1 0 0 1 100 0 cm q Q', // an empty pair inside a pair that moves: only the inner one goes
      text(72, 700, 'Moved'),
      'Q',
      text(72, 680, 'Back'),
      'q 2 0 0 2 0 0 cm Q', // a pair that scales and restores at once
      text(72, 660, 'Unscaled'),
      'q q q Q Q Q', // nested empty pairs: the innermost is skipped, the rest balance
      text(72, 640, 'After nesting'),
    ].join('\n');
    const { items, ops } = await readPage(content);
    expect(items).toEqual([
      { str: 'Moved', x: 172, y: 700, size: 12 },
      { str: 'Back', x: 72, y: 680, size: 12 },
      { str: 'Unscaled', x: 72, y: 660, size: 12 },
      { str: 'After nesting', x: 72, y: 640, size: 12 },
    ]);
    expect(ops.filter((op) => op === OPS.save).length).toBe(ops.filter((op) => op === OPS.restore).length);
  });

  it('leaves a save with stray operands before it and an unbalanced restore to pdf.js as before', async () => {
    const { items } = await readPage(`1 2 q Q\nQ Q\n${text(72, 700, 'Still read')}`);
    expect(items).toEqual([{ str: 'Still read', x: 72, y: 700, size: 12 }]);
  });
});
