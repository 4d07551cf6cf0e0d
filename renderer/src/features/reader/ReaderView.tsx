// The document view: page list (left), every page of the PDF in one continuous scroll with
// search and evidence highlights (center), the page's extracted text, the document's summary or its fields (right, as tabs). The page lives in the route, so Back and search hits
// land on the right page.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { AlertIcon, ChevronLeftIcon } from '../../components/icons';
import { LoadingState } from '../../components/Spinner';
import { useNavigation } from '../../app/Navigation';
import type { Route } from '../../app/routes';
import { call, useAbstractorEvent } from '../../ipc/api';
import { useCall } from '../../ipc/use-call';
import type { EvidenceTarget } from '../extraction/ExtractPanel';
import { useDocuments } from '../library/DocumentsProvider';
import { displayTitle } from '../library/format';
import { findQueryRanges, parseQuery } from '../search/query-terms';
import type { Highlight } from './HighlightOverlay';
import { DeidentifiedPdfButton } from './DeidentifiedPdfButton';
import { PageList } from './PageList';
import { PdfPasswordPrompt } from './PdfPasswordPrompt';
import { PageStack } from './PageStack';
import { layoutStack, STACK_MARGIN } from './page-stack-layout';
import { RenderedPageCache } from './page-cache';
import { DrawGate } from './draw-gate';
import { ReaderSidePanel } from './ReaderSidePanel';
import { SidePanelResizer } from './SidePanelResizer';
import { Thumbnails } from './thumbnails';
import { ReaderToolbar } from './ReaderToolbar';
import { rectsForRange } from '../../../../shared/page-rects';
import { searchHighlights } from './search-highlights';
import { PAGE_FONTS } from './text-measure';
import { usePageScroll } from './use-page-scroll';
import { usePageSizes } from './use-page-sizes';
import { usePaneWidth } from './use-pane-width';
import { usePdfDocument } from './use-pdf-document';
import { useReaderLayout } from './use-reader-layout';
import { useReadAhead } from './use-read-ahead';
import { useReaderKeys } from './use-reader-keys';
import { FIT_WIDTH, fitWidthScale, resolveScale, stepZoom, type Zoom } from './zoom';
import './ReaderView.css';

type DocumentRoute = Extract<Route, { view: 'document' }>;

// The rail's width open and collapsed, and the strip left when the side panel is hidden.
const RAIL_WIDTH = 132;
const RAIL_COLLAPSED = 40;
const SIDE_STRIP = 40;

function backLabel(previous: Route | null): string {
  if (previous?.view === 'search') return 'Back to search results';
  if (previous?.view === 'batches') return 'Back to batches';
  return 'Back to library';
}

export function ReaderView({ route }: { readonly route: DocumentRoute }) {
  const { documentId, highlight } = route;
  const navigation = useNavigation();
  const meta = useCall('documents:get', { id: documentId }, String(documentId));
  const documents = useDocuments();
  const rename = useCallback(
    async (title: string) => {
      const { document: updated } = await call('documents:update', { id: documentId, title });
      documents.upsert(updated);
      meta.reload();
    },
    [documentId, documents, meta],
  );
  const pdf = usePdfDocument(documentId);
  // Defined terms, found in the archived text: hovering one on the page shows its definition.
  const definitions = useCall('definitions:list', { documentId }, String(documentId));

  useAbstractorEvent('documents:changed', ({ ids }) => {
    if (ids.length === 0 || ids.includes(documentId)) meta.reload();
  });

  const pages = meta.data?.pages ?? [];
  const pageCount = Math.max(pages.length, pdf.status === 'ready' ? pdf.pdf.numPages : 0, meta.data?.document.pageCount ?? 0, 1);
  const page = Math.min(Math.max(1, route.page), pageCount);

  // Until the page count is known (the document or the PDF still loading), a page asked for
  // (an evidence jump that arrived first) is kept rather than clamped to 1.
  const countKnown = meta.data !== null || pdf.status === 'ready';
  const goTo = useCallback(
    (next: number) => {
      const clamped = Math.max(1, countKnown ? Math.min(next, pageCount) : next);
      if (clamped !== route.page) navigation.replace({ ...route, page: clamped });
    },
    [navigation, route, pageCount, countKnown],
  );
  const back = () => (navigation.canGoBack ? navigation.back() : navigation.home());

  // Zoom: fit width follows the center pane's width (not which side-panel tab is open: the
  // side panel's width is its own), and the width of the page opened first, so scrolling to a
  // page of another size does not change the zoom.
  const [zoom, setZoom] = useState<Zoom>(FIT_WIDTH);
  const scroller = useRef<HTMLDivElement>(null);
  const paneWidth = usePaneWidth(scroller);
  const readyPdf = pdf.status === 'ready' ? pdf.pdf : null;
  const [firstDrawn, setFirstDrawn] = useState(false);
  const pageSizes = usePageSizes(readyPdf, route.page, firstDrawn);
  const sizes = pageSizes.sizes;
  const scale = resolveScale(zoom, fitWidthScale(paneWidth - 2 * STACK_MARGIN, sizes?.base.width ?? 0));
  // Fit width is known once the pane is measured; until then nothing is drawn at a wrong size.
  const scaleKnown = zoom.mode !== 'fit-width' || paneWidth > 0;
  const stackPages = readyPdf?.numPages ?? 0;
  const layout = useMemo(
    () => (sizes && scaleKnown && stackPages > 0 ? layoutStack(stackPages, sizes.sizeOf, scale) : null),
    [sizes, scaleKnown, stackPages, scale],
  );

  // Drawn pages of this PDF, and the pages after the one read drawn ahead into it.
  const cache = useMemo(() => new RenderedPageCache(), [readyPdf]);
  useEffect(() => () => cache.clear(), [cache]);
  // The full-size drawings in flight, which the rail's thumbnails yield to.
  const gate = useMemo(() => new DrawGate(), [readyPdf]);
  // The rail's small drawings: from a page drawn full size when there is one.
  const scaleRef = useRef(scale);
  scaleRef.current = scale;
  const thumbnails = useMemo(
    () =>
      readyPdf
        ? new Thumbnails(
            readyPdf,
            gate,
            (n) => cache.get(n, scaleRef.current) ?? null,
            (n) => !cache.has(n, scaleRef.current),
          )
        : null,
    [readyPdf, cache, gate],
  );
  useEffect(() => () => thumbnails?.close(), [thumbnails]);
  const layoutChoice = useReaderLayout();
  const [evidencePages, setEvidencePages] = useState<ReadonlySet<number>>(new Set());
  const [drawn, setDrawn] = useState<ReadonlySet<string>>(new Set());
  const onDrawn = useCallback((pageNumber: number, drawnScale: number, isDrawn: boolean) => {
    const key = `${pageNumber}@${drawnScale}`;
    if (isDrawn) setFirstDrawn(true);
    setDrawn((current) => {
      if (current.has(key) === isDrawn) return current;
      const next = new Set(current);
      if (isDrawn) next.add(key);
      else next.delete(key);
      return next;
    });
  }, []);
  useEffect(() => setFirstDrawn(false), [readyPdf]);
  const currentDrawn = drawn.has(`${page}@${scale}`);
  useEffect(() => gate.setCurrentDrawn(currentDrawn), [gate, currentDrawn]);
  const drawnAhead = useReadAhead(readyPdf, cache, gate, page, scale, currentDrawn);

  useReaderKeys({
    onPage: (delta) => goTo(page + delta),
    onFirst: () => goTo(1),
    onLast: () => goTo(pageCount),
    onZoom: (direction) => setZoom(direction === 0 ? FIT_WIDTH : stepZoom(scale, direction)),
  });

  // Extracted text and search highlights of the current page.
  const text = useCall('documents:page', { id: documentId, page }, `${documentId}:${page}`);
  const phrases = useMemo(() => (highlight ? parseQuery(highlight) : []), [highlight]);
  const pageText = text.data && text.data.number === page ? text.data : null;
  const ranges = useMemo(() => (pageText ? findQueryRanges(pageText.text, phrases) : []), [pageText, phrases]);
  // The Extract tab's focused evidence, drawn on its page; the reader scrolls to it.
  const [evidence, setEvidence] = useState<EvidenceTarget | null>(null);
  const panel = route.panel ?? 'text';
  const evidenceHighlights = useMemo<Highlight[]>(() => {
    if (!evidence || panel !== 'extract') return [];
    // Measured like search hits once the page's spans are here (the backend's boxes assume
    // equally wide characters); the backend's boxes until then.
    const measured =
      pageText && pageText.number === evidence.page
        ? rectsForRange(pageText.spans, evidence.range[0], evidence.range[1], { text: pageText.text, fonts: PAGE_FONTS })
        : [];
    const rects = measured.length > 0 ? measured : evidence.rects;
    return rects.map((rect, i) => ({ id: `evidence-${evidence.id}-${i}`, rect, tone: 'evidence' as const, label: evidence.label }));
  }, [evidence, panel, pageText]);
  const searchHits = useMemo<Highlight[]>(() => (pageText ? searchHighlights(pageText, ranges) : []), [pageText, ranges]);
  const highlights = useMemo(() => {
    const byPage = new Map<number, Highlight[]>();
    if (evidence && evidenceHighlights.length > 0) byPage.set(evidence.page, [...evidenceHighlights]);
    if (searchHits.length > 0 && pageText) byPage.set(pageText.number, [...(byPage.get(pageText.number) ?? []), ...searchHits]);
    return byPage;
  }, [evidence, evidenceHighlights, searchHits, pageText]);

  const hits = useCall(
    'search:query',
    highlight ? { query: highlight, limit: 500, documentId } : null,
    `${documentId}:${highlight ?? ''}`,
  );
  const hitPages = useMemo(() => [...new Set((hits.data?.hits ?? []).map((h) => h.page))].sort((a, b) => a - b), [hits.data]);
  const hitSet = useMemo(() => new Set(hitPages), [hitPages]);
  const markedEvidence = useMemo(
    () => (evidence && !evidencePages.has(evidence.page) ? new Set([...evidencePages, evidence.page]) : evidencePages),
    [evidence, evidencePages],
  );

  // The page number follows the scroll; a page set from elsewhere scrolls there, then to its
  // first highlight (the evidence first).
  const firstHighlight = highlights.get(page)?.[0]?.rect ?? null;
  const { arm } = usePageScroll({
    scroller,
    layout,
    page,
    onScrollPage: goTo,
    reveal: firstHighlight ? { page, y: firstHighlight.y * scale } : null,
  });
  const showEvidence = useCallback(
    (target: EvidenceTarget | null) => {
      setEvidence(target);
      if (!target) return;
      arm(target.page);
      goTo(target.page);
    },
    [goTo, arm],
  );

  if (meta.status === 'error') {
    const missing = meta.code === 'not_found';
    return (
      <main className="reader reader--message" data-testid="document-view">
        <EmptyState
          icon={<AlertIcon />}
          title={missing ? 'This document is no longer in the library' : 'The document could not be opened'}
          actions={
            <>
              <Button onClick={back}>{backLabel(navigation.previous)}</Button>
              {missing ? null : (
                <Button variant="primary" onClick={meta.reload}>
                  Try again
                </Button>
              )}
            </>
          }
        >
          <p>{missing ? 'It may have been deleted.' : meta.error}</p>
        </EmptyState>
      </main>
    );
  }

  const document = meta.data?.document ?? null;
  const title = document ? displayTitle(document) : 'Loading…';

  return (
    <main className="reader" data-testid="document-view" data-document-id={documentId} aria-label={`Document: ${title}`}>
      <ReaderToolbar
        title={title}
        fileName={document?.fileName ?? ''}
        {...(document ? { onRename: rename } : {})}
        backLabel={backLabel(navigation.previous)}
        onBack={back}
        page={page}
        pageCount={pageCount}
        onPage={goTo}
        scale={scale}
        fitWidth={zoom.mode === 'fit-width'}
        onZoomIn={() => setZoom(stepZoom(scale, 1))}
        onZoomOut={() => setZoom(stepZoom(scale, -1))}
        onFitWidth={() => setZoom(FIT_WIDTH)}
        highlight={highlight}
        hitPages={hitPages}
        onClearHighlight={() => navigation.replace({ ...route, highlight: null })}
        actions={document?.status === 'ready' ? <DeidentifiedPdfButton documentId={documentId} password={pdf.status === 'ready' ? pdf.password : undefined} /> : null}
      />
      <div
        className="reader__body"
        style={{
          gridTemplateColumns: `${layoutChoice.railCollapsed ? RAIL_COLLAPSED : RAIL_WIDTH}px minmax(0, 1fr) ${
            layoutChoice.sideHidden ? `${SIDE_STRIP}px` : `min(${layoutChoice.sideWidth}px, 45%)`
          }`,
        }}
      >
        <PageList
          pageCount={stackPages || pageCount}
          pages={pages}
          current={page}
          hitPages={hitSet}
          evidencePages={markedEvidence}
          sizeOf={sizes?.sizeOf ?? null}
          thumbnails={firstDrawn ? thumbnails : null}
          onSelect={goTo}
          collapsed={layoutChoice.railCollapsed}
          onToggle={layoutChoice.toggleRail}
        />
        {/* Focusable so the pages can be scrolled by keyboard (axe scrollable-region-focusable). */}
        <div
          ref={scroller}
          className="reader__canvas"
          tabIndex={0}
          role="region"
          aria-label="Pages of the document"
          data-drawn-ahead={drawnAhead.join(' ')}
          data-scale={scale.toFixed(4)}
        >
          {pdf.status === 'loading' || (pdf.status === 'ready' && !layout && !pageSizes.error) ? (
            <LoadingState label="Opening the PDF…" />
          ) : pdf.status === 'password' ? (
            <PdfPasswordPrompt incorrect={pdf.incorrect} onSubmit={pdf.submit} />
          ) : pdf.status === 'error' ? (
            <div className="reader__canvas-message">
              <EmptyState
                icon={<AlertIcon />}
                title="The PDF could not be displayed"
                actions={<Button onClick={pdf.reload}>Try again</Button>}
              >
                <p>{pdf.message}</p>
                <p>Its extracted text is still shown on the right.</p>
              </EmptyState>
            </div>
          ) : pageSizes.error ? (
            <div className="reader__canvas-message">
              <EmptyState icon={<AlertIcon />} title={`Page ${page} could not be displayed`}>
                <p>{pageSizes.error}</p>
              </EmptyState>
            </div>
          ) : readyPdf && sizes && layout ? (
            <PageStack
              pdf={readyPdf}
              sizes={sizes}
              layout={layout}
              scale={scale}
              scroller={scroller}
              current={page}
              highlights={highlights}
              documentId={documentId}
              phrases={phrases}
              definitions={definitions.data?.definitions}
              cache={cache}
              gate={gate}
              drawnAhead={drawnAhead}
              onDrawn={onDrawn}
            />
          ) : null}
        </div>
        {layoutChoice.sideHidden ? (
          <div className="reader__side-strip">
            <button
              type="button"
              className="reader__side-show"
              onClick={() => layoutChoice.setSideHidden(false)}
              aria-label="Show side panel"
              title="Show side panel"
              data-testid="side-panel-show"
            >
              <ChevronLeftIcon />
            </button>
          </div>
        ) : null}
        {/* Hidden, not unmounted: a running summary or extraction keeps its streamed output. */}
        <ReaderSidePanel
          hidden={layoutChoice.sideHidden}
          panel={panel}
          onPanel={(next) => navigation.replace({ ...route, panel: next })}
          documentId={documentId}
          domain={document?.domain ?? null}
          page={page}
          pageCount={pageCount}
          text={text}
          ranges={ranges}
          onPage={goTo}
          extract={route.extract}
          onEvidence={showEvidence}
          onEvidencePages={setEvidencePages}
          onHide={() => layoutChoice.setSideHidden(true)}
          resizer={<SidePanelResizer width={layoutChoice.sideWidth} onWidth={layoutChoice.setSideWidth} />}
        />
      </div>
    </main>
  );
}
