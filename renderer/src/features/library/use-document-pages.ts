// The library's rows, a page at a time from the API (keyset pagination, sorted and filtered
// in SQL): the first page when the order, filter or documents change, the next one when the
// table nears the end of what it holds. The window never holds more than the rows scrolled past.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DocumentRecord } from '../../../../shared/domain';
import type { DocumentCursor, DocumentSort, DocumentView, DocumentWorkFilter } from '../../../../shared/library';
import { call, errorMessage } from '../../ipc/api';
import { useDocuments } from './DocumentsProvider';

const PAGE_SIZE = 100;

export interface DocumentPages {
  readonly status: 'loading' | 'ready' | 'error';
  readonly rows: readonly DocumentRecord[];
  /** Rows in the whole list (all pages), from its first page. */
  readonly total: number;
  readonly hasMore: boolean;
  readonly error: string | null;
  loadMore(): void;
}

interface Loaded {
  readonly key: string;
  readonly rows: DocumentRecord[];
  readonly next: DocumentCursor | null;
  readonly total: number;
}

export function useDocumentPages(view: DocumentView, sort: DocumentSort, filter: string, work: DocumentWorkFilter | null = null): DocumentPages {
  const documents = useDocuments();
  const key = `${view}|${sort.key}|${sort.direction}|${filter}|${work}|${documents.version}`;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const loading = useRef<string | null>(null);
  const latest = useRef(loaded);
  latest.current = loaded;

  useEffect(() => {
    let live = true;
    // A reload after a change keeps as many rows as were shown (up to the API's page limit), so the view does not jump.
    const keep = Math.min(500, Math.max(PAGE_SIZE, latest.current?.rows.length ?? 0));
    loading.current = key;
    call('documents:list', { view, sort, filter, work, limit: keep }).then(
      (page) => {
        if (!live) return;
        loading.current = null;
        setError(null);
        setLoaded({ key, rows: page.items, next: page.next, total: page.total ?? page.items.length });
      },
      (err: unknown) => {
        if (!live) return;
        loading.current = null;
        setError(errorMessage(err));
      },
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` holds view, sort, filter and work
  }, [key]);

  const loadMore = useCallback(() => {
    const current = latest.current;
    if (!current || !current.next || loading.current !== null) return;
    const requestKey = current.key;
    loading.current = requestKey;
    call('documents:list', { view, sort, filter, work, after: current.next, limit: PAGE_SIZE }).then(
      (page) => {
        if (loading.current === requestKey) loading.current = null;
        setLoaded((prev) => (prev && prev.key === requestKey ? { ...prev, rows: [...prev.rows, ...page.items], next: page.next } : prev));
      },
      (err: unknown) => {
        if (loading.current === requestKey) loading.current = null;
        setError(errorMessage(err));
      },
    );
  }, [view, sort, filter, work]);

  // An import that failed since this page loaded is in "Needs attention" already: never a row too.
  const failed = useMemo(() => new Set(documents.attention.map((d) => d.id)), [documents.attention]);
  const rows = loaded ? applyPatches(loaded.rows, documents.patches).filter((row) => view !== 'library' || !failed.has(row.id)) : [];
  return {
    status: error && !loaded ? 'error' : loaded ? 'ready' : 'loading',
    rows,
    total: loaded ? Math.max(0, loaded.total - (loaded.rows.length - rows.length)) : 0,
    hasMore: Boolean(loaded?.next),
    error,
    loadMore,
  };
}

function applyPatches(rows: readonly DocumentRecord[], patches: ReadonlyMap<number, DocumentRecord | null>): DocumentRecord[] {
  if (patches.size === 0) return rows as DocumentRecord[];
  const out: DocumentRecord[] = [];
  for (const row of rows) {
    const patch = patches.get(row.id);
    if (patch === null) continue;
    // A patch from an update carries no work (documents:list adds it): the row's stays.
    out.push(patch ? { ...patch, work: patch.work ?? row.work } : row);
  }
  return out;
}
