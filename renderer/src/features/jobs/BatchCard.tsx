// One batch: what it does, its overall progress with percent and ETA, the counts, Pause /
// Resume / Cancel / Retry failed (Remove once finished), and the expandable per-file list.
import { memo, useEffect, useId, useState } from 'react';
import type { BatchInfo } from '../../../../shared/jobs';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/Dialog';
import { ChevronDownIcon, LockIcon } from '../../components/icons';
import { ProgressBar } from '../../components/ProgressBar';
import { useToast } from '../../components/Toasts';
import { call, errorMessage } from '../../ipc/api';
import { formatDateTime } from '../library/format';
import { BatchFileList } from './BatchFileList';
import { batchOutcomeText, batchPercent, batchStateLabel, batchSteps, formatEta, type FileFilter } from './job-format';

type Action = 'pause' | 'resume' | 'cancel' | 'retry';

const ACTION_CALLS = { pause: 'jobs:pause', resume: 'jobs:resume', cancel: 'jobs:cancel', retry: 'jobs:retry' } as const;
const ACTION_VERBS: Record<Action, string> = { pause: 'pause', resume: 'resume', cancel: 'cancel', retry: 'retry' };

export interface BatchCardProps {
  readonly batch: BatchInfo;
  readonly expanded: boolean;
  readonly onToggle: (id: number) => void;
  /** The batch is gone from the archive's list (a stable callback: the card is memoized). */
  readonly onRemoved: (id: number) => void;
}

export const BatchCard = memo(function BatchCard({ batch, expanded, onToggle, onRemoved }: BatchCardProps) {
  const notify = useToast();
  const [busy, setBusy] = useState<Action | 'remove' | null>(null);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [filter, setFilter] = useState<FileFilter>('all');
  const filesId = useId();
  const titleId = useId();

  const percent = batchPercent(batch);
  const state = batchStateLabel(batch);
  const eta = batch.state === 'active' ? formatEta(batch.etaSeconds) : null;
  const { counts } = batch;
  const unfinished = batch.state !== 'finished';
  // Files that failed for good (not a PDF, empty) are not counted: retrying them cannot help.
  const retryable = counts.retryable;
  // Nor are protected PDFs: each needs its password, asked for in its row.
  const locked = counts.needsPassword;

  // The last protected file unlocked: back to every file rather than an empty list.
  useEffect(() => {
    if (locked === 0 && filter === 'password') setFilter('all');
  }, [locked, filter]);

  function showLocked() {
    setFilter('password');
    if (!expanded) onToggle(batch.id);
  }

  async function act(action: Action) {
    setBusy(action);
    try {
      const { changed } = await call(ACTION_CALLS[action], { batchId: batch.id });
      if (action === 'retry' && changed > 0) notify(`Retrying ${changed === 1 ? 'one job' : `${changed} jobs`} of ${batch.label}.`, 'info');
    } catch (err) {
      notify(`Could not ${ACTION_VERBS[action]} ${batch.label}: ${errorMessage(err)}`, 'error');
    } finally {
      setBusy(null);
    }
  }

  async function remove() {
    setBusy('remove');
    try {
      await call('batches:remove', { id: batch.id });
      onRemoved(batch.id);
      notify(`Removed ${batch.label} from the list. Its documents stay in the library.`, 'success');
    } catch (err) {
      notify(`Could not remove ${batch.label}: ${errorMessage(err)}`, 'error');
      setBusy(null);
    }
  }

  return (
    <article className={`batch-card batch-card--${batch.state}`} aria-labelledby={titleId} data-testid="batch-card" data-batch-id={batch.id} data-state={batch.state}>
      <header className="batch-card__header">
        <div className="batch-card__heading">
          <h3 id={titleId} className="batch-card__title" title={batch.label}>
            {batch.label}
          </h3>
          <Badge tone={state.tone}>{state.label}</Badge>
        </div>
        <div className="batch-card__actions">
          {batch.state === 'active' ? (
            <Button size="sm" onClick={() => void act('pause')} disabled={busy !== null} data-testid="batch-pause">
              Pause
            </Button>
          ) : null}
          {batch.state === 'paused' ? (
            <Button size="sm" variant="primary" onClick={() => void act('resume')} disabled={busy !== null} data-testid="batch-resume">
              Resume
            </Button>
          ) : null}
          {locked > 0 ? (
            <Button
              size="sm"
              icon={<LockIcon />}
              onClick={showLocked}
              aria-controls={expanded ? filesId : undefined}
              title="Show the protected files: each one asks for its password"
              data-testid="batch-needs-password"
            >
              {locked.toLocaleString()} {locked === 1 ? 'needs' : 'need'} a password
            </Button>
          ) : null}
          {retryable > 0 ? (
            <Button size="sm" onClick={() => void act('retry')} disabled={busy !== null} data-testid="batch-retry">
              Retry failed
            </Button>
          ) : null}
          {batch.state === 'finished' ? (
            <Button
              size="sm"
              variant="ghost"
              onClick={() => void remove()}
              disabled={busy !== null}
              aria-label={`Remove ${batch.label} from the list`}
              title="Remove this finished batch from the list; its documents stay in the library"
              data-testid="batch-remove"
            >
              Remove
            </Button>
          ) : null}
          {unfinished ? (
            <Button size="sm" variant="ghost" onClick={() => setConfirmCancel(true)} disabled={busy !== null} data-testid="batch-cancel">
              Cancel
            </Button>
          ) : null}
        </div>
      </header>
      <p className="batch-card__meta">
        {batchSteps(batch)} · {batch.files.toLocaleString()} {batch.files === 1 ? 'file' : 'files'} · started {formatDateTime(batch.createdAt)}
      </p>
      <div className="batch-card__progress">
        <div className="batch-card__bar">
          <ProgressBar
            value={batch.progress}
            failed={batch.files > 0 ? counts.failed / batch.files : 0}
            label={`Progress of ${batch.label}`}
            valueText={batchOutcomeText(batch)}
            tone={batch.state === 'finished' ? 'success' : 'accent'}
          />
        </div>
        <span className="batch-card__percent" data-testid="batch-percent">
          {percent}%
        </span>
        <span className="batch-card__eta" data-testid="batch-eta">
          {batch.state === 'paused' ? 'paused' : eta ?? (batch.state === 'active' ? 'estimating time left…' : '')}
        </span>
      </div>
      <dl className="batch-card__counts" data-testid="batch-counts">
        <Count label="done" value={counts.done} tone="success" />
        <Count label="failed" value={counts.failed} tone="danger" />
        <Count label="working" value={counts.working} tone="accent" />
        <Count label="waiting" value={counts.waiting} />
        {counts.paused > 0 ? <Count label="paused" value={counts.paused} tone="warning" /> : null}
        {counts.cancelled > 0 ? <Count label="cancelled" value={counts.cancelled} /> : null}
      </dl>
      <button
        type="button"
        className={`batch-card__toggle${expanded ? ' batch-card__toggle--open' : ''}`}
        aria-expanded={expanded}
        aria-controls={expanded ? filesId : undefined}
        onClick={() => onToggle(batch.id)}
        data-testid="batch-toggle"
      >
        <ChevronDownIcon />
        {expanded ? 'Hide files' : `Show files (${batch.files.toLocaleString()})`}
      </button>
      {expanded ? <BatchFileList batch={batch} id={filesId} filter={filter} onFilter={setFilter} /> : null}
      {confirmCancel ? (
        <ConfirmDialog
          title="Cancel this batch?"
          confirmLabel="Cancel batch"
          danger
          onClose={() => setConfirmCancel(false)}
          onConfirm={async () => {
            setConfirmCancel(false);
            await act('cancel');
          }}
        >
          <p className="dialog__text">
            The files of <strong className="dialog__file">{batch.label}</strong> that are not finished yet will not be processed. What is done
            stays in the archive, and “Retry failed” can queue the rest again.
          </p>
        </ConfirmDialog>
      ) : null}
    </article>
  );
});

function Count({ label, value, tone }: { readonly label: string; readonly value: number; readonly tone?: 'success' | 'danger' | 'accent' | 'warning' }) {
  return (
    <div className={`batch-count${tone && value > 0 ? ` batch-count--${tone}` : ''}`} data-count={label}>
      <dt>{label}</dt>
      <dd>{value.toLocaleString()}</dd>
    </div>
  );
}
