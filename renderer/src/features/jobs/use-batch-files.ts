// The per-file status list of one open batch: `batches:get`, fetched again when the queue
// reports a change to that batch, at most twice a second and never two requests at once.
// Also keeps the latest state of the batch's jobs from `jobs:changed`, for step progress.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { BatchFile, BatchInfo, JobInfo } from '../../../../shared/jobs';
import { call, errorMessage, useAbstractorEvent } from '../../ipc/api';
import { throttle } from './throttle';

export interface BatchFilesState {
  readonly status: 'loading' | 'ready' | 'error';
  readonly batch: BatchInfo | null;
  readonly files: readonly BatchFile[];
  readonly error: string | null;
  /** The latest known state of the batch's jobs, by id (only those reported since opening). */
  readonly jobs: ReadonlyMap<number, JobInfo>;
}

const REFETCH_INTERVAL_MS = 500;

export function useBatchFiles(batchId: number): BatchFilesState & { reload(): void } {
  const [state, setState] = useState<Omit<BatchFilesState, 'jobs'>>({ status: 'loading', batch: null, files: [], error: null });
  const [jobs, setJobs] = useState<ReadonlyMap<number, JobInfo>>(new Map());
  const pendingJobs = useRef<JobInfo[]>([]);
  const inFlight = useRef(false);
  const dirty = useRef(false);
  const live = useRef(true);

  const refetch = useMemo(() => {
    const throttled = throttle(() => {
      // Job updates ride along with the refetch, so the list re-renders once per tick.
      const reported = pendingJobs.current;
      if (reported.length > 0) {
        pendingJobs.current = [];
        setJobs((prev) => {
          const next = new Map(prev);
          for (const job of reported) next.set(job.id, job);
          return next;
        });
      }
      if (inFlight.current) {
        dirty.current = true;
        return;
      }
      inFlight.current = true;
      call('batches:get', { id: batchId }).then(
        ({ batch, files }) => {
          if (live.current) setState({ status: 'ready', batch, files, error: null });
        },
        (err: unknown) => {
          if (live.current) setState((prev) => ({ ...prev, status: prev.status === 'ready' ? 'ready' : 'error', error: errorMessage(err) }));
        },
      ).finally(() => {
        inFlight.current = false;
        if (dirty.current && live.current) {
          dirty.current = false;
          throttled();
        }
      });
    }, REFETCH_INTERVAL_MS);
    return throttled;
  }, [batchId]);

  useEffect(() => {
    live.current = true;
    refetch();
    return () => {
      live.current = false;
      refetch.cancel();
    };
  }, [refetch]);

  useAbstractorEvent('batches:changed', ({ batch }) => {
    if (batch.id === batchId) refetch();
  });
  useAbstractorEvent('jobs:changed', ({ jobs: changed }) => {
    let ours = false;
    for (const job of changed) {
      if (job.batchId !== batchId) continue;
      pendingJobs.current.push(job);
      ours = true;
    }
    if (ours) refetch();
  });

  return { ...state, jobs, reload: refetch };
}
