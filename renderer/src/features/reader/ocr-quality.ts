// How the reader and the Extract tab describe a page whose text came from OCR: "OCR 87%", or
// a warning below LOW_OCR_CONFIDENCE so a person checks the words against the page image.
// Pure: no React, no DOM.
import { LOW_OCR_CONFIDENCE, type PageInfo } from '../../../../shared/domain';

export interface OcrQuality {
  readonly label: string;
  readonly title: string;
  readonly low: boolean;
}

export function isLowOcrConfidence(confidence: number | null | undefined): boolean {
  return typeof confidence === 'number' && confidence < LOW_OCR_CONFIDENCE;
}

/** Null for a page whose text came from the PDF itself. */
export function ocrQuality(page: Pick<PageInfo, 'textSource' | 'ocrConfidence'>): OcrQuality | null {
  if (page.textSource !== 'ocr') return null;
  const confidence = page.ocrConfidence;
  if (confidence === null) {
    return { label: 'OCR: no text', title: 'OCR found no words on this page.', low: false };
  }
  const percent = Math.round(confidence);
  if (isLowOcrConfidence(confidence)) {
    return {
      label: `Low OCR confidence ${percent}%`,
      title: `This page's text was read by OCR with a mean word confidence of ${percent}%: check it against the page image.`,
      low: true,
    };
  }
  return { label: `OCR ${percent}%`, title: `This page's text was read by OCR (mean word confidence ${percent}%).`, low: false };
}

/** The warning an evidence chip carries when the page it cites was OCR'd with low confidence. */
export function evidenceOcrWarning(evidence: { readonly page: number; readonly ocrConfidence?: number }): string | null {
  if (!isLowOcrConfidence(evidence.ocrConfidence)) return null;
  return `Page ${evidence.page} was read by OCR with low confidence (${Math.round(evidence.ocrConfidence!)}%): check this value against the page.`;
}
