// Turns what tesseract read (paragraphs of lines of words, with pixel boxes in the image it
// was shown) into page text and spans like the PDF text layer's: words joined by spaces,
// lines by line breaks, one span per word in page units at scale 1, origin top left of the
// page as displayed. So search, evidence and highlights work on scans unchanged.
// Pure: no tesseract import.
import type { TextSpan } from '../../../../shared/domain';
import { unrotateBox, type Rotation } from './gray-image';

/** The subset of a tesseract.js word this module reads. */
export interface OcrWord {
  readonly text: string;
  readonly confidence: number;
  readonly bbox: { readonly x0: number; readonly y0: number; readonly x1: number; readonly y1: number };
}

/** Paragraphs, each a list of lines, each a list of words, in reading order. */
export type OcrParagraphs = ReadonlyArray<ReadonlyArray<ReadonlyArray<OcrWord>>>;

export interface OcrFrame {
  /** Clockwise turn applied to the rendered image before recognition. */
  readonly rotation: Rotation;
  /** The rendered (unturned) image, in pixels. */
  readonly imageWidth: number;
  readonly imageHeight: number;
  /** Pixels per page unit: the render scale. */
  readonly scale: number;
  /** The page as displayed, in page units. */
  readonly pageWidth: number;
  readonly pageHeight: number;
}

export interface OcrText {
  readonly text: string;
  readonly spans: TextSpan[];
  /** Mean word confidence, 0-100, one decimal; null when no word was read. */
  readonly confidence: number | null;
  readonly words: number;
}

/** Specks and rules read as "|", "—" or "=" with little confidence are noise, not text. */
const NOISE_CONFIDENCE = 50;

const round = (n: number) => Math.round(n * 100) / 100;

export function ocrText(paragraphs: OcrParagraphs, frame: OcrFrame): OcrText {
  let text = '';
  const spans: TextSpan[] = [];
  let confidenceSum = 0;
  let words = 0;
  for (const lines of paragraphs) {
    for (const line of lines) {
      const kept = line.filter((w) => isText(w));
      if (kept.length === 0) continue;
      if (text.length > 0) text += '\n';
      kept.forEach((word, i) => {
        if (i > 0) text += ' ';
        const start = text.length;
        text += word.text.trim();
        spans.push([start, text.length, ...pageBox(word, frame)]);
        confidenceSum += word.confidence;
        words++;
      });
    }
  }
  return { text, spans, confidence: words > 0 ? Math.round((confidenceSum / words) * 10) / 10 : null, words };
}

function isText(word: OcrWord): boolean {
  const text = word.text.trim();
  if (text.length === 0) return false;
  return /[\p{L}\p{N}]/u.test(text) || word.confidence >= NOISE_CONFIDENCE;
}

/** The word's box on the page: back through the turn, then from pixels to page units. */
function pageBox(word: OcrWord, frame: OcrFrame): [number, number, number, number] {
  const { x0, y0, x1, y1 } = word.bbox;
  const box = unrotateBox({ x: x0, y: y0, width: x1 - x0, height: y1 - y0 }, frame.rotation, frame.imageWidth, frame.imageHeight);
  const left = clamp(box.x / frame.scale, frame.pageWidth);
  const top = clamp(box.y / frame.scale, frame.pageHeight);
  const right = clamp((box.x + box.width) / frame.scale, frame.pageWidth);
  const bottom = clamp((box.y + box.height) / frame.scale, frame.pageHeight);
  return [round(left), round(top), round(right - left), round(bottom - top)];
}

function clamp(v: number, max: number): number {
  return Math.min(Math.max(0, v), max);
}

/** Tesseract.js's block tree flattened to paragraphs of lines of words. */
export function paragraphsOf(blocks: ReadonlyArray<{ paragraphs: ReadonlyArray<{ lines: ReadonlyArray<{ words: readonly OcrWord[] }> }> }> | null): OcrWord[][][] {
  return (blocks ?? []).flatMap((b) => b.paragraphs.map((p) => p.lines.map((l) => [...l.words])));
}
