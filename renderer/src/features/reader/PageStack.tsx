// Every page of the PDF in one continuous scroll, virtualized: only the pages in view and one
// on each side are in the DOM; the rest of the scroll is empty room of the pages' real sizes.
// A page in view is drawn (canvas and text layer); a page beside the view shows its canvas only
// when it was drawn ahead, so it never competes with the pages being read.
import { useVirtualizer } from '@tanstack/react-virtual';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { useLayoutEffect, useMemo, type RefObject } from 'react';
import type { Definition } from '../../../../shared/definitions/api';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useCall } from '../../ipc/use-call';
import { findQueryRanges, type QueryPhrases } from '../search/query-terms';
import type { Highlight } from './HighlightOverlay';
import type { DrawGate } from './draw-gate';
import type { RenderedPageCache } from './page-cache';
import { PAGE_GAP, STACK_MARGIN, drawnSize, type StackLayout } from './page-stack-layout';
import { PdfPage } from './PdfPage';
import { searchHighlights } from './search-highlights';
import { usePdfPage } from './use-pdf-document';
import type { PageSizes } from './use-page-sizes';
import './PageStack.css';

export interface PageStackProps {
  readonly pdf: PDFDocumentProxy;
  readonly sizes: PageSizes;
  readonly layout: StackLayout;
  readonly scale: number;
  readonly scroller: RefObject<HTMLDivElement | null>;
  /** The page the reader is on (marked on its element for tests and styles). */
  readonly current: number;
  /** The current page's highlights (search and evidence) and the evidence's page's. */
  readonly highlights: ReadonlyMap<number, readonly Highlight[]>;
  /** The search that opened the document: other pages in view find and mark its matches themselves. */
  readonly documentId: number;
  readonly phrases: QueryPhrases;
  readonly definitions: readonly Definition[] | undefined;
  readonly cache: RenderedPageCache;
  readonly gate: DrawGate;
  /** Pages drawn ahead into the cache: shown from it even while just outside the view. */
  readonly drawnAhead: readonly number[];
  readonly onDrawn: (pageNumber: number, scale: number, drawn: boolean) => void;
}

const NO_HIGHLIGHTS: readonly Highlight[] = [];

export function PageStack(props: PageStackProps) {
  const { pdf, sizes, layout, scale, scroller, current, highlights, documentId, phrases, definitions, cache, gate, drawnAhead, onDrawn } = props;
  const virtualizer = useVirtualizer({
    count: layout.tops.length,
    getScrollElement: () => scroller.current,
    estimateSize: (index) => (layout.heights[index] ?? 0) + PAGE_GAP,
    paddingStart: STACK_MARGIN,
    paddingEnd: STACK_MARGIN,
    overscan: 1,
  });
  // The virtualizer keeps its own copy of the sizes: renew it when the layout changes.
  useLayoutEffect(() => virtualizer.measure(), [layout, virtualizer]);

  const inView = virtualizer.range;
  return (
    <div className="page-stack" style={{ height: layout.total, width: layout.maxWidth + 2 * STACK_MARGIN }}>
      {virtualizer.getVirtualItems().map((item) => {
        const pageNumber = item.index + 1;
        const visible = inView !== null && item.index >= inView.startIndex && item.index <= inView.endIndex;
        // The current page's matches come with `highlights`; another page in view finds its own.
        const findIn = pageNumber !== current && visible && phrases.length > 0 ? { documentId, phrases } : null;
        return (
          <div key={item.key} className="page-stack__slot" style={{ top: layout.tops[item.index] }}>
            <PageSlot
              pdf={pdf}
              pageNumber={pageNumber}
              size={drawnSize(sizes.sizeOf(pageNumber), scale)}
              scale={scale}
              current={pageNumber === current}
              draw={visible || drawnAhead.includes(pageNumber)}
              highlights={highlights.get(pageNumber) ?? NO_HIGHLIGHTS}
              findIn={findIn}
              definitions={definitions}
              cache={cache}
              gate={gate}
              onDrawn={onDrawn}
            />
          </div>
        );
      })}
    </div>
  );
}

interface PageSlotProps {
  readonly pdf: PDFDocumentProxy;
  readonly pageNumber: number;
  readonly size: { readonly width: number; readonly height: number };
  readonly scale: number;
  readonly current: boolean;
  readonly draw: boolean;
  readonly highlights: readonly Highlight[];
  readonly findIn: { readonly documentId: number; readonly phrases: QueryPhrases } | null;
  readonly definitions: readonly Definition[] | undefined;
  readonly cache: RenderedPageCache;
  readonly gate: DrawGate;
  readonly onDrawn: (pageNumber: number, scale: number, drawn: boolean) => void;
}

function PageSlot({ pdf, pageNumber, size, scale, current, draw, highlights, findIn, definitions, cache, gate, onDrawn }: PageSlotProps) {
  const { page, error } = usePdfPage(pdf, pageNumber);
  const text = useCall('documents:page', findIn ? { id: findIn.documentId, page: pageNumber } : null, findIn ? `${findIn.documentId}:${pageNumber}` : '');
  const pageText = findIn && text.data?.number === pageNumber ? text.data : null;
  const phrases = findIn?.phrases;
  const shown = useMemo(() => {
    if (!pageText || !phrases) return highlights;
    const found = searchHighlights(pageText, findQueryRanges(pageText.text, phrases));
    return found.length > 0 ? [...highlights, ...found] : highlights;
  }, [highlights, pageText, phrases]);
  if (page && page.pageNumber === pageNumber) {
    return (
      <PdfPage
        page={page}
        scale={scale}
        draw={draw}
        current={current}
        highlights={shown}
        {...(definitions ? { definitions } : {})}
        cache={cache}
        gate={gate}
        onDrawn={onDrawn}
      />
    );
  }
  // Not loaded yet: an empty page of the right size, so nothing moves when it arrives.
  return (
    <div
      className="pdf-page pdf-page--placeholder"
      style={{ width: size.width, height: size.height }}
      data-testid="pdf-page"
      data-page-number={pageNumber}
      data-rendered="false"
      data-current={current ? 'true' : undefined}
    >
      {error ? (
        <div className="pdf-page__error">
          <ErrorBanner title={`Page ${pageNumber} could not be displayed.`} message={error} />
        </div>
      ) : null}
    </div>
  );
}
