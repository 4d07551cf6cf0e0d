// Which text a page keeps after OCR. A page flagged only because its text layer looked like
// garbage, or held a few stamps over a scan, still has the PDF's exact characters: garbage is
// replaced only when OCR reads clearly better; stamps (case numbers, Bates numbers) are kept
// in front of what OCR read of the page beneath them. Pure.
import type { TextSpan } from '../../../../shared/domain';
import { GARBAGE_SHARE, garbageShare, MIN_TEXT_CHARS, visibleChars } from '../pdf/text-quality';

/** Below this confidence OCR never displaces a text layer (it always fills an empty page). */
const REPLACE_CONFIDENCE = 50;

export interface PageWords {
  readonly text: string;
  readonly spans: readonly TextSpan[];
}

export interface OcrCandidate extends PageWords {
  readonly confidence: number | null;
}

/** 'ocr': OCR's text alone; 'both': the PDF's text, then OCR's; 'pdf': the PDF's text as it was. */
export type TextChoice = 'ocr' | 'both' | 'pdf';

export function chooseText(pdfText: string, ocr: Pick<OcrCandidate, 'text' | 'confidence'>): TextChoice {
  const before = visibleChars(pdfText);
  // Nothing (or next to nothing) to lose.
  if (before < MIN_TEXT_CHARS) return 'ocr';
  if (ocr.confidence === null || ocr.confidence < REPLACE_CONFIDENCE) return 'pdf';
  const was = garbageShare(pdfText) ?? 0;
  if (was >= GARBAGE_SHARE) return (garbageShare(ocr.text) ?? 0) < was / 2 ? 'ocr' : 'pdf';
  // A layer of stamps over a scan: OCR read the page beneath them too.
  return visibleChars(ocr.text) >= before * 1.5 + 50 ? 'both' : 'pdf';
}

/** The PDF's text and spans, a line break, then OCR's with its offsets moved along. */
export function mergeTexts(pdf: PageWords, ocr: PageWords): PageWords {
  if (ocr.text.length === 0) return pdf;
  const shift = pdf.text.length + 1;
  return {
    text: `${pdf.text}\n${ocr.text}`,
    spans: [...pdf.spans, ...ocr.spans.map(([start, end, x, y, w, h]): TextSpan => [start + shift, end + shift, x, y, w, h])],
  };
}
