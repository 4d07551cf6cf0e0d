// Checks that the generated PDF fixtures parse (or fail to parse) in pdfjs-dist exactly as the
// integration and e2e suites expect.

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getDocument, OPS, PasswordResponses, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';
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
} from '../fixtures/pdfs';

const standardFontDataUrl = fileURLToPath(new URL('../../node_modules/pdfjs-dist/standard_fonts/', import.meta.url));

interface ReadPdf {
  numPages: number;
  info: Record<string, unknown>;
  /** Text of each requested page, items joined by newlines. */
  texts: string[];
  /** Left edge of each text item, per requested page. */
  xs: number[][];
  rotations: number[];
  imageOps: number;
}

async function readPdf(data: Uint8Array, { password, pages }: { password?: string; pages?: number[] } = {}): Promise<ReadPdf> {
  const task = getDocument({
    data: data.slice(), // pdfjs detaches the buffer it receives
    password,
    disableFontFace: true,
    isEvalSupported: false,
    useSystemFonts: false,
    standardFontDataUrl,
    verbosity: VerbosityLevel.ERRORS, // the broken fixtures would otherwise log recovery warnings
  });
  try {
    const doc = await task.promise;
    const numbers = pages ?? Array.from({ length: doc.numPages }, (_, i) => i + 1);
    const result: ReadPdf = { numPages: doc.numPages, info: {}, texts: [], xs: [], rotations: [], imageOps: 0 };
    result.info = (await doc.getMetadata()).info as Record<string, unknown>;
    for (const n of numbers) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const items = content.items.flatMap((item) => ('str' in item ? [item] : []));
      result.texts.push(items.map((item) => item.str).join('\n'));
      result.xs.push(items.map((item) => item.transform[4] as number));
      result.rotations.push(page.rotate);
      result.imageOps += (await page.getOperatorList()).fnArray.filter((op) => op === OPS.paintImageXObject).length;
    }
    return result;
  } finally {
    await task.destroy();
  }
}

describe('textPdf', () => {
  const pdf = textPdf({ pages: [['First line', 'Second (line) — “quoted” café'], ['Page two']], title: 'My Títle' });

  it('has one page per entry, with the lines in order', async () => {
    const read = await readPdf(pdf);
    expect(read.numPages).toBe(2);
    expect(read.texts).toEqual(['First line\nSecond (line) — “quoted” café', 'Page two']);
    expect(read.rotations).toEqual([0, 0]);
  });

  it('sets Title and Author', async () => {
    const { info } = await readPdf(pdf, { pages: [] });
    expect(info).toMatchObject({ Title: 'My Títle', Author: 'Abstractor tests' });
  });

  it('is deterministic and honours rotate', async () => {
    expect(textPdf({ pages: [['a']] })).toEqual(textPdf({ pages: [['a']] }));
    const read = await readPdf(textPdf({ pages: [['Upside down']], rotate: 180 }));
    expect(read.rotations).toEqual([180]);
    expect(read.texts).toEqual(['Upside down']);
  });

  it('rejects text that Helvetica/WinAnsi cannot encode', () => {
    expect(() => textPdf({ pages: [['日本']] })).toThrow(/WinAnsi/);
  });
});

describe('twoColumnPdf', () => {
  it('yields the whole left column before the right one, at distinct x positions', async () => {
    const read = await readPdf(twoColumnPdf());
    expect(read.numPages).toBe(1);
    expect(read.texts[0]!.split('\n')).toEqual([...TWO_COLUMN_LINES.left, ...TWO_COLUMN_LINES.right]);
    const left = TWO_COLUMN_LINES.left.length;
    expect(new Set(read.xs[0]!.slice(0, left))).toEqual(new Set([72]));
    expect(new Set(read.xs[0]!.slice(left))).toEqual(new Set([324]));
  });
});

describe('rotatedPdf', () => {
  it('has /Rotate 90 pages with extractable text', async () => {
    const read = await readPdf(rotatedPdf());
    expect(read.rotations).toEqual([90, 90]);
    expect(read.texts[0]).toContain('Rotated page one');
    expect(read.texts[1]).toContain('Rotated page two');
  });
});

describe.each([2, 3] as const)('encryptedPdf revision %i', (revision) => {
  const pdf = encryptedPdf({ userPassword: 'open sesame', ownerPassword: 'owner', text: 'Secret clause 7', revision });

  it('encrypts strings and streams', () => {
    const raw = Buffer.from(pdf).toString('latin1');
    expect(raw).toContain('/Encrypt');
    expect(raw).not.toContain('Secret clause');
    expect(raw).not.toContain('Encrypted fixture'); // the Info title
  });

  it('needs a password', async () => {
    await expect(readPdf(pdf)).rejects.toMatchObject({ name: 'PasswordException', code: PasswordResponses.NEED_PASSWORD });
  });

  it('rejects a wrong password', async () => {
    await expect(readPdf(pdf, { password: 'nope' })).rejects.toMatchObject({
      name: 'PasswordException',
      code: PasswordResponses.INCORRECT_PASSWORD,
    });
  });

  it.each(['open sesame', 'owner'])('opens with %j and yields the text and metadata', async (password) => {
    const read = await readPdf(pdf, { password });
    expect(read.texts).toEqual(['Secret clause 7']);
    expect(read.info).toMatchObject({ Title: 'Encrypted fixture', EncryptFilterName: 'Standard' });
  });

  it('opens without a password when the user password is empty', async () => {
    const read = await readPdf(encryptedPdf({ userPassword: '', ownerPassword: 'x', revision }));
    expect(read.texts).toEqual(['Confidential fixture text']);
  });
});

describe('brokenPdfs', () => {
  const broken = brokenPdfs();

  it.each(['truncated', 'garbage', 'notPdf', 'plainText', 'empty', 'headerOnly'] as const)('%s fails to open', async (name) => {
    await expect(readPdf(broken[name])).rejects.toMatchObject({ name: 'InvalidPDFException' });
  });

  it('has the advertised shapes', () => {
    expect(broken.empty.length).toBe(0);
    expect(Buffer.from(broken.headerOnly).toString('latin1')).toBe('%PDF-1.4\n%%EOF');
    expect(Buffer.from(broken.garbage.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(broken.notPdf.subarray(0, 4)).toEqual(Uint8Array.from([0x89, 0x50, 0x4e, 0x47]));
  });

  it('zeroPages opens with no pages (the importer must reject it itself)', async () => {
    const read = await readPdf(broken.zeroPages);
    expect(read.numPages).toBe(0);
  });
});

describe('imageOnlyPdf', () => {
  it('paints an image and has no text layer', async () => {
    const read = await readPdf(imageOnlyPdf({ pages: 2 }));
    expect(read.numPages).toBe(2);
    expect(read.texts).toEqual(['', '']);
    expect(read.imageOps).toBe(2);
  });
});

describe('largePdf', () => {
  it('builds 1000 searchable pages quickly', { timeout: 30_000 }, async () => {
    const started = performance.now();
    const pdf = largePdf(1000, { linesPerPage: 40 });
    expect(performance.now() - started).toBeLessThan(10_000);

    const read = await readPdf(pdf, { pages: [1, 42, 1000] });
    expect(read.numPages).toBe(1000);
    expect(pageMarker(42)).toBe('marker0042');
    const [first, middle, last] = read.texts;
    expect(first).toContain('Page 1 of 1000');
    expect(middle!.split('\n').slice(0, 2)).toEqual(['Page 42 of 1000', 'marker0042']);
    expect(middle).not.toContain('marker0043');
    expect(middle!.split('\n')).toHaveLength(40);
    expect(last).toContain('marker1000');
  });
});
