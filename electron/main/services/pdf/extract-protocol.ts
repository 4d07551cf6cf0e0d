// Messages between the PDF reader (main thread) and its extraction workers.
import type { AppErrorData } from '../../../../shared/errors';
import type { NewPage } from '../archive/archive';

export interface ExtractRequest {
  readonly type: 'extract';
  readonly path: string;
  readonly password?: string;
  /** Folders (ending in a separator) with pdf.js CMaps and standard fonts. */
  readonly cMapDir: string;
  readonly standardFontDir: string;
}

export type WorkerToReader =
  | { readonly type: 'opened'; readonly pageCount: number; readonly metadata: Record<string, string> }
  | { readonly type: 'page'; readonly page: NewPage }
  | { readonly type: 'done' }
  | { readonly type: 'failed'; readonly error: AppErrorData };

/** The reader acknowledges each page it has stored; the worker stays a few pages ahead at most. */
export type ReaderToWorker = ExtractRequest | { readonly type: 'ack' };

export const PAGES_IN_FLIGHT = 8;
