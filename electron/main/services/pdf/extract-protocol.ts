// Messages between the PDF reader (main thread) and its extraction workers. Pages are
// the unit of work: a worker opens a file, then is handed page numbers a few at a time
// (it handles messages strictly in order), so an idle worker can join a long document
// that another worker is reading.
import type { AppErrorData } from '../../../../shared/errors';
import type { StoredFileRef } from '../archive/crypto/stored-file';
import type { NewPage } from './page';

export interface OpenRequest {
  readonly type: 'open';
  /** The file and its key: the worker decrypts in memory, so no plaintext copy is written. */
  readonly file: StoredFileRef;
  readonly password?: string;
  /** Folders (ending in a separator) with pdf.js CMaps and standard fonts. */
  readonly cMapDir: string;
  readonly standardFontDir: string;
}

export type ReaderToWorker =
  | OpenRequest
  /** Read this page next. */
  | { readonly type: 'read'; readonly number: number }
  /** No pages left for you: close the file. */
  | { readonly type: 'close' };

export type WorkerToReader =
  | { readonly type: 'opened'; readonly pageCount: number; readonly metadata: Record<string, string> }
  | { readonly type: 'page'; readonly page: NewPage }
  | { readonly type: 'closed' }
  | { readonly type: 'failed'; readonly error: AppErrorData };
