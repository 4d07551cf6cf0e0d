// One document in the library table: title and file name, status, pages, editable domain,
// import date, its work (summary, extraction, review) and the row's actions.
import { memo } from 'react';
import { DOMAINS, type DocumentDomain, type DocumentRecord } from '../../../../shared/domain';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ScanIcon, TrashIcon } from '../../components/icons';
import { Spinner } from '../../components/Spinner';
import { useToast } from '../../components/Toasts';
import { useNavigation } from '../../app/Navigation';
import { call, errorMessage } from '../../ipc/api';
import { useDocuments } from './DocumentsProvider';
import { DOMAIN_LABELS, displayTitle, formatBytes, formatDate, formatDateTime } from './format';
import { ExtractionCell, ReviewCell, SummaryCell } from './WorkCells';

export interface LibraryRowProps {
  readonly document: DocumentRecord;
  readonly rowIndex: number;
  readonly top: number;
  readonly height: number;
  readonly onDelete: (document: DocumentRecord) => void;
  /** Template titles by name, for the extraction column. */
  readonly templateTitles: ReadonlyMap<string, string>;
}

export const LibraryRow = memo(function LibraryRow({ document, rowIndex, top, height, onDelete, templateTitles }: LibraryRowProps) {
  const { navigate } = useNavigation();
  const title = displayTitle(document);
  const ready = document.status === 'ready';
  // Rows are clickable; ready documents open from anywhere on the row.
  const open = () => {
    if (ready) navigate({ view: 'document', documentId: document.id, page: 1, highlight: null });
  };

  return (
    <div
      role="row"
      aria-rowindex={rowIndex}
      className={`library-grid library-row library-row--${document.status}`}
      style={{ transform: `translateY(${top}px)`, height }}
      data-testid="library-row"
      data-document-id={document.id}
      data-status={document.status}
      tabIndex={ready ? 0 : -1}
      onClick={(event) => {
        // The row opens the document, except where a control inside it was used.
        if ((event.target as Element).closest('button, select, input, a')) return;
        open();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter' && event.target === event.currentTarget) open();
      }}
    >
      <div role="cell" className="library-cell library-cell--title">
        {ready ? (
          <button type="button" className="library-row__title library-row__title--link" onClick={open} title={title}>
            {title}
          </button>
        ) : (
          <span className="library-row__title" title={title}>
            {title}
          </span>
        )}
        <span className="library-row__file" title={`${document.fileName} · ${formatBytes(document.bytes)}`}>
          {document.fileName}
        </span>
      </div>
      <div role="cell" className="library-cell library-cell--status">
        <StatusCell document={document} />
      </div>
      <div role="cell" className="library-cell library-cell--numeric">
        {document.status === 'ready' || document.pageCount > 0 ? document.pageCount.toLocaleString() : '—'}
      </div>
      <div role="cell" className="library-cell">
        <DomainSelect document={document} />
      </div>
      <div role="cell" className="library-cell library-row__date library-cell--wide-only" title={formatDateTime(document.importedAt)}>
        {formatDate(document.importedAt)}
      </div>
      <div role="cell" className="library-cell">
        <SummaryCell work={document.work} />
      </div>
      <div role="cell" className="library-cell">
        <ExtractionCell work={document.work} titles={templateTitles} />
      </div>
      <div role="cell" className="library-cell">
        <ReviewCell work={document.work} />
      </div>
      <div role="cell" className="library-cell library-cell--actions">
        <span className="library-cell--wide-only">
          <Button size="sm" onClick={open} disabled={!ready} aria-label={`Open ${title}`}>
            Open
          </Button>
        </span>
        <Button size="sm" variant="ghost" icon={<TrashIcon />} aria-label={`Delete ${title}`} title="Delete" onClick={() => onDelete(document)} />
      </div>
    </div>
  );
});

function StatusCell({ document }: { readonly document: DocumentRecord }) {
  const ocr =
    document.pagesNeedingOcr > 0 ? (
      <Badge tone="warning" title={`${document.pagesNeedingOcr} of ${document.pageCount} pages have no text layer and need OCR`}>
        <ScanIcon />
        Needs OCR
      </Badge>
    ) : null;
  switch (document.status) {
    case 'importing':
      return (
        <div className="library-status">
          <span className="library-status__line">
            <Spinner label="Importing" size={12} />
            <span className="library-status__importing">Importing…</span>
          </span>
        </div>
      );
    case 'ready':
      return (
        <div className="library-status">
          <span className="library-status__line">
            <Badge tone="success">Ready</Badge>
            {ocr}
          </span>
        </div>
      );
    case 'failed':
      // Failed imports are listed apart (NeedsAttention), never as rows.
      return null;
    default:
      return document.status satisfies never;
  }
}

function DomainSelect({ document }: { readonly document: DocumentRecord }) {
  const documents = useDocuments();
  const notify = useToast();

  async function change(domain: DocumentDomain) {
    const before = document;
    documents.upsert({ ...document, domain });
    try {
      const { document: updated } = await call('documents:update', { id: document.id, domain });
      documents.upsert(updated);
    } catch (err) {
      documents.upsert(before);
      notify(`Could not change the domain: ${errorMessage(err)}`, 'error');
    }
  }

  return (
    <select
      className="library-domain"
      value={document.domain}
      aria-label={`Domain of ${displayTitle(document)}`}
      onChange={(event) => void change(event.target.value as DocumentDomain)}
    >
      {DOMAINS.map((domain) => (
        <option key={domain} value={domain}>
          {DOMAIN_LABELS[domain]}
        </option>
      ))}
    </select>
  );
}
