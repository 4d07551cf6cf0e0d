// The reader's left rail: a small drawing of every page, marking the current page, pages that
// hold evidence of the fields, pages where the search that opened the document matched, pages
// that need OCR and pages OCR read with low confidence. Virtualized, the drawings made only for
// rows in view. One tab stop (roving tabindex): the arrow keys, Home and End move between pages,
// Enter opens one. Collapses to a strip with its toggle.
import { defaultRangeExtractor, useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { flushSync } from 'react-dom';
import type { PageInfo } from '../../../../shared/domain';
import { AlertIcon, ChevronLeftIcon, ChevronRightIcon, ScanIcon } from '../../components/icons';
import { ocrQuality } from './ocr-quality';
import type { PageSize } from './page-stack-layout';
import { THUMBNAIL_WIDTH, type Thumbnails } from './thumbnails';
import './PageList.css';

export interface PageListProps {
  readonly pageCount: number;
  /** What the archive knows of each page (OCR), by position; may be shorter while it loads. */
  readonly pages: readonly PageInfo[];
  readonly current: number;
  readonly hitPages: ReadonlySet<number>;
  readonly evidencePages: ReadonlySet<number>;
  readonly sizeOf: ((pageNumber: number) => PageSize) | null;
  readonly thumbnails: Thumbnails | null;
  readonly onSelect: (page: number) => void;
  readonly collapsed: boolean;
  readonly onToggle: () => void;
}

// The number and the marks under each drawing, and the room around it.
const LABEL_HEIGHT = 22;
const ITEM_PADDING = 10;
const LETTER_RATIO = 11 / 8.5;

export function PageList(props: PageListProps) {
  const { pageCount, pages, current, hitPages, evidencePages, sizeOf, thumbnails, onSelect, collapsed, onToggle } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const itemHeight = useCallback(
    (index: number) => {
      const size = sizeOf?.(index + 1);
      const ratio = size && size.width > 0 ? size.height / size.width : LETTER_RATIO;
      return Math.round(THUMBNAIL_WIDTH * ratio) + LABEL_HEIGHT + ITEM_PADDING;
    },
    [sizeOf],
  );
  // The one row in the tab order: the current page, until the arrow keys move it.
  const [active, setActive] = useState(current);
  const hasFocus = useRef(false);
  useEffect(() => {
    if (!hasFocus.current) setActive(current);
  }, [current]);
  const activeIndex = Math.min(Math.max(1, active), Math.max(1, pageCount)) - 1;

  const virtualizer = useVirtualizer({
    count: collapsed ? 0 : pageCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: itemHeight,
    overscan: 4,
    // The row in the tab order is always in the DOM, so the rail stays reachable by Tab.
    rangeExtractor: (range) => {
      const indexes = defaultRangeExtractor(range);
      return indexes.includes(activeIndex) || activeIndex >= range.count ? indexes : [...indexes, activeIndex].sort((a, b) => a - b);
    },
  });
  useLayoutEffect(() => virtualizer.measure(), [itemHeight, virtualizer]);

  useEffect(() => {
    if (!collapsed && current >= 1 && current <= pageCount) virtualizer.scrollToIndex(current - 1, { align: 'auto' });
  }, [current, pageCount, virtualizer, collapsed]);

  function onKey(event: KeyboardEvent<HTMLOListElement>) {
    const steps: Record<string, number> = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };
    let next: number | null = null;
    if (event.key in steps) next = activeIndex + 1 + steps[event.key]!;
    else if (event.key === 'Home') next = 1;
    else if (event.key === 'End') next = pageCount;
    else if (event.key === 'PageDown' || event.key === 'PageUp') {
      const visibleRows = Math.max(1, virtualizer.getVirtualItems().length - 8);
      next = activeIndex + 1 + (event.key === 'PageDown' ? visibleRows : -visibleRows);
    }
    if (next === null) return;
    // The reader's own Home/End/PageUp/PageDown keys do not also act.
    event.preventDefault();
    event.stopPropagation();
    const clamped = Math.min(Math.max(1, next), pageCount);
    // Rendered now (the active row is always in the range), so focus moves within this key
    // press: a row focused after a later render could already be gone, leaving focus nowhere.
    flushSync(() => setActive(clamped));
    scrollRef.current?.querySelector<HTMLElement>(`[data-page="${clamped}"]`)?.focus({ preventScroll: true });
    virtualizer.scrollToIndex(clamped - 1, { align: 'auto' });
  }

  if (collapsed) {
    return (
      <nav className="page-list page-list--collapsed" aria-label="Pages">
        <button type="button" className="page-list__toggle" onClick={onToggle} aria-expanded="false" aria-label="Show page thumbnails" title="Show page thumbnails" data-testid="page-rail-toggle">
          <ChevronRightIcon />
        </button>
      </nav>
    );
  }

  return (
    <nav className="page-list" aria-label="Pages" data-testid="page-rail">
      <div className="page-list__heading">
        <span>Pages</span>
        <span className="page-list__count">{pageCount}</span>
        <button type="button" className="page-list__toggle" onClick={onToggle} aria-expanded="true" aria-label="Hide page thumbnails" title="Hide page thumbnails" data-testid="page-rail-toggle">
          <ChevronLeftIcon />
        </button>
      </div>
      <div ref={scrollRef} className="page-list__scroll">
        <ol
          className="page-list__items"
          style={{ height: virtualizer.getTotalSize() }}
          onKeyDown={onKey}
          onFocus={() => (hasFocus.current = true)}
          onBlur={(event) => {
            if (!event.currentTarget.contains(event.relatedTarget as Node | null)) {
              hasFocus.current = false;
              setActive(current);
            }
          }}
        >
          {virtualizer.getVirtualItems().map((item) => {
            const number = item.index + 1;
            const info = pages[item.index];
            const isCurrent = number === current;
            const hit = hitPages.has(number);
            const evidence = evidencePages.has(number);
            const ocr = info ? ocrQuality(info) : null;
            const lowOcr = ocr?.low ? ocr : null;
            const needsOcr = info?.needsOcr ?? false;
            const label = [
              `Page ${number}`,
              evidence ? 'has evidence' : null,
              hit ? 'has matches' : null,
              needsOcr ? 'needs OCR' : null,
              lowOcr ? lowOcr.label : null,
            ]
              .filter(Boolean)
              .join(', ');
            return (
              <li key={item.key} className="page-list__item" style={{ transform: `translateY(${item.start}px)`, height: item.size }}>
                <button
                  type="button"
                  className={`page-list__button${isCurrent ? ' page-list__button--current' : ''}`}
                  aria-current={isCurrent ? 'page' : undefined}
                  aria-label={label}
                  tabIndex={item.index === activeIndex ? 0 : -1}
                  data-testid="page-list-item"
                  data-page={number}
                  onClick={() => {
                    setActive(number);
                    onSelect(number);
                  }}
                >
                  <PageThumb pageNumber={number} thumbnails={thumbnails} height={item.size - LABEL_HEIGHT - ITEM_PADDING} />
                  <span className="page-list__label">
                    <span className="page-list__number">{number}</span>
                    <span className="page-list__marks">
                      {evidence ? <span className="page-list__evidence" title="Evidence of a field on this page" data-testid="page-list-evidence" /> : null}
                      {hit ? <span className="page-list__hit" title="Search matches on this page" data-testid="page-list-hit" /> : null}
                      {needsOcr ? (
                        <span className="page-list__ocr" title="No text layer: this page needs OCR">
                          <ScanIcon />
                        </span>
                      ) : null}
                      {lowOcr ? (
                        <span className="page-list__ocr" title={lowOcr.title} data-testid="page-list-low-ocr">
                          <AlertIcon />
                        </span>
                      ) : null}
                    </span>
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
      </div>
    </nav>
  );
}

/** One page's drawing: asked for when its row is rendered, dropped from the queue when it leaves. */
function PageThumb({ pageNumber, thumbnails, height }: { readonly pageNumber: number; readonly thumbnails: Thumbnails | null; readonly height: number }) {
  const host = useRef<HTMLSpanElement>(null);
  const [drawn, setDrawn] = useState(false);
  useLayoutEffect(() => {
    const element = host.current;
    if (!element || !thumbnails) return;
    const ready = thumbnails.get(pageNumber);
    if (ready) {
      element.replaceChildren(ready);
      setDrawn(true);
      return;
    }
    setDrawn(false);
    let live = true;
    const { promise, cancel } = thumbnails.request(pageNumber);
    promise.then(
      (canvas) => {
        if (!live) return;
        element.replaceChildren(canvas);
        setDrawn(true);
      },
      () => {
        // A page that cannot be drawn keeps its blank frame; the reader shows its error.
      },
    );
    return () => {
      live = false;
      cancel();
    };
  }, [pageNumber, thumbnails]);
  return <span ref={host} className="page-list__thumb" style={{ width: THUMBNAIL_WIDTH, height }} data-drawn={drawn ? 'true' : 'false'} />;
}
