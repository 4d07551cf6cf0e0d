// How the reader and the Extract tab describe OCR'd pages and evidence on them.
import { describe, expect, it } from 'vitest';
import { evidenceOcrWarning, ocrQuality } from '../../renderer/src/features/reader/ocr-quality';

describe('OCR quality marks', () => {
  it('says nothing for PDF text', () => {
    expect(ocrQuality({ textSource: 'pdf', ocrConfidence: null })).toBeNull();
  });

  it('shows the confidence of an OCR page, as a warning below 60%', () => {
    expect(ocrQuality({ textSource: 'ocr', ocrConfidence: 87.4 })).toMatchObject({ label: 'OCR 87%', low: false });
    expect(ocrQuality({ textSource: 'ocr', ocrConfidence: 41.2 })).toMatchObject({ label: 'Low OCR confidence 41%', low: true });
    expect(ocrQuality({ textSource: 'ocr', ocrConfidence: null })).toMatchObject({ label: 'OCR: no text', low: false });
  });

  it('warns on evidence from a page OCR read with low confidence only', () => {
    expect(evidenceOcrWarning({ page: 3, ocrConfidence: 41 })).toMatch(/Page 3 .*41%/);
    expect(evidenceOcrWarning({ page: 3, ocrConfidence: 75 })).toBeNull();
    expect(evidenceOcrWarning({ page: 3 })).toBeNull();
  });
});
