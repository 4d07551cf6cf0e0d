// The library's document list, shared by the header (count), the library table and the
// import panel. Loads `documents:list` and reloads on `documents:changed`, coalescing bursts
// (an import of 200 files emits many) into at most one request in flight plus one queued.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { DocumentRecord } from '../../../../shared/domain';
import { call, errorMessage, useAbstractorEvent } from '../../ipc/api';

export interface DocumentsState {
  readonly status: 'loading' | 'ready' | 'error';
  readonly items: readonly DocumentRecord[];
  readonly total: number;
  readonly error: string | null;
}

export interface Documents extends DocumentsState {
  /** The documents of the library: imported or importing. A failed import is not a document. */
  readonly library: readonly DocumentRecord[];
  /** Failed imports, listed apart with what can help ("Needs attention"). */
  readonly attention: readonly DocumentRecord[];
  /** How many documents the library holds (failed imports not counted). */
  readonly count: number;
  refresh(): void;
  /** Applies a record the backend returned (after an update) without waiting for a reload. */
  upsert(document: DocumentRecord): void;
  remove(id: number): void;
  byId(id: number): DocumentRecord | undefined;
}

const DocumentsContext = createContext<Documents | null>(null);

// The contract's upper bound; the table is virtualized, so the whole list is fine.
const LIST_LIMIT = 100_000;
const CHANGE_DEBOUNCE_MS = 250;

export function DocumentsProvider({ children }: { readonly children: ReactNode }) {
  const [state, setState] = useState<DocumentsState>({ status: 'loading', items: [], total: 0, error: null });
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
          const { items, total } = await call('documents:list', { offset: 0, limit: LIST_LIMIT });
          setState({ status: 'ready', items, total, error: null });
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

  useAbstractorEvent('documents:changed', () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      void load();
    }, CHANGE_DEBOUNCE_MS);
  });

  const upsert = useCallback((document: DocumentRecord) => {
    setState((prev) => {
      const index = prev.items.findIndex((d) => d.id === document.id);
      if (index < 0) return { ...prev, items: [document, ...prev.items], total: prev.total + 1 };
      const items = prev.items.slice();
      items[index] = document;
      return { ...prev, items };
    });
  }, []);

  const remove = useCallback((id: number) => {
    setState((prev) => {
      const items = prev.items.filter((d) => d.id !== id);
      return { ...prev, items, total: prev.total - (prev.items.length - items.length) };
    });
  }, []);

  const index = useMemo(() => new Map(state.items.map((d) => [d.id, d])), [state.items]);
  const { library, attention } = useMemo(() => splitFailed(state.items), [state.items]);

  const value = useMemo<Documents>(
    () => ({
      ...state,
      library,
      attention,
      // The list holds every document (its limit is the contract's bound), so the failed ones it lists are all of them.
      count: Math.max(0, state.total - attention.length),
      refresh,
      upsert,
      remove,
      byId: (id) => index.get(id),
    }),
    [state, library, attention, refresh, upsert, remove, index],
  );
  return <DocumentsContext.Provider value={value}>{children}</DocumentsContext.Provider>;
}

/** Failed imports apart from the documents. */
export function splitFailed(items: readonly DocumentRecord[]): { library: DocumentRecord[]; attention: DocumentRecord[] } {
  const library: DocumentRecord[] = [];
  const attention: DocumentRecord[] = [];
  for (const item of items) (item.status === 'failed' ? attention : library).push(item);
  return { library, attention };
}

export function useDocuments(): Documents {
  const value = useContext(DocumentsContext);
  if (!value) throw new Error('useDocuments outside DocumentsProvider');
  return value;
}
