// The reader's left rail: every page by number, marking the current page, pages that need
// OCR, pages OCR read with low confidence, and pages where the search that opened the
// document matched. Virtualized.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { PageInfo } from '../../../../shared/domain';
import { AlertIcon, ScanIcon } from '../../components/icons';
import { ocrQuality } from './ocr-quality';
import './PageList.css';

export interface PageListProps {
  readonly pages: readonly PageInfo[];
  readonly current: number;
  readonly hitPages: ReadonlySet<number>;
  readonly onSelect: (page: number) => void;
}

const ITEM_HEIGHT = 34;

export function PageList({ pages, current, hitPages, onSelect }: PageListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: pages.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ITEM_HEIGHT,
    overscan: 16,
  });

  useEffect(() => {
    if (current >= 1 && current <= pages.length) virtualizer.scrollToIndex(current - 1, { align: 'auto' });
  }, [current, pages.length, virtualizer]);

  return (
    <nav className="page-list" aria-label="Pages">
      <div className="page-list__heading">
        <span>Pages</span>
        <span className="page-list__count">{pages.length}</span>
      </div>
      <div ref={scrollRef} className="page-list__scroll">
        <ol className="page-list__items" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const info = pages[item.index];
            if (!info) return null;
            const isCurrent = info.number === current;
            const hit = hitPages.has(info.number);
            const ocr = ocrQuality(info);
            const lowOcr = ocr?.low ? ocr : null;
            const label = [`Page ${info.number}`, info.needsOcr ? 'needs OCR' : null, lowOcr ? lowOcr.label : null, hit ? 'has matches' : null]
              .filter(Boolean)
              .join(', ');
            return (
              <li key={item.key} className="page-list__item" style={{ transform: `translateY(${item.start}px)`, height: ITEM_HEIGHT }}>
                <button
                  type="button"
                  className={`page-list__button${isCurrent ? ' page-list__button--current' : ''}`}
                  aria-current={isCurrent ? 'page' : undefined}
                  aria-label={label}
                  data-testid="page-list-item"
                  onClick={() => onSelect(info.number)}
                >
                  <span className="page-list__number">{info.number}</span>
                  <span className="page-list__marks">
                    {hit ? <span className="page-list__hit" title="Search matches on this page" /> : null}
                    {info.needsOcr ? (
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
                </button>
              </li>
            );
          })}
        </ol>
      </div>
    </nav>
  );
}
