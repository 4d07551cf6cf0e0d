// The reader's right panel: the text the archive extracted from the current page, with the
// search words marked, or a clear note when the page is a scan without a text layer. A page
// read by OCR says so, with its confidence (a warning when low).
import { useState } from 'react';
import type { PageText } from '../../../../shared/domain';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { CheckIcon, CopyIcon, ScanIcon } from '../../components/icons';
import { LoadingState } from '../../components/Spinner';
import type { CallResult } from '../../ipc/use-call';
import { splitByRanges } from '../search/text-parts';
import { OcrBadge } from './OcrBadge';
import './PageTextPanel.css';

export interface PageTextPanelProps {
  readonly page: number;
  readonly pageCount: number;
  readonly text: CallResult<PageText>;
  readonly ranges: ReadonlyArray<readonly [number, number]>;
}

export function PageTextPanel({ page, pageCount, text, ranges }: PageTextPanelProps) {
  const [copied, setCopied] = useState(false);
  const data = text.status === 'ready' || text.status === 'loading' ? text.data : null;
  const current = data && data.number === page ? data : null;

  async function copy() {
    if (!current) return;
    try {
      await navigator.clipboard.writeText(current.text);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      setCopied(false);
    }
  }

  return (
    <section className="page-text" aria-labelledby="page-text-title">
      <div className="page-text__header">
        <h2 id="page-text-title" className="page-text__title">
          Text of page <span data-testid="current-page">{page}</span>
          <span className="page-text__of"> of {pageCount}</span>
        </h2>
        {current ? <OcrBadge page={current} /> : null}
        <Button
          size="sm"
          variant="ghost"
          icon={copied ? <CheckIcon /> : <CopyIcon />}
          disabled={!current || current.text.length === 0}
          onClick={() => void copy()}
          aria-label="Copy page text"
          title="Copy page text"
        />
      </div>
      <div
        className="page-text__body"
        data-testid="page-text"
        aria-busy={!current && text.status !== 'error'}
        // Scrollable by keyboard: Tab reaches it, arrows scroll (axe scrollable-region-focusable).
        tabIndex={0}
        role="region"
        aria-label={`Text of page ${page}`}
      >
        {text.status === 'error' ? (
          <div className="page-text__state">
            <ErrorBanner title="The page text could not be loaded." message={text.error} onRetry={text.reload} />
          </div>
        ) : !current ? (
          <LoadingState label="Loading page text…" />
        ) : current.text.trim().length === 0 ? (
          <div className="page-text__empty">
            <span className="page-text__empty-icon" aria-hidden="true">
              <ScanIcon />
            </span>
            <strong>{current.needsOcr ? 'This page needs OCR' : 'No text on this page'}</strong>
            <span>
              {current.needsOcr
                ? 'It has no text layer, so it looks like a scanned image. Its words cannot be searched or selected yet.'
                : current.textSource === 'ocr'
                  ? 'OCR read the page image and found no words on it.'
                  : 'The page has no extractable text.'}
            </span>
          </div>
        ) : (
          <>
            {current.needsOcr ? (
              <p className="page-text__notice">
                <ScanIcon /> Little text was found on this page; it may be a scan that needs OCR.
              </p>
            ) : null}
            {/* Offsets within this element are page-text offsets ("Add from selection" relies on it). */}
            <p className="page-text__content" data-page-text-content="" data-page={current.number}>
              {splitByRanges(current.text, ranges).map((part) =>
                part.marked ? <mark key={part.start}>{part.text}</mark> : <span key={part.start}>{part.text}</span>,
              )}
            </p>
          </>
        )}
      </div>
    </section>
  );
}
