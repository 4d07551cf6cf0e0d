// The installed models and the downloads in flight, shared by the header, the Models screen
// and the reader's summary panel. Loads `models:list` and reloads on `models:changed`.
// Downloads live here, not in the screen, so they keep their progress while the person reads.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { toErrorData } from '../../../../shared/errors';
import type { CatalogItem, DownloadProgress, ModelRecord } from '../../../../shared/models';
import { useToast } from '../../components/Toasts';
import { call, errorCode, errorMessage, useAbstractorEvent } from '../../ipc/api';
import { applyDownloadEvents, markStarting, settle, type Downloads } from './download-state';

export interface ModelsState {
  readonly status: 'loading' | 'ready' | 'error';
  readonly items: readonly ModelRecord[];
  readonly activeId: number | null;
  readonly error: string | null;
  /** Bumps on every successful load: screens refetch what depends on the list (the catalog). */
  readonly version: number;
}

export interface Models extends ModelsState {
  readonly active: ModelRecord | null;
  refresh(): void;
  download(item: Pick<CatalogItem, 'id' | 'name' | 'pinned' | 'url'>): void;
  cancelDownload(key: string): void;
}

const ModelsContext = createContext<Models | null>(null);
// Separate, so that download progress re-renders only what shows it.
const DownloadsContext = createContext<Downloads>(new Map());

export function ModelsProvider({ children }: { readonly children: ReactNode }) {
  const [state, setState] = useState<ModelsState>({ status: 'loading', items: [], activeId: null, error: null, version: 0 });
  const [downloads, setDownloads] = useState<Downloads>(new Map());
  const notify = useToast();

  const load = useCallback(async () => {
    try {
      const { items, activeId } = await call('models:list', {});
      setState((prev) => ({ status: 'ready', items, activeId, error: null, version: prev.version + 1 }));
    } catch (err) {
      setState((prev) => ({ ...prev, status: prev.status === 'ready' ? 'ready' : 'error', error: errorMessage(err) }));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  useAbstractorEvent('models:changed', () => void load());

  // Progress arrives about ten times a second per download; apply it once per frame.
  const pending = useRef<DownloadProgress[]>([]);
  const scheduled = useRef(false);
  const flush = useCallback(() => {
    scheduled.current = false;
    const events = pending.current;
    if (events.length === 0) return;
    pending.current = [];
    setDownloads((prev) => applyDownloadEvents(prev, events, performance.now()));
  }, []);

  useAbstractorEvent('models:downloadProgress', (event) => {
    pending.current.push(event);
    if (scheduled.current) return;
    scheduled.current = true;
    requestAnimationFrame(flush);
    // rAF pauses in a hidden window; the timeout keeps the bar current anyway.
    setTimeout(() => scheduled.current && flush(), 250);
  });

  const download = useCallback(
    (item: Pick<CatalogItem, 'id' | 'name' | 'pinned' | 'url'>) => {
      // The backend keys catalog downloads by their catalog id, also an unpinned entry's URL download.
      const key = item.id;
      setDownloads((prev) => markStarting(prev, key, item.id, performance.now()));
      // An unpinned entry downloads from its URL: the app asks the user in a dialog of its own first.
      const started = item.pinned ? call('models:download', { catalogId: item.id }) : call('models:downloadUrl', { url: item.url });
      started.then(
        ({ duplicate }) => {
          flush();
          setDownloads((prev) => settle(prev, key, 'done', null));
          notify(duplicate ? `${item.name} was already installed.` : `${item.name} is downloaded and ready.`, 'success');
          void load();
        },
        (err: unknown) => {
          flush();
          if (errorCode(err) === 'cancelled') {
            setDownloads((prev) => settle(prev, key, 'cancelled', null));
          } else {
            setDownloads((prev) => settle(prev, key, 'failed', toErrorData(err)));
          }
        },
      );
    },
    [flush, load, notify],
  );

  const cancelDownload = useCallback(
    (key: string) => {
      call('models:cancelDownload', { key }).catch((err: unknown) => notify(`Could not cancel: ${errorMessage(err)}`, 'error'));
    },
    [notify],
  );

  const refresh = useCallback(() => void load(), [load]);

  const value = useMemo<Models>(
    () => ({
      ...state,
      active: state.items.find((m) => m.id === state.activeId) ?? null,
      refresh,
      download,
      cancelDownload,
    }),
    [state, refresh, download, cancelDownload],
  );

  return (
    <ModelsContext.Provider value={value}>
      <DownloadsContext.Provider value={downloads}>{children}</DownloadsContext.Provider>
    </ModelsContext.Provider>
  );
}

export function useModels(): Models {
  const value = useContext(ModelsContext);
  if (!value) throw new Error('useModels outside ModelsProvider');
  return value;
}

export function useDownloads(): Downloads {
  return useContext(DownloadsContext);
}
