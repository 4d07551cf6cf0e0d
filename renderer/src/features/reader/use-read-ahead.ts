// Draws the pages the reader is likely to turn to next (the next two, then the previous one)
// into the page cache, one at a time, once the current page is on screen, so a page turn
// shows a drawn page at once. Stops when the page, the scale or the document changes.
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { useEffect, useState } from 'react';
import type { DrawGate } from './draw-gate';
import { drawPage, type RenderedPageCache } from './page-cache';

const AHEAD = [1, 2, -1] as const;

/** Returns the pages around `page` that are drawn and waiting (shown on the page for tests). */
export function useReadAhead(pdf: PDFDocumentProxy | null, cache: RenderedPageCache, gate: DrawGate, page: number, scale: number, currentDrawn: boolean): readonly number[] {
  const [ready, setReady] = useState<readonly number[]>([]);
  useEffect(() => {
    setReady([]);
    if (!pdf || !currentDrawn) return;
    let live = true;
    let cancel: (() => void) | null = null;
    (async () => {
      for (const delta of AHEAD) {
        const number = page + delta;
        if (!live) return;
        if (number < 1 || number > pdf.numPages) continue;
        if (cache.has(number, scale)) {
          setReady((list) => [...list, number]);
          continue;
        }
        try {
          const proxy = await pdf.getPage(number);
          if (!live) return;
          const drawing = drawPage(proxy, scale, gate);
          cancel = drawing.cancel;
          await drawing.promise;
          cancel = null;
          if (!live) return;
          cache.put(proxy, scale, drawing.canvas);
          setReady((list) => [...list, number]);
        } catch {
          // Drawing ahead is best effort: the page draws (and reports its error) when turned to.
          return;
        }
      }
    })();
    return () => {
      live = false;
      cancel?.();
    };
  }, [pdf, cache, gate, page, scale, currentDrawn]);
  return ready;
}
