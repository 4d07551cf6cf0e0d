// The size of every page of a PDF at scale 1 (pdf.js viewports, rotation included), for the
// continuous scroll's placeholders. The page opened first gives the size every other page is
// assumed to have; once `measureAll` (the first page is on screen, so this does not compete
// with it) the real sizes are read in the background, a batch at a time.
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { useEffect, useMemo, useState } from 'react';
import type { PageSize } from './page-stack-layout';

export interface PageSizes {
  /** The size of the page opened first: the one fit width is taken from. */
  readonly base: PageSize;
  sizeOf(pageNumber: number): PageSize;
}

const BATCH = 32;

function sizeOfPage(page: { getViewport(options: { scale: number }): { width: number; height: number } }): PageSize {
  const { width, height } = page.getViewport({ scale: 1 });
  return { width, height };
}

export function usePageSizes(pdf: PDFDocumentProxy | null, firstPage: number, measureAll: boolean): { sizes: PageSizes | null; error: string | null } {
  const [base, setBase] = useState<PageSize | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [known, setKnown] = useState<ReadonlyMap<number, PageSize>>(new Map());

  // The first page only, and only when the document changes: later page changes keep the base.
  useEffect(() => {
    setBase(null);
    setError(null);
    setKnown(new Map());
    if (!pdf) return;
    let live = true;
    const number = Math.min(Math.max(1, firstPage), pdf.numPages);
    pdf.getPage(number).then(
      (page) => {
        if (!live) return;
        const size = sizeOfPage(page);
        setBase(size);
        setKnown(new Map([[number, size]]));
      },
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the page opened first, not the page now
  }, [pdf]);

  useEffect(() => {
    if (!pdf || !base || !measureAll) return;
    let live = true;
    (async () => {
      let batch = new Map<number, PageSize>();
      for (let n = 1; n <= pdf.numPages; n++) {
        try {
          const page = await pdf.getPage(n);
          if (!live) return;
          batch.set(n, sizeOfPage(page));
        } catch {
          // A page that cannot be read keeps the assumed size; it reports its error when shown.
        }
        if (batch.size >= BATCH || n === pdf.numPages) {
          const add = batch;
          batch = new Map();
          setKnown((current) => new Map([...current, ...add]));
        }
      }
    })();
    return () => {
      live = false;
    };
  }, [pdf, base, measureAll]);

  const sizes = useMemo<PageSizes | null>(() => (base ? { base, sizeOf: (n) => known.get(n) ?? base } : null), [base, known]);
  return { sizes, error };
}
