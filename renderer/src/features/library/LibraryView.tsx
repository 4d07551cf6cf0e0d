// The library screen: toolbar (filter, import), then the virtualized document table, or
// a designed loading, empty or error state.
import { useEffect, useMemo, useState } from 'react';
import { DOCUMENT_WORK_FILTERS, type DocumentWorkFilter } from '../../../../shared/library';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FileIcon, SearchIcon, UploadIcon } from '../../components/icons';
import { LoadingState } from '../../components/Spinner';
import { useImportActions } from '../import/ImportProvider';
import { useDocuments } from './DocumentsProvider';
import { formatCount } from './format';
import { LibraryTable } from './LibraryTable';
import { NeedsAttention } from './NeedsAttention';
import { UpcomingDeadlines } from '../deadlines/DeadlinesView';
import { DEFAULT_SORT, type SortOrder } from './sort-documents';
import { useDocumentPages } from './use-document-pages';
import { WORK_FILTER_EMPTY, WORK_FILTER_LABELS } from './work-format';
import { useCall } from '../../ipc/use-call';
import './LibraryView.css';

export function LibraryView() {
  const documents = useDocuments();
  const importer = useImportActions();
  const [filter, setFilter] = useState('');
  const [order, setOrder] = useState<SortOrder>(DEFAULT_SORT);
  const [work, setWork] = useState<DocumentWorkFilter | null>(null);
  const deferredFilter = useDebounced(filter.trim(), FILTER_DEBOUNCE_MS);
  const pages = useDocumentPages('library', order, deferredFilter, work);
  const rows = pages.rows;
  const templates = useCall('templates:list', {}, 'templates');
  const templateTitles = useMemo(() => new Map((templates.data?.items ?? []).map((t) => [t.name, t.title])), [templates.data]);
  const narrowed = Boolean(deferredFilter) || work !== null;

  const hasDocuments = documents.count > 0;

  return (
    <main className="library" aria-labelledby="library-title">
      <div className="library__toolbar">
        <div className="library__heading">
          <h1 id="library-title" className="library__title">
            Library
          </h1>
          {documents.status === 'ready' ? (
            <span className="library__count">
              {narrowed && pages.status === 'ready' && pages.total !== documents.count
                ? `${pages.total.toLocaleString()} of ${formatCount(documents.count, 'document', 'documents')}`
                : formatCount(documents.count, 'document', 'documents')}
            </span>
          ) : null}
        </div>
        <div className="library__tools">
          {hasDocuments ? (
            <label className="library__filter">
              <span className="library__filter-icon" aria-hidden="true">
                <SearchIcon />
              </span>
              <input
                className="field library__filter-input"
                type="search"
                placeholder="Filter by title or file name"
                aria-label="Filter documents by title or file name"
                value={filter}
                onChange={(event) => setFilter(event.target.value)}
              />
            </label>
          ) : null}
          {/* No Import button here: the header's is on every screen (two alike read as two actions). */}
        </div>
      </div>

      {hasDocuments ? (
        <div className="library__work-filters" role="group" aria-label="Show documents">
          {[null, ...DOCUMENT_WORK_FILTERS].map((option) => (
            <button
              key={option ?? 'all'}
              type="button"
              className="library__work-filter"
              aria-pressed={work === option}
              data-testid={`work-filter-${option ?? 'all'}`}
              onClick={() => setWork(option)}
            >
              {option === null ? 'All' : WORK_FILTER_LABELS[option]}
            </button>
          ))}
        </div>
      ) : null}

      {documents.error && documents.status === 'ready' ? (
        <div className="library__banner">
          <ErrorBanner title="The library could not be refreshed." message={documents.error} onRetry={documents.refresh} />
        </div>
      ) : null}

      {documents.status === 'ready' && documents.attention.length > 0 ? <NeedsAttention items={documents.attention} /> : null}
      <UpcomingDeadlines />

      <div className="library__content">
        {documents.status === 'loading' || (hasDocuments && pages.status === 'loading') ? (
          <LoadingState label="Loading your library…" />
        ) : documents.status === 'error' || pages.status === 'error' ? (
          <div className="library__error">
            <ErrorBanner title="The library could not be loaded." message={documents.error ?? pages.error ?? undefined} onRetry={documents.refresh} />
          </div>
        ) : !hasDocuments ? (
          <EmptyState
            icon={<FileIcon />}
            title="Your library is empty"
            actions={
              <Button variant="primary" icon={<UploadIcon />} onClick={importer.openPicker}>
                Choose PDFs to import
              </Button>
            }
          >
            <p>Import medical records, contracts or other PDFs to search and review them.</p>
            <p>You can also drop PDF files anywhere in this window. Everything stays on this computer.</p>
          </EmptyState>
        ) : rows.length === 0 ? (
          <EmptyState
            icon={<SearchIcon />}
            title="No matching documents"
            actions={
              <Button
                onClick={() => {
                  setFilter('');
                  setWork(null);
                }}
              >
                {work ? 'Show all' : 'Clear filter'}
              </Button>
            }
          >
            {deferredFilter ? <p>No title or file name contains “{deferredFilter}”{work ? ` among “${WORK_FILTER_LABELS[work]}”` : ''}.</p> : null}
            {work && !deferredFilter ? <p>{WORK_FILTER_EMPTY[work]}</p> : null}
          </EmptyState>
        ) : (
          <LibraryTable
            rows={rows}
            total={pages.total}
            hasMore={pages.hasMore}
            onNearEnd={pages.loadMore}
            order={order}
            onSort={setOrder}
            resetKey={`${deferredFilter}|${work}|${order.key}|${order.direction}`}
            templateTitles={templateTitles}
          />
        )}
      </div>
    </main>
  );
}

const FILTER_DEBOUNCE_MS = 200;

/** The value once it has stopped changing for `ms`: one list request per pause in typing. */
function useDebounced(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
