// The Batches screen: start a batch (files or folders, a template, "Summarize too"), follow
// every batch with its progress, ETA and files, pause / resume / cancel, and manage watched
// folders. Live from `batches:changed` (JobsProvider) and `jobs:changed` (the open lists).
import { useCallback, useEffect, useState } from 'react';
import type { BatchInfo } from '../../../../shared/jobs';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { ArrowLeftIcon, ListIcon } from '../../components/icons';
import { LoadingState } from '../../components/Spinner';
import { useToast } from '../../components/Toasts';
import { useNavigation } from '../../app/Navigation';
import { call, errorMessage } from '../../ipc/api';
import { BatchCard } from './BatchCard';
import { queueHeadline } from './batch-state';
import { formatEta } from './job-format';
import { useJobs } from './JobsProvider';
import { NewBatchForm } from './NewBatchForm';
import { RestoreHold } from './RestoreHold';
import { WatchedFolders } from './WatchedFolders';
import './BatchView.css';

export function BatchView({ batchId }: { readonly batchId: number | null }) {
  const jobs = useJobs();
  const navigation = useNavigation();
  const notify = useToast();
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(() => new Set(batchId === null ? [] : [batchId]));
  const [allBusy, setAllBusy] = useState(false);
  /** Bumped when a restore's hold is released: the watched folders list shows them watched again. */
  const [released, setReleased] = useState(0);

  // The header's indicator navigates here with the batch to show.
  useEffect(() => {
    if (batchId !== null) setExpanded((prev) => (prev.has(batchId) ? prev : new Set([...prev, batchId])));
  }, [batchId]);

  const toggle = useCallback((id: number) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }, []);

  const started = useCallback(
    (batch: BatchInfo) => {
      jobs.add(batch);
      setExpanded((prev) => new Set([...prev, batch.id]));
    },
    [jobs],
  );

  async function everything(action: 'jobs:pause' | 'jobs:resume') {
    setAllBusy(true);
    try {
      await call(action, { all: true });
    } catch (err) {
      notify(`Could not ${action === 'jobs:pause' ? 'pause' : 'resume'} the queue: ${errorMessage(err)}`, 'error');
    } finally {
      setAllBusy(false);
    }
  }

  const { summary } = jobs;
  const headline = queueHeadline(summary);
  const eta = formatEta(summary.etaSeconds);

  return (
    <main className="batches" aria-labelledby="batches-title" data-testid="batches-screen">
      <div className="batches__toolbar">
        {navigation.canGoBack ? (
          <Button variant="ghost" size="sm" icon={<ArrowLeftIcon />} onClick={navigation.back}>
            Back
          </Button>
        ) : null}
        <h1 id="batches-title" className="batches__title">
          Batches
        </h1>
        <span className="batches__summary" aria-live="polite">
          {headline ? `${headline} files${eta && summary.running > 0 ? ` · ${eta}` : ''}` : jobs.status === 'ready' ? 'Nothing in the queue' : ''}
        </span>
        <span className="batches__spacer" />
        {summary.running > 0 ? (
          <Button size="sm" onClick={() => void everything('jobs:pause')} disabled={allBusy} data-testid="queue-pause-all">
            Pause all
          </Button>
        ) : summary.paused > 0 ? (
          <Button size="sm" onClick={() => void everything('jobs:resume')} disabled={allBusy} data-testid="queue-resume-all">
            Resume all
          </Button>
        ) : null}
      </div>
      <div className="batches__scroll">
        <div className="batches__layout">
          <div className="batches__main">
            <RestoreHold onResumed={() => setReleased((n) => n + 1)} />
            <NewBatchForm onStarted={started} />
            <section className="batches__list" aria-labelledby="batch-list-title">
              <h2 id="batch-list-title" className="visually-hidden">
                All batches
              </h2>
              {jobs.status === 'loading' ? (
                <LoadingState label="Loading batches…" />
              ) : jobs.status === 'error' ? (
                <ErrorBanner title="The batches could not be loaded." message={jobs.error ?? undefined} onRetry={jobs.refresh} />
              ) : jobs.batches.length === 0 ? (
                <div className="batch-panel" data-testid="batches-empty">
                  <EmptyState icon={<ListIcon />} title="No batches yet">
                    <p>
                      A batch imports many PDFs at once and, if you like, extracts a template’s fields and writes a summary of each, one file
                      after another while you keep working.
                    </p>
                  </EmptyState>
                </div>
              ) : (
                <>
                  {jobs.error ? <ErrorBanner title="The batches could not be refreshed." message={jobs.error} onRetry={jobs.refresh} /> : null}
                  {jobs.batches.map((batch) => (
                    <BatchCard key={batch.id} batch={batch} expanded={expanded.has(batch.id)} onToggle={toggle} onRemoved={jobs.remove} />
                  ))}
                </>
              )}
            </section>
          </div>
          <aside className="batches__side">
            <WatchedFolders revision={released} />
          </aside>
        </div>
      </div>
    </main>
  );
}
