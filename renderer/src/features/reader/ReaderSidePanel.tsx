// The reader's right column: three tabs, the current page's extracted text, the document's
// summary and its extracted fields. Summary and Extract stay mounted once opened, so a
// running job keeps its streamed output while the person looks at the text.
import { useState, type KeyboardEvent, type ReactNode } from 'react';
import { ChevronRightIcon } from '../../components/icons';
import type { DocumentDomain, PageText } from '../../../../shared/domain';
import type { ExtractFocus, ReaderPanel } from '../../app/routes';
import type { CallResult } from '../../ipc/use-call';
import { ExtractPanel, type EvidenceTarget } from '../extraction/ExtractPanel';
import { SummaryPanel } from '../summaries/SummaryPanel';
import { PageTextPanel } from './PageTextPanel';
import './ReaderSidePanel.css';

export interface ReaderSidePanelProps {
  readonly panel: ReaderPanel;
  readonly onPanel: (panel: ReaderPanel) => void;
  readonly documentId: number;
  readonly domain: DocumentDomain | null;
  readonly page: number;
  readonly pageCount: number;
  readonly text: CallResult<PageText>;
  readonly ranges: ReadonlyArray<readonly [number, number]>;
  readonly onPage: (page: number) => void;
  readonly extract: ExtractFocus | undefined;
  readonly onEvidence: (target: EvidenceTarget | null) => void;
  /** Pages holding evidence of the Extract tab's fields, told when its fields load or change. */
  readonly onEvidencePages?: (pages: ReadonlySet<number>) => void;
  /** Hidden by the person (kept mounted, so running jobs keep their output). */
  readonly hidden: boolean;
  readonly onHide: () => void;
  /** The drag handle on the panel's edge. */
  readonly resizer: ReactNode;
}

const TABS: ReadonlyArray<{ readonly id: ReaderPanel; readonly label: string; readonly testId: string }> = [
  { id: 'text', label: 'Text', testId: 'text-tab' },
  { id: 'summary', label: 'Summary', testId: 'summary-tab' },
  { id: 'extract', label: 'Extract', testId: 'extract-tab' },
];

export function ReaderSidePanel(props: ReaderSidePanelProps) {
  const { panel, onPanel, documentId, domain, page, pageCount, text, ranges, onPage } = props;
  const [summaryOpened, setSummaryOpened] = useState(panel === 'summary');
  if (panel === 'summary' && !summaryOpened) setSummaryOpened(true);
  const [extractOpened, setExtractOpened] = useState(panel === 'extract');
  if (panel === 'extract' && !extractOpened) setExtractOpened(true);
  const pageText = text.data && text.data.number === page ? text.data : null;

  function onKey(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    event.stopPropagation();
    const index = TABS.findIndex((tab) => tab.id === panel);
    const next = TABS[(index + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
    onPanel(next.id);
    document.getElementById(`reader-tab-${next.id}`)?.focus();
  }

  return (
    <aside className="reader-side" aria-label="Page text, summary and fields" hidden={props.hidden}>
      {props.resizer}
      <div className="reader-side__bar">
        <div className="reader-side__tabs" role="tablist" aria-label="Side panel" onKeyDown={onKey}>
          {TABS.map((tab) => (
            <button
              key={tab.id}
              id={`reader-tab-${tab.id}`}
              type="button"
              role="tab"
              className="reader-side__tab"
              aria-selected={panel === tab.id}
              aria-controls={`reader-panel-${tab.id}`}
              tabIndex={panel === tab.id ? 0 : -1}
              onClick={() => onPanel(tab.id)}
              data-testid={tab.testId}
            >
              {tab.label}
            </button>
          ))}
        </div>
        <button type="button" className="reader-side__hide" onClick={props.onHide} aria-label="Hide side panel" title="Hide side panel" data-testid="side-panel-hide">
          <ChevronRightIcon />
        </button>
      </div>
      <div
        id="reader-panel-text"
        role="tabpanel"
        aria-labelledby="reader-tab-text"
        className={`reader-side__panel${panel === 'text' ? '' : ' reader-side__panel--hidden'}`}
      >
        <PageTextPanel page={page} pageCount={pageCount} text={text} ranges={ranges} />
      </div>
      {summaryOpened ? (
        <div
          id="reader-panel-summary"
          role="tabpanel"
          aria-labelledby="reader-tab-summary"
          className={`reader-side__panel${panel === 'summary' ? '' : ' reader-side__panel--hidden'}`}
        >
          <SummaryPanel documentId={documentId} domain={domain} pageCount={pageCount} currentPage={page} onPage={onPage} />
        </div>
      ) : null}
      {extractOpened ? (
        <div
          id="reader-panel-extract"
          role="tabpanel"
          aria-labelledby="reader-tab-extract"
          className={`reader-side__panel${panel === 'extract' ? '' : ' reader-side__panel--hidden'}`}
        >
          <ExtractPanel
            documentId={documentId}
            domain={domain}
            pageText={pageText}
            focus={props.extract}
            onEvidence={props.onEvidence}
            {...(props.onEvidencePages ? { onEvidencePages: props.onEvidencePages } : {})}
          />
        </div>
      ) : null}
    </aside>
  );
}
