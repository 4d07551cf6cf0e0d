// The reader's top bar: back, the document title, page navigation, zoom, the search that
// opened the document with jumps between the pages it matched, and the document's exports.
import { useEffect, useState, type ReactNode } from 'react';
import { Button } from '../../components/Button';
import { ArrowLeftIcon, ChevronLeftIcon, ChevronRightIcon, CloseIcon, FitWidthIcon, ZoomInIcon, ZoomOutIcon } from '../../components/icons';
import { DocumentTitle } from './DocumentTitle';
import { formatZoom, MAX_SCALE, MIN_SCALE } from './zoom';
import './ReaderToolbar.css';

export interface ReaderToolbarProps {
  readonly title: string;
  readonly fileName: string;
  readonly onRename?: (title: string) => Promise<void>;
  readonly backLabel: string;
  readonly onBack: () => void;
  readonly page: number;
  readonly pageCount: number;
  readonly onPage: (page: number) => void;
  readonly scale: number;
  readonly fitWidth: boolean;
  readonly onZoomIn: () => void;
  readonly onZoomOut: () => void;
  readonly onFitWidth: () => void;
  readonly highlight: string | null;
  readonly hitPages: readonly number[];
  readonly onClearHighlight: () => void;
  /** Document actions at the end of the bar (exports). */
  readonly actions?: ReactNode;
}

export function ReaderToolbar(props: ReaderToolbarProps) {
  const { page, pageCount, onPage, scale } = props;
  const previousHit = [...props.hitPages].reverse().find((p) => p < page);
  const nextHit = props.hitPages.find((p) => p > page);

  return (
    <div className="reader-toolbar" role="toolbar" aria-label="Document">
      <div className="reader-toolbar__group reader-toolbar__identity">
        <Button variant="ghost" icon={<ArrowLeftIcon />} onClick={props.onBack} title={props.backLabel} aria-label={props.backLabel} />
        <DocumentTitle title={props.title} fileName={props.fileName} {...(props.onRename ? { onRename: props.onRename } : {})} />
      </div>

      {props.highlight ? (
        <div className="reader-toolbar__group reader-toolbar__search" aria-label="Search matches">
          <span className="reader-toolbar__query" title={`Highlighting “${props.highlight}”`}>
            {props.highlight.includes('"') ? props.highlight : `“${props.highlight}”`}
          </span>
          <span className="reader-toolbar__hits">
            {props.hitPages.length === 0 ? 'no pages' : props.hitPages.length === 1 ? '1 page' : `${props.hitPages.length} pages`}
          </span>
          <Button
            size="sm"
            variant="ghost"
            icon={<ChevronLeftIcon />}
            aria-label="Previous page with matches"
            title="Previous page with matches"
            disabled={previousHit === undefined}
            onClick={() => previousHit !== undefined && onPage(previousHit)}
          />
          <Button
            size="sm"
            variant="ghost"
            icon={<ChevronRightIcon />}
            aria-label="Next page with matches"
            title="Next page with matches"
            disabled={nextHit === undefined}
            onClick={() => nextHit !== undefined && onPage(nextHit)}
          />
          <Button size="sm" variant="ghost" icon={<CloseIcon />} aria-label="Stop highlighting" title="Stop highlighting" onClick={props.onClearHighlight} />
        </div>
      ) : null}

      <div className="reader-toolbar__group">
        <Button
          variant="ghost"
          icon={<ChevronLeftIcon />}
          aria-label="Previous page"
          title="Previous page (Page Up)"
          disabled={page <= 1}
          onClick={() => onPage(page - 1)}
        />
        <PageInput page={page} pageCount={pageCount} onPage={onPage} />
        <Button
          variant="ghost"
          icon={<ChevronRightIcon />}
          aria-label="Next page"
          title="Next page (Page Down)"
          disabled={page >= pageCount}
          onClick={() => onPage(page + 1)}
        />
      </div>

      <div className="reader-toolbar__group">
        <Button variant="ghost" icon={<ZoomOutIcon />} aria-label="Zoom out" title="Zoom out (Ctrl −)" disabled={scale <= MIN_SCALE + 0.001} onClick={props.onZoomOut} />
        <span className="reader-toolbar__zoom" aria-live="polite">
          <span className="visually-hidden">Zoom </span>
          {formatZoom(scale)}
        </span>
        <Button variant="ghost" icon={<ZoomInIcon />} aria-label="Zoom in" title="Zoom in (Ctrl +)" disabled={scale >= MAX_SCALE - 0.001} onClick={props.onZoomIn} />
        <Button
          variant={props.fitWidth ? 'secondary' : 'ghost'}
          icon={<FitWidthIcon />}
          aria-label="Fit width"
          aria-pressed={props.fitWidth}
          title="Fit width (Ctrl 0)"
          onClick={props.onFitWidth}
        />
      </div>

      {props.actions ? <div className="reader-toolbar__group">{props.actions}</div> : null}
    </div>
  );
}

function PageInput({ page, pageCount, onPage }: { page: number; pageCount: number; onPage: (page: number) => void }) {
  const [draft, setDraft] = useState(String(page));
  useEffect(() => setDraft(String(page)), [page]);

  function commit() {
    const wanted = Number.parseInt(draft, 10);
    if (Number.isFinite(wanted)) onPage(Math.min(Math.max(1, wanted), Math.max(1, pageCount)));
    else setDraft(String(page));
  }

  return (
    <label className="reader-toolbar__page">
      <span className="visually-hidden">Page number</span>
      <input
        className="field reader-toolbar__page-input"
        type="text"
        inputMode="numeric"
        aria-label="Page number"
        data-testid="page-input"
        value={draft}
        onChange={(event) => setDraft(event.target.value.replace(/[^0-9]/g, ''))}
        onFocus={(event) => event.target.select()}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit();
          if (event.key === 'Escape') {
            setDraft(String(page));
            event.currentTarget.blur();
          }
        }}
      />
      <span className="reader-toolbar__page-total">of {pageCount}</span>
    </label>
  );
}
