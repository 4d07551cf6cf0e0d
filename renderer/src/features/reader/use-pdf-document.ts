// Loads a document's PDF from the archive by ranges and opens it with pdf.js, asking for a
// password when the stored file is protected. Destroys the pdf.js document on change.
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist';
import { PasswordResponses } from 'pdfjs-dist';
import { useCallback, useEffect, useRef, useState } from 'react';
import { call, errorMessage } from '../../ipc/api';
import { openPdf, openPdfByRanges } from './pdf-loader';

export type PdfState =
  | { readonly status: 'loading' }
  /** `password`: the one the PDF opened with, for exports that draw it again (never stored). */
  | { readonly status: 'ready'; readonly pdf: PDFDocumentProxy; readonly password?: string }
  | { readonly status: 'password'; readonly incorrect: boolean; submit(password: string): void }
  | { readonly status: 'error'; readonly message: string };

// The first answer carries the file's start and its size; a file this small comes whole.
const FIRST_BYTES = 256 * 1024;

export function usePdfDocument(documentId: number): PdfState & { reload(): void } {
  const [state, setState] = useState<PdfState>({ status: 'loading' });
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    let live = true;
    let task: ReturnType<typeof openPdf> | null = null;
    let password: string | undefined;
    setState({ status: 'loading' });
    (async () => {
      try {
        const first = await call('documents:pdfRange', { id: documentId, begin: 0, end: FIRST_BYTES });
        if (!live) return;
        const fail = (err: unknown) => {
          if (!live) return;
          setState({ status: 'error', message: errorMessage(err) });
          void task?.destroy();
        };
        const readRange = async (begin: number, end: number) => (await call('documents:pdfRange', { id: documentId, begin, end })).data;
        task = first.data.length >= first.size ? openPdf(first.data) : openPdfByRanges(first.size, first.data, readRange, fail);
        task.onPassword = (update: (password: string) => void, reason: number) => {
          if (!live) return;
          setState({
            status: 'password',
            incorrect: reason === PasswordResponses.INCORRECT_PASSWORD,
            submit: (entered) => {
              setState({ status: 'loading' });
              password = entered;
              update(entered);
            },
          });
        };
        const pdf = await task.promise;
        if (live) setState({ status: 'ready', pdf, ...(password !== undefined ? { password } : {}) });
      } catch (err) {
        if (live) setState({ status: 'error', message: errorMessage(err) });
      }
    })();
    return () => {
      live = false;
      void task?.destroy();
    };
  }, [documentId, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { ...state, reload };
}

/** The pdf.js page object for one page number, or null while it loads. */
export function usePdfPage(pdf: PDFDocumentProxy | null, pageNumber: number): { page: PDFPageProxy | null; error: string | null } {
  const [result, setResult] = useState<{ page: PDFPageProxy | null; error: string | null }>({ page: null, error: null });
  const requested = useRef(0);

  useEffect(() => {
    if (!pdf || pageNumber < 1 || pageNumber > pdf.numPages) {
      setResult({ page: null, error: null });
      return;
    }
    const ticket = ++requested.current;
    pdf.getPage(pageNumber).then(
      (page) => ticket === requested.current && setResult({ page, error: null }),
      (err: unknown) => ticket === requested.current && setResult({ page: null, error: errorMessage(err) }),
    );
  }, [pdf, pageNumber]);

  return result;
}
