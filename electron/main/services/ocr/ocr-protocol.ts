// Messages between the OCR service (main thread) and its workers. A page is the unit of work:
// the worker renders it, finds which way up it is, reads it and answers with text and spans,
// so a crash or a time limit costs one page. The same worker also draws the de-identified PDF
// export (services/deid): it already holds pdf.js and the page renderer.
import type { TextSpan } from '../../../../shared/domain';
import type { AppErrorData } from '../../../../shared/errors';
import type { StoredFileRef } from '../archive/crypto/stored-file';
import type { Rotation } from './gray-image';
import type { RedactPage, RedactSettings } from '../deid/redacted-pdf';

/** Local files only: OCR never touches the network. */
export interface OcrAssets {
  /** pdf.js folders, each ending in a separator: CMaps, standard fonts, wasm decoders, ICC profiles. */
  readonly cMapDir: string;
  readonly standardFontDir: string;
  readonly wasmDir: string;
  readonly iccDir: string;
  /** Folder holding eng.traineddata.gz (from @tesseract.js-data/eng). */
  readonly langPath: string;
  /** tesseract.js's Node worker script. */
  readonly tesseractWorker: string;
}

export interface OcrSettings {
  /** Render resolution; 300 dpi reads well. */
  readonly dpi: number;
  /** Cap on the rendered pixels, so an enormous page renders coarser instead of exhausting memory. */
  readonly maxPixels: number;
  /** Probe the four quarter turns when the page does not read upright. */
  readonly detectOrientation: boolean;
}

export interface RecognizeRequest {
  readonly type: 'recognize';
  readonly id: number;
  /** The archived file and its key: decrypted in memory by the worker. */
  readonly file: StoredFileRef;
  readonly password?: string;
  readonly number: number;
  readonly assets: OcrAssets;
  readonly settings: OcrSettings;
}

export interface OcrPageResult {
  readonly number: number;
  readonly text: string;
  readonly spans: TextSpan[];
  /** Mean word confidence 0-100; null when no word was read. */
  readonly confidence: number | null;
  readonly words: number;
  /** Clockwise turn that made the page's text upright. */
  readonly rotation: Rotation;
  /** Pixels per page unit of the render (dpi / 72 unless capped). */
  readonly scale: number;
  readonly renderMs: number;
  /** Orientation probes; 0 when the page read upright at the first try or probing is off. */
  readonly orientMs: number;
  readonly recognizeMs: number;
}

/** The listed pages drawn as images with the boxes blacked out, as a new PDF. */
export interface RedactRequest {
  readonly type: 'redact';
  readonly id: number;
  readonly file: StoredFileRef;
  readonly password?: string;
  readonly pages: readonly RedactPage[];
  readonly assets: OcrAssets;
  readonly settings: RedactSettings;
}

export type ServiceToOcrWorker = RecognizeRequest | RedactRequest;

export type OcrWorkerToService =
  | { readonly type: 'done'; readonly id: number; readonly page: OcrPageResult }
  | { readonly type: 'redacted'; readonly id: number; readonly data: Uint8Array }
  | { readonly type: 'failed'; readonly id: number; readonly error: AppErrorData };
