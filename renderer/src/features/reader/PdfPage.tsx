// One PDF page as the reader shows it: the pdf.js canvas, the pdf.js text layer on top (so
// text can be selected and copied), and a highlight overlay. Re-renders on zoom.
import type { PDFPageProxy } from 'pdfjs-dist';
import { TextLayer } from 'pdfjs-dist';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Spinner } from '../../components/Spinner';
import type { Definition } from '../../../../shared/definitions/api';
import { termsIn } from '../../../../shared/definitions/find';
import { HighlightOverlay, type Highlight } from './HighlightOverlay';
import type { DrawGate } from './draw-gate';
import { drawPage, type RenderedPageCache } from './page-cache';
import './PdfPage.css';

export interface PdfPageProps {
  readonly page: PDFPageProxy;
  readonly scale: number;
  /** Whether this page may draw now (it is in view); when not, it shows only a canvas already in the cache. */
  readonly draw?: boolean;
  /** The page the reader is on. */
  readonly current?: boolean;
  readonly highlights: readonly Highlight[];
  /** The document's defined terms: hovering one in the text layer shows its definition and page. */
  readonly definitions?: readonly Definition[];
  /** Pages already drawn (or drawn ahead); this page is taken from it, and put in it. */
  readonly cache: RenderedPageCache;
  /** Full-size drawings in flight, which the rail's thumbnails wait for. */
  readonly gate: DrawGate;
  /** Told when this page at this scale is on screen, or failed to draw (the reader then draws ahead), and when it no longer is. */
  readonly onDrawn?: (pageNumber: number, scale: number, drawn: boolean) => void;
}

/** The hover text of a text-layer line that uses defined terms: each term's definition and page. */
export function definitionTitle(definitions: readonly Definition[]): string {
  return definitions.map((d) => `“${d.term}” (defined on p. ${d.page}): ${d.definition}`).join('\n\n');
}

// Marks the text layer's lines that use a defined term, with the definitions as their hover text.
function markDefinedTerms(host: HTMLElement, definitions: readonly Definition[]): void {
  if (definitions.length === 0) return;
  for (const span of host.querySelectorAll<HTMLElement>('span[role="presentation"], span:not([class])')) {
    const used = termsIn(span.textContent ?? '', definitions);
    if (used.length === 0) continue;
    span.classList.add('textLayer__defined');
    span.dataset['definedTerms'] = used.map((d) => d.term).join('|');
    span.title = definitionTitle(used);
  }
}

function isCancelled(err: unknown): boolean {
  return err instanceof Error && err.name === 'RenderingCancelledException';
}

const NO_DEFINITIONS: readonly Definition[] = [];

export function PdfPage({ page, scale, draw = true, current = false, highlights, definitions = NO_DEFINITIONS, cache, gate, onDrawn }: PdfPageProps) {
  const canvasHost = useRef<HTMLDivElement>(null);
  const textHost = useRef<HTMLDivElement>(null);
  const viewport = useMemo(() => page.getViewport({ scale }), [page, scale]);
  const [rendered, setRendered] = useState<{ page: PDFPageProxy; scale: number } | null>(null);
  const [error, setError] = useState<string | null>(null);

  // A page leaving the view gives its canvas's pixels back, unless the cache keeps them.
  useLayoutEffect(() => {
    const host = canvasHost.current;
    return () => {
      const canvas = host?.querySelector('canvas');
      if (!host || !canvas) return;
      host.replaceChildren();
      cache.release(canvas);
    };
  }, [cache]);

  // Before paint, so a page drawn ahead is shown in the same frame as its number.
  useLayoutEffect(() => {
    const host = canvasHost.current;
    if (!host) return;
    setError(null);
    const cached = cache.get(page.pageNumber, scale);
    if (cached) {
      host.replaceChildren(cached);
      setRendered({ page, scale });
      return;
    }
    if (!draw) return;
    // A fresh canvas per render: the old one stays on screen until the new one is ready,
    // and pdf.js refuses two renders into one canvas.
    const { canvas, promise, cancel } = drawPage(page, scale, gate);
    let live = true;
    promise.then(
      () => {
        if (!live) return;
        host.replaceChildren(canvas);
        cache.put(page, scale, canvas);
        setRendered({ page, scale });
      },
      (err: unknown) => {
        if (!live || isCancelled(err)) return;
        setError(err instanceof Error ? err.message : String(err));
      },
    );
    return () => {
      live = false;
      cancel();
    };
  }, [page, scale, cache, gate, draw]);

  const ready = rendered?.page === page && rendered.scale === scale;
  // The text layer waits for the canvas, and then for the reader's full-size drawings in flight
  // (the next page drawn ahead): all are parsed by the one pdf.js worker, and the picture of the
  // page turned to is what a reader waits for; selecting text can wait a moment.
  useEffect(() => {
    const host = textHost.current;
    if (!host || !draw || !ready) return;
    host.replaceChildren();
    const running: { layer: TextLayer | null; live: boolean } = { layer: null, live: true };
    void gate.whenIdle().then(() => {
      if (!running.live) return;
      const layer = new TextLayer({
        textContentSource: page.streamTextContent({ includeMarkedContent: true, disableNormalization: true }),
        container: host,
        viewport,
      });
      running.layer = layer;
      layer.render().then(
        () => {
          // As pdf.js's own viewer does: while a selection is being dragged, this block
          // covers the page so the selection does not jump to the end of the text.
          const end = document.createElement('div');
          end.className = 'endOfContent';
          host.append(end);
          markDefinedTerms(host, definitions);
        },
        (err: unknown) => {
          if (!isCancelled(err) && !(err instanceof Error && err.name === 'AbortException')) {
            console.warn('Text layer failed', err);
          }
        },
      );
    });
    const startSelecting = () => host.classList.add('selecting');
    const stopSelecting = () => host.classList.remove('selecting');
    host.addEventListener('mousedown', startSelecting);
    document.addEventListener('mouseup', stopSelecting);
    return () => {
      running.live = false;
      running.layer?.cancel();
      host.removeEventListener('mousedown', startSelecting);
      document.removeEventListener('mouseup', stopSelecting);
    };
  }, [page, viewport, definitions, gate, draw, ready]);

  // A page that failed to draw counts as done too: its error is on screen, and the text layers,
  // read-ahead and thumbnails waiting for the reader to be idle must not wait for good.
  const settled = ready || error !== null;
  useEffect(() => {
    if (!settled || !onDrawn) return;
    onDrawn(page.pageNumber, scale, true);
    return () => onDrawn(page.pageNumber, scale, false);
  }, [settled, page, scale, onDrawn]);
  const style = {
    width: Math.floor(viewport.width),
    height: Math.floor(viewport.height),
    '--scale-factor': String(scale),
    '--user-unit': String(page.userUnit),
    '--total-scale-factor': String(scale * page.userUnit),
    '--scale-round-x': '1px',
    '--scale-round-y': '1px',
  } as CSSProperties;

  return (
    <div className="pdf-page" style={style} data-testid="pdf-page" data-page-number={page.pageNumber} data-rendered={ready ? 'true' : 'false'}
      data-current={current ? 'true' : undefined}
    >
      <div ref={canvasHost} className="pdf-page__canvas-host" />
      <div ref={textHost} className="textLayer" />
      <HighlightOverlay highlights={highlights} scale={scale} />
      {!ready && !error && draw ? (
        <div className="pdf-page__busy">
          <Spinner label="Rendering page" size={20} />
        </div>
      ) : null}
      {error ? (
        <div className="pdf-page__error">
          <ErrorBanner title="This page could not be drawn." message={error} />
        </div>
      ) : null}
    </div>
  );
}
