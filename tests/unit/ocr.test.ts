// The pure parts of OCR: gray images and their quarter turns, tesseract's words to page text
// and spans, which text a page keeps, the text-layer checks that send a page to OCR, the
// render scale cap, and that every file OCR loads is local (nothing is ever fetched).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evidenceFor, type PageSource } from '../../electron/main/services/extraction/grounding';
import { busiestWindow, crop, grayFromRgba, halve, rotate, toPgm, unrotateBox, type GrayImage, type Rotation } from '../../electron/main/services/ocr/gray-image';
import { chooseText, mergeTexts } from '../../electron/main/services/ocr/ocr-choice';
import { ocrText, type OcrWord } from '../../electron/main/services/ocr/ocr-layout';
import { DEFAULT_OCR_SETTINGS } from '../../electron/main/services/ocr/ocr-service';
import { runtimeAssets } from '../../electron/main/services/runtime-assets';
import { tesseractOptions } from '../../electron/main/services/ocr/recognizer';
import { ocrScale } from '../../electron/main/services/ocr/render-page';
import { scanContent } from '../../electron/main/services/pdf/content-stream';
import { IDENTITY } from '../../electron/main/services/pdf/matrix';
import { imageCoverage, type ImagePlacement } from '../../electron/main/services/pdf/image-coverage';
import { garbageShare, needsOcr } from '../../electron/main/services/pdf/text-quality';

/** A w x h white image with one black pixel at (x, y). */
function dot(w: number, h: number, x: number, y: number): GrayImage {
  const data = new Uint8Array(w * h).fill(255);
  data[y * w + x] = 0;
  return { width: w, height: h, data };
}

function blackAt(image: GrayImage): [number, number] {
  const i = image.data.indexOf(0);
  return [i % image.width, Math.floor(i / image.width)];
}

function word(text: string, x0: number, y0: number, x1: number, y1: number, confidence = 90): OcrWord {
  return { text, confidence, bbox: { x0, y0, x1, y1 } };
}

describe('gray images', () => {
  it('converts RGBA to gray, with transparent pixels as paper', () => {
    const rgba = Uint8Array.from([0, 0, 0, 255, 255, 255, 255, 255, 0, 0, 0, 0, 255, 0, 0, 255]);
    expect([...grayFromRgba(rgba, 4, 1).data]).toEqual([0, 255, 255, 76]);
  });

  it.each([0, 90, 180, 270] as const)('turns by %i degrees, and maps boxes back to the unturned image', (turn: Rotation) => {
    const image = dot(5, 3, 1, 0);
    const turned = rotate(image, turn);
    expect([turned.width, turned.height]).toEqual(turn % 180 === 0 ? [5, 3] : [3, 5]);
    const [x, y] = blackAt(turned);
    // A one-pixel box around the dot in the turned image comes back to the dot.
    expect(unrotateBox({ x, y, width: 1, height: 1 }, turn, 5, 3)).toEqual({ x: 1, y: 0, width: 1, height: 1 });
  });

  it('turns clockwise: the top left corner goes to the top right at 90 degrees', () => {
    expect(blackAt(rotate(dot(4, 2, 0, 0), 90))).toEqual([1, 0]);
    expect(blackAt(rotate(dot(4, 2, 0, 0), 270))).toEqual([0, 3]);
  });

  it('halves, crops, and encodes PGM', () => {
    const image: GrayImage = { width: 4, height: 2, data: Uint8Array.from([0, 0, 255, 255, 0, 0, 255, 255]) };
    expect(halve(image)).toEqual({ width: 2, height: 1, data: Uint8Array.from([0, 255]) });
    expect(crop(image, { x: 2, y: 0, width: 2, height: 2 }).data).toEqual(Uint8Array.from([255, 255, 255, 255]));
    const pgm = toPgm(image);
    expect(new TextDecoder().decode(pgm.subarray(0, 11))).toBe('P5\n4 2\n255\n');
    expect(pgm.length).toBe(11 + 8);
  });

  it('finds the window with the most ink edges', () => {
    const w = 64;
    const data = new Uint8Array(w * w).fill(255);
    // A striped block (text-like) in the bottom right quarter.
    for (let y = 40; y < 60; y++) for (let x = 40; x < 60; x += 2) data[y * w + x] = 0;
    const box = busiestWindow({ width: w, height: w, data }, 24);
    expect(box.x).toBeGreaterThanOrEqual(36);
    expect(box.y).toBeGreaterThanOrEqual(36);
  });
});

describe('OCR words to page text and spans', () => {
  const frame = { rotation: 0 as Rotation, imageWidth: 1000, imageHeight: 2000, scale: 2, pageWidth: 500, pageHeight: 1000 };

  it('joins words with spaces and lines with line breaks, one span per word in page units', () => {
    const out = ocrText(
      [
        [[word('Hello', 100, 100, 200, 130), word('world', 220, 100, 320, 130, 80)]],
        [[word('Second', 100, 200, 220, 230, 70)]],
      ],
      frame,
    );
    expect(out.text).toBe('Hello world\nSecond');
    expect(out.spans).toEqual([
      [0, 5, 50, 50, 50, 15],
      [6, 11, 110, 50, 50, 15],
      [12, 18, 50, 100, 60, 15],
    ]);
    expect(out.confidence).toBe(80);
    expect(out.words).toBe(3);
  });

  it('drops blank words and low-confidence specks, keeps low-confidence words with letters', () => {
    const out = ocrText([[[word(' ', 0, 0, 1, 1), word('|', 5, 5, 6, 30, 20), word('faint', 10, 10, 60, 30, 30), word('—', 70, 10, 90, 30, 95)]]], frame);
    expect(out.text).toBe('faint —');
    expect(out.confidence).toBe(62.5);
  });

  it('has no confidence when nothing was read', () => {
    expect(ocrText([], frame)).toEqual({ text: '', spans: [], confidence: null, words: 0 });
  });

  it('maps boxes of a turned image back onto the page, inside its bounds', () => {
    // The image was turned 90 degrees clockwise before reading (2000 wide, 1000 high): its
    // top left corner was the bottom left of the page.
    const out = ocrText([[[word('Turned', 0, 0, 400, 60)]]], { ...frame, rotation: 90 });
    const [, , x, y, w, h] = out.spans[0]!;
    expect([x, y, w, h]).toEqual([0, 800, 30, 200]);
    const clipped = ocrText([[[word('Edge', 900, 1900, 1200, 2100)]]], frame);
    const [, , cx, cy, cw, ch] = clipped.spans[0]!;
    expect(cx + cw).toBeLessThanOrEqual(500);
    expect(cy + ch).toBeLessThanOrEqual(1000);
  });
});

describe('which text a page keeps', () => {
  it('always takes OCR for a page with next to no text', () => {
    expect(chooseText('', { text: 'anything', confidence: 20 })).toBe('ocr');
    expect(chooseText('p. 2', { text: '', confidence: null })).toBe('ocr');
  });

  it('keeps stamps over a scan in front of the OCR text, when OCR reads much more, confidently', () => {
    const stamps = 'Case 4:08-cv-02214-SBA Document 27 Filed 02/03/09 Page 1 of 2';
    const body = `Cageat03:0802 Hiled\n${'The parties stipulate to the dismissal of the action with prejudice. '.repeat(5)}`;
    expect(chooseText(stamps, { text: body, confidence: 88 })).toBe('both');
    expect(chooseText(stamps, { text: body, confidence: 40 })).toBe('pdf');
    expect(chooseText(stamps, { text: `${stamps} MEDICAL CONFIDENTIAL`, confidence: 90 })).toBe('pdf');
    const merged = mergeTexts({ text: 'Case 4:08', spans: [[0, 4, 1, 1, 10, 5], [5, 9, 12, 1, 10, 5]] }, { text: 'Body text', spans: [[0, 4, 1, 20, 10, 5], [5, 9, 12, 20, 10, 5]] });
    expect(merged.text).toBe('Case 4:08\nBody text');
    expect(merged.spans.map(([a, b]) => merged.text.slice(a, b))).toEqual(['Case', '4:08', 'Body', 'text']);
  });

  it('replaces a garbage layer only with text that reads clearly better', () => {
    const garbage = 'Hanorosas:tAeKnapai IVIs:tno ynnal.IVIBaeMoMy CBS\'I3VI npVIMeHeHVIeMynpo~eHHOH CVICTeMbl HoMep KoppeKn1pOBKH nepHOA KoA Cl>opMa c6opa TeKcT '.repeat(2);
    expect(chooseText(garbage, { text: 'The declaration of tax paid under the simplified system, page one of eight, with totals and codes for the period.', confidence: 80 })).toBe('ocr');
    expect(chooseText(garbage, { text: garbage, confidence: 80 })).toBe('pdf');
  });
});

describe('text layers that send a page to OCR', () => {
  it('flags empty and near-empty pages', () => {
    expect(needsOcr('')).toBe(true);
    expect(needsOcr('p. 2')).toBe(true);
    expect(needsOcr('"7+%-')).toBe(true);
  });

  it('flags Latin garbage from a bad OCR layer (Cyrillic read as Latin)', () => {
    const a28 = 'Hanorosas:tAeKnapai...IVIs:tno Hanory, ynnal.IVIBaeMoMy B CBS\'I3VI C npVIMeHeHVIeMynpo~eHHOH CVICTeMbl Hanoroo6nO>KeHVIS\'I HoMep KoppeKn1pOBKH npe,[ICT8BflH8TCH H8norosbiH nepHOA (KoA) B H8nOrOBbiH opr8H (KOA) 0T';
    expect(garbageShare(a28)!).toBeGreaterThan(0.5);
    expect(needsOcr(a28)).toBe(true);
  });

  it('leaves real text alone: prose, identifiers, names, URLs, CJK and Thai', () => {
    for (const text of [
      'This Agreement is made on 15 July 2016 between the Minister for the Cabinet Office and the Supplier. '.repeat(3),
      'NM_005157.4 NM_004119.2 RM1557viii https://www.gov.uk/government/publications/gcloud8frameworkagreement McDonald MacArthur iPhone JavaScript and the rest of the sentence reads as usual text here.',
      '電線接続端子部が次のいずれにも該当しないとき。 ａ ねじ止め端子であること。 ｂ ねじなし端子であって、工具を用いずに電線の接続を行うことができる速結端子又は 1 2 3 4 5 6 7 8 9 10 11 12',
      'เวกเตอร์ที่มีขนาดเท่ากับ u v ในข้อด เรียนเลขพี่นวย คณิต มงคลพิทักษ์สุข เวกเตอร์ ที่มี ขนาด เท่ากับ ใน ข้อ ด้วย ครับ',
    ]) {
      expect(needsOcr(text), text.slice(0, 40)).toBe(false);
    }
  });

  it('measures how much of the page images cover, at scan resolution only', () => {
    // A 612 x 792 page covered by a 1700 x 2200 image (200 ppi), then a small logo.
    const painted = placements('q 612 0 0 792 0 0 cm /Im1 Do Q q 72 0 0 72 10 10 cm /Im2 Do Q', { Im1: 1700 * 2200, Im2: 100 * 100 });
    expect(painted.map((p) => p.ctm)).toEqual([
      [612, 0, 0, 792, 0, 0],
      [72, 0, 0, 72, 10, 10],
    ]);
    expect(imageCoverage(painted, 612 * 792)).toBe(1);
    expect(imageCoverage(painted, 612 * 792, 140)).toBe(1);
    // A faint 95 ppi background picture does not count as a scan.
    expect(imageCoverage(placements('q 612 0 0 792 0 0 cm /Im1 Do Q', { Im1: 816 * 1056 }), 612 * 792, 140)).toBe(0);
  });

  it('reads placements from the operators alone: nested transforms, inline images, text and garbage skipped', () => {
    const content = [
      '% a comment with q and cm in it',
      'BT /F1 9 Tf (stamp \\) Q cm Do) Tj <48656c6c6f> Tj ET',
      '/P <</MCID 0>> BDC 2 0 0 2 0 0 cm q 306 0 0 396 0 0 cm /Scan Do Q EMC',
      'q 10 0 0 10 5 5 cm BI /W 4 /H 2 /BPC 8 /CS /G ID \x00EI Q\x01 EI Q',
      ') ] } >> 1 2 cm /Im Do', // stray delimiters; cm with too few operands is ignored
    ].join('\n');
    const painted = placements(content, { Scan: 1275 * 1650, Im: 1 });
    expect(painted).toEqual([
      { ctm: [612, 0, 0, 792, 0, 0], pixels: 1275 * 1650 },
      { ctm: [20, 0, 0, 20, 10, 10], pixels: 8 },
      { ctm: [2, 0, 0, 2, 0, 0], pixels: 1 },
    ]);
  });

  it('steps over empty save/restore pairs as the operators they are', () => {
    // Pairs between, around and inside transforms change nothing; each still costs the budget two.
    const pairs = 'q Q\rq\nQ '.repeat(100);
    const plain = 'q 2 0 0 2 0 0 cm q 306 0 0 396 0 0 cm /Scan Do Q /Scan Do Q /Scan Do';
    const padded = `${pairs}q ${pairs}2 0 0 2 0 0 cm ${pairs}q 306 0 0 396 0 0 cm /Scan Do ${pairs}Q ${pairs}/Scan Do Q ${pairs}/Scan Do`;
    expect(placements(padded, { Scan: 1 })).toEqual(placements(plain, { Scan: 1 }));
    const budget = { operators: 10_000 };
    scanContent(new TextEncoder().encode('q Q '.repeat(1000)), IDENTITY, { xobject: () => undefined, inlineImage: () => undefined }, budget);
    expect(budget.operators).toBe(8000);
    // 'qQ' is one (unknown) word, and a Q after a comment is still a Q.
    expect(placements('q 2 0 0 2 0 0 cm qQ /A Do q %c\nQ /B Do Q /C Do', {}).map((p) => p.ctm[0])).toEqual([2, 2, 1]);
    // At the depth limit a q saves nothing, so its Q restores the transform saved before.
    const deep = `${'q '.repeat(1000)}2 0 0 2 0 0 cm q 3 0 0 3 0 0 cm q Q /A Do`;
    expect(placements(deep, {}).map((p) => p.ctm[0])).toEqual([1]);
  });

  it('stops a hostile content stream at its operator budget', () => {
    const budget = { operators: 1000 };
    const seen: number[] = [];
    scanContent(new TextEncoder().encode('q '.repeat(100_000) + '1 0 0 1 0 0 cm /X Do'), IDENTITY, { xobject: () => seen.push(1), inlineImage: () => undefined }, budget);
    expect(budget.operators).toBe(0);
    expect(seen).toEqual([]);
  });
});

describe('rendering for OCR', () => {
  it('renders at 300 dpi, but caps enormous pages (A36: 2160 pt square) at the pixel budget', () => {
    expect(ocrScale(612, 792, 300, DEFAULT_OCR_SETTINGS.maxPixels)).toBeCloseTo(300 / 72);
    const scale = ocrScale(2160, 2160, 300, DEFAULT_OCR_SETTINGS.maxPixels);
    expect((2160 * scale) ** 2).toBeLessThanOrEqual(DEFAULT_OCR_SETTINGS.maxPixels + 1);
  });
});

describe('OCR runs offline', () => {
  it('loads the engine, the language data and pdf.js assets from local files only', () => {
    const assets = runtimeAssets().ocr;
    for (const [key, value] of Object.entries(assets)) {
      expect(path.isAbsolute(value), key).toBe(true);
      expect(value, key).not.toMatch(/^[a-z]+:\/\//i);
      expect(fs.existsSync(value), key).toBe(true);
    }
    expect(fs.existsSync(path.join(assets.langPath, 'eng.traineddata.gz'))).toBe(true);
    const options = tesseractOptions({ langPath: assets.langPath, workerPath: assets.tesseractWorker });
    // A local langPath is read from disk; a URL (or none: the CDN) would be fetched.
    expect(options.langPath).toBe(assets.langPath);
    expect(options.cacheMethod).toBe('none');
    expect(options.gzip).toBe(true);
  });
});

describe('evidence on OCR pages', () => {
  it('carries the page OCR confidence, and nothing for PDF text', () => {
    const source = (confidence: number | null): PageSource => ({
      text: () => 'The salary is 4500 dollars.',
      spans: () => [[0, 27, 10, 10, 200, 12]],
      ocrConfidence: () => confidence,
    });
    expect(evidenceFor(source(41.5), 1, 14, 18).ocrConfidence).toBe(41.5);
    expect(evidenceFor(source(null), 1, 14, 18)).not.toHaveProperty('ocrConfidence');
  });
});

/** The images a content stream paints, with XObject pixel counts by name. */
function placements(content: string, pixels: Record<string, number>): ImagePlacement[] {
  const out: ImagePlacement[] = [];
  const bytes = Uint8Array.from(content, (c) => c.charCodeAt(0));
  scanContent(bytes, IDENTITY, { xobject: (name, ctm) => out.push({ ctm, pixels: pixels[name] ?? null }), inlineImage: (p, ctm) => out.push({ ctm, pixels: p }) }, { operators: 10_000 });
  return out;
}
