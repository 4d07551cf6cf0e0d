// A page as the PDF reader delivers it: what the archive stores and OCR may later replace.
// It lives here, with the reader, so pdf/ needs nothing from the archive (the archive imports it).
import type { TextSpan } from '../../../../shared/domain';

export interface NewPage {
  readonly number: number;
  readonly text: string;
  readonly width: number;
  readonly height: number;
  readonly hasTextLayer: boolean;
  /** Too little text to be useful: a scan or an image that OCR should read. */
  readonly needsOcr: boolean;
  readonly spans: readonly TextSpan[];
}
