// The virtualized document table: only the rows in view are in the DOM, and rows arrive a
// page at a time from the API as the view nears the end of those loaded, so a 100,000-document
// library scrolls smoothly. ARIA table semantics with row indexes for screen readers.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { DocumentRecord } from '../../../../shared/domain';
import { useToast } from '../../components/Toasts';
import { call, errorMessage } from '../../ipc/api';
import { DeleteDocumentDialog } from './DeleteDocumentDialog';
import { useDocuments } from './DocumentsProvider';
import { displayTitle } from './format';
import { LibraryRow } from './LibraryRow';
import { toggleSort, type SortKey, type SortOrder } from './sort-documents';

const ROW_HEIGHT = 60;

const COLUMNS: ReadonlyArray<{ key: SortKey | null; label: string; className?: string }> = [
  { key: 'title', label: 'Title' },
  { key: 'status', label: 'Status' },
  { key: 'pages', label: 'Pages', className: 'library-cell--numeric' },
  { key: 'domain', label: 'Domain' },
  { key: 'importedAt', label: 'Imported', className: 'library-cell--wide-only' },
  { key: 'summary', label: 'Summary' },
  { key: 'extraction', label: 'Extraction' },
  { key: 'review', label: 'Review' },
  { key: null, label: 'Actions', className: 'library-cell--actions' },
];

export interface LibraryTableProps {
  readonly rows: readonly DocumentRecord[];
  /** Rows in the whole list, loaded or not. */
  readonly total: number;
  readonly hasMore: boolean;
  /** Asks for the next page: the view is near the last loaded row. */
  readonly onNearEnd: () => void;
  readonly order: SortOrder;
  readonly onSort: (order: SortOrder) => void;
  /** Changes when the filter or sort changes: the list then starts again at the top. */
  readonly resetKey: string;
  readonly templateTitles: ReadonlyMap<string, string>;
}

/** How close to the last loaded row the next page is asked for. */
const LOAD_AHEAD_ROWS = 30;

export function LibraryTable({ rows, total, hasMore, onNearEnd, order, onSort, resetKey, templateTitles }: LibraryTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [deleting, setDeleting] = useState<DocumentRecord | null>(null);
  const documents = useDocuments();
  const notify = useToast();

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => rows[index]?.id ?? index,
  });

  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [resetKey]);

  const items = virtualizer.getVirtualItems();
  const lastShown = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (hasMore && lastShown >= rows.length - LOAD_AHEAD_ROWS) onNearEnd();
  }, [hasMore, lastShown, rows.length, onNearEnd]);

  async function confirmDelete(document: DocumentRecord) {
    try {
      await call('documents:delete', { id: document.id });
      documents.remove(document.id);
      notify(`Deleted “${displayTitle(document)}”.`, 'success');
      setDeleting(null);
    } catch (err) {
      notify(`Could not delete “${displayTitle(document)}”: ${errorMessage(err)}`, 'error');
    } finally {
      documents.refresh();
    }
  }

  return (
    <div className="library-table" role="table" aria-label="Documents" aria-rowcount={Math.max(total, rows.length) + 1}>
      <div role="rowgroup" className="library-table__head">
        <div role="row" aria-rowindex={1} className="library-grid library-table__header-row">
          {COLUMNS.map((column) => {
            const sorted = column.key !== null && order.key === column.key;
            return (
              <div
                key={column.label}
                role="columnheader"
                aria-sort={sorted ? (order.direction === 'asc' ? 'ascending' : 'descending') : undefined}
                className={`library-cell library-cell--header ${column.className ?? ''}`}
              >
                {column.key === null ? (
                  <span className="visually-hidden">{column.label}</span>
                ) : (
                  <button type="button" className="library-sort" onClick={() => onSort(toggleSort(order, column.key!))}>
                    {column.label}
                    <span className="library-sort__arrow" aria-hidden="true">
                      {sorted ? (order.direction === 'asc' ? '▲' : '▼') : ''}
                    </span>
                  </button>
                )}
              </div>
            );
          })}
        </div>
      </div>
      <div ref={scrollRef} className="library-table__scroll" role="rowgroup">
        <div className="library-table__spacer" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((virtual) => {
            const document = rows[virtual.index];
            if (!document) return null;
            return (
              <LibraryRow
                key={virtual.key}
                document={document}
                rowIndex={virtual.index + 2}
                top={virtual.start}
                height={ROW_HEIGHT}
                onDelete={setDeleting}
                templateTitles={templateTitles}
              />
            );
          })}
        </div>
      </div>
      {deleting ? (
        <DeleteDocumentDialog document={deleting} onClose={() => setDeleting(null)} onConfirm={() => confirmDelete(deleting)} />
      ) : null}
    </div>
  );
}
