// The Table's rows, a page at a time from the API (keyset by document id, as the library's
// use-document-pages): the first page when the template changes or the archive does, the next
// when the view nears the end of what it holds. Without a template the API picks the one with
// the most runs, and says which.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { GridPage, GridPageRow } from '../../../../shared/extraction/api';
import { call, errorMessage } from '../../ipc/api';

const PAGE_SIZE = 100;
/** A reload after a change keeps as many rows as were shown, up to the API's page limit. */
const MAX_KEEP = 500;
const NO_ROWS: readonly GridPageRow[] = [];
const NO_COLUMNS: GridPage['columns'] = [];

export interface GridPages {
  readonly status: 'loading' | 'ready' | 'error';
  /** The template shown: the one asked for, or the API's pick. */
  readonly template: string | null;
  readonly columns: GridPage['columns'];
  readonly rows: readonly GridPageRow[];
  readonly total: number;
  readonly hasMore: boolean;
  readonly error: string | null;
  loadMore(): void;
  reload(): void;
}

interface Loaded {
  readonly key: string;
  readonly template: string;
  readonly columns: GridPage['columns'];
  readonly rows: GridPageRow[];
  readonly next: number | null;
  readonly total: number;
}

export function useGridPages(requested: string | null): GridPages {
  const [version, setVersion] = useState(0);
  const key = `${requested ?? ''}|${version}`;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const loading = useRef<string | null>(null);
  const latest = useRef(loaded);
  latest.current = loaded;

  useEffect(() => {
    let live = true;
    // A reload keeps the template the API picked (another may have the most runs by now).
    const template = requested ?? latest.current?.template ?? null;
    const same = latest.current !== null && latest.current.template === template;
    const keep = same ? Math.min(MAX_KEEP, Math.max(PAGE_SIZE, latest.current!.rows.length)) : PAGE_SIZE;
    loading.current = key;
    call('extraction:gridPage', { ...(template !== null ? { template } : {}), after: null, limit: keep }).then(
      (page) => {
        if (!live) return;
        loading.current = null;
        setError(null);
        setLoaded({ key, template: page.template, columns: page.columns, rows: page.rows, next: page.next, total: page.total ?? page.rows.length });
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
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` holds the template and version
  }, [key]);

  const loadMore = useCallback(() => {
    const current = latest.current;
    if (!current || current.next === null || loading.current !== null) return;
    const requestKey = current.key;
    loading.current = requestKey;
    call('extraction:gridPage', { template: current.template, after: current.next, limit: PAGE_SIZE }).then(
      (page) => {
        if (loading.current === requestKey) loading.current = null;
        setLoaded((prev) => (prev && prev.key === requestKey ? { ...prev, rows: [...prev.rows, ...page.rows], next: page.next } : prev));
      },
      (err: unknown) => {
        if (loading.current === requestKey) loading.current = null;
        setError(errorMessage(err));
      },
    );
  }, []);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  // Rows of another template (the selection just changed) are not shown under the new one.
  const current = loaded && (requested === null || loaded.template === requested) ? loaded : null;
  return {
    status: error && !current ? 'error' : current ? 'ready' : 'loading',
    template: current?.template ?? requested,
    columns: current?.columns ?? NO_COLUMNS,
    rows: current?.rows ?? NO_ROWS,
    total: current?.total ?? 0,
    hasMore: current?.next !== null && current !== null,
    error,
    loadMore,
    reload,
  };
}
