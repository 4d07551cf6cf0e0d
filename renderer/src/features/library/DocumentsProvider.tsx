// What the whole window knows about the library without listing it: how many documents there
// are (per status), the failed imports ("Needs attention", few), and a version that changes on
// every `documents:changed` so each paged list reloads (coalescing bursts: an import of 200
// files emits many, into at most one request in flight plus one queued). The document list
// itself is paged through the API by the screens that show it (use-document-pages.ts).
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { DocumentRecord } from '../../../../shared/domain';
import type { DocumentCounts } from '../../../../shared/library';
import { call, errorMessage, useAbstractorEvent } from '../../ipc/api';

export interface DocumentsState {
  readonly status: 'loading' | 'ready' | 'error';
  readonly counts: DocumentCounts | null;
  /** Failed imports, listed apart with what can help ("Needs attention"). */
  readonly attention: readonly DocumentRecord[];
  readonly error: string | null;
  /** Changes whenever the documents changed: paged lists reload. */
  readonly version: number;
}

export interface Documents extends DocumentsState {
  /** How many documents the library holds (failed imports not counted). */
  readonly count: number;
  /** Records the backend returned (after an update), shown before the next reload. */
  readonly patches: ReadonlyMap<number, DocumentRecord | null>;
  refresh(): void;
  /** Applies a record the backend returned (after an update) without waiting for a reload. */
  upsert(document: DocumentRecord): void;
  remove(id: number): void;
}

const DocumentsContext = createContext<Documents | null>(null);

const ATTENTION_LIMIT = 500;
const CHANGE_DEBOUNCE_MS = 250;

export function DocumentsProvider({ children }: { readonly children: ReactNode }) {
  const [state, setState] = useState<DocumentsState>({ status: 'loading', counts: null, attention: [], error: null, version: 0 });
  const [patches, setPatches] = useState<ReadonlyMap<number, DocumentRecord | null>>(new Map());
  const inFlight = useRef(false);
  const queued = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const load = useCallback(async () => {
    if (inFlight.current) {
      queued.current = true;
      return;
    }
    inFlight.current = true;
    try {
      do {
        queued.current = false;
        try {
          const [counts, failed] = await Promise.all([
            call('documents:counts', {}),
            call('documents:list', { view: 'failed', limit: ATTENTION_LIMIT }),
          ]);
          setPatches(new Map());
          setState((prev) => ({ status: 'ready', counts, attention: failed.items, error: null, version: prev.version + 1 }));
        } catch (err) {
          setState((prev) => ({ ...prev, status: prev.status === 'ready' ? 'ready' : 'error', error: errorMessage(err) }));
        }
      } while (queued.current);
    } finally {
      inFlight.current = false;
    }
  }, []);

  const refresh = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    void load();
  }, [load]);

  useEffect(() => {
    void load();
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [load]);

  const changed = () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      void load();
    }, CHANGE_DEBOUNCE_MS);
  };
  useAbstractorEvent('documents:changed', changed);
  // A finished summary or extraction changes the library's work columns.
  useAbstractorEvent('summaries:done', changed);
  useAbstractorEvent('extraction:done', changed);

  const upsert = useCallback((document: DocumentRecord) => {
    setPatches((prev) => new Map(prev).set(document.id, document));
    setState((prev) => ({ ...prev, attention: prev.attention.map((d) => (d.id === document.id ? document : d)) }));
  }, []);

  const remove = useCallback((id: number) => {
    setPatches((prev) => new Map(prev).set(id, null));
    setState((prev) => ({ ...prev, attention: prev.attention.filter((d) => d.id !== id) }));
  }, []);

  const value = useMemo<Documents>(
    () => ({
      ...state,
      count: state.counts ? state.counts.total - state.counts.byStatus.failed : 0,
      patches,
      refresh,
      upsert,
      remove,
    }),
    [state, patches, refresh, upsert, remove],
  );
  return <DocumentsContext.Provider value={value}>{children}</DocumentsContext.Provider>;
}

export function useDocuments(): Documents {
  const value = useContext(DocumentsContext);
  if (!value) throw new Error('useDocuments outside DocumentsProvider');
  return value;
}
