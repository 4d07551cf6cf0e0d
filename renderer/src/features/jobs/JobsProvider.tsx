// The batches of the job queue, shared by the header's queue indicator and the Batches
// screen. Loads `batches:list` and keeps it current from `batches:changed` events, applied
// at most four times a second however fast the queue reports.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { BatchInfo } from '../../../../shared/jobs';
import { call, errorMessage, useAbstractorEvent } from '../../ipc/api';
import { addMissing, queueSummary, sortBatches, upsertBatches, type QueueSummary } from './batch-state';
import { throttle } from './throttle';

export interface JobsState {
  readonly status: 'loading' | 'ready' | 'error';
  readonly batches: readonly BatchInfo[];
  readonly error: string | null;
}

export interface Jobs extends JobsState {
  readonly summary: QueueSummary;
  refresh(): void;
  /** A batch the screen learned about first (the answer of `batches:start`); events stay authoritative. */
  add(batch: BatchInfo): void;
  /** A batch removed from the list (batches:remove answered). */
  remove(id: number): void;
}

const JobsContext = createContext<Jobs | null>(null);

const EVENT_INTERVAL_MS = 250;

export function JobsProvider({ children }: { readonly children: ReactNode }) {
  const [state, setState] = useState<JobsState>({ status: 'loading', batches: [], error: null });

  const load = useCallback(async () => {
    try {
      const { batches } = await call('batches:list', {});
      setState({ status: 'ready', batches: sortBatches(batches), error: null });
    } catch (err) {
      setState((prev) => ({ ...prev, status: prev.status === 'ready' ? 'ready' : 'error', error: errorMessage(err) }));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const pending = useRef<BatchInfo[]>([]);
  const flush = useMemo(
    () =>
      throttle(() => {
        const changed = pending.current;
        if (changed.length === 0) return;
        pending.current = [];
        setState((prev) => ({ ...prev, batches: upsertBatches(prev.batches, changed) }));
      }, EVENT_INTERVAL_MS),
    [],
  );
  useEffect(() => () => flush.cancel(), [flush]);

  useAbstractorEvent('batches:changed', ({ batch }) => {
    pending.current.push(batch);
    flush();
  });
  // The bridge's event stream says "anything may have changed" this way after a reconnect.
  useAbstractorEvent('documents:changed', ({ ids }) => {
    if (ids.length === 0) void load();
  });

  const add = useCallback((batch: BatchInfo) => {
    setState((prev) => ({ ...prev, batches: addMissing(prev.batches, [batch]) }));
  }, []);
  const remove = useCallback((id: number) => {
    setState((prev) => ({ ...prev, batches: prev.batches.filter((b) => b.id !== id) }));
  }, []);
  const refresh = useCallback(() => void load(), [load]);

  const summary = useMemo(() => queueSummary(state.batches), [state.batches]);
  const value = useMemo<Jobs>(() => ({ ...state, summary, refresh, add, remove }), [state, summary, refresh, add, remove]);
  return <JobsContext.Provider value={value}>{children}</JobsContext.Provider>;
}

export function useJobs(): Jobs {
  const value = useContext(JobsContext);
  if (!value) throw new Error('useJobs outside JobsProvider');
  return value;
}
