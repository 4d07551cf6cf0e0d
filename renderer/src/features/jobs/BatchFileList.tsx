// The files of one open batch: name, current step, state badge, the error of a failed file,
// Open (in the reader, on the batch's extraction or summary), Retry, and Enter password for a
// protected PDF (the library's password dialog; the file's job runs again with it and the
// batch goes on with the file's next steps). Virtualized: only the rows in view are in the
// DOM, so a batch of thousands of files stays responsive.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useId, useMemo, useRef, useState } from 'react';
import { canRetry, failureName } from '../../../../shared/failures';
import type { BatchFile, BatchInfo, JobInfo } from '../../../../shared/jobs';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { PasswordDialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { AlertIcon, CheckIcon, FileIcon, LockIcon } from '../../components/icons';
import { LoadingState, Spinner } from '../../components/Spinner';
import { useToast } from '../../components/Toasts';
import { useNavigation } from '../../app/Navigation';
import type { Route } from '../../app/routes';
import { call, errorMessage } from '../../ipc/api';
import { formatCount, isPasswordError, WRONG_PASSWORD_TEXT } from '../library/format';
import { FILE_FILTERS, fileBadge, fileDetail, jobProgressText, matchesFilter, needsPassword, runningJob, stepLabel, type FileFilter } from './job-format';
import { useBatchFiles } from './use-batch-files';

const ROW_HEIGHT = 56;

export interface BatchFileListProps {
  readonly batch: BatchInfo;
  readonly id: string;
  /** Which files show (the card's "needs a password" opens the list on those). */
  readonly filter: FileFilter;
  readonly onFilter: (filter: FileFilter) => void;
}

/** The file whose password is being asked for, and how the last try went. */
interface Unlocking {
  readonly jobId: number;
  readonly file: string;
  readonly busy: boolean;
  readonly error: string | null;
}

export function BatchFileList({ batch, id, filter, onFilter }: BatchFileListProps) {
  const files = useBatchFiles(batch.id);
  const notify = useToast();
  const filterId = useId();
  const rows = useMemo(() => (filter === 'all' ? files.files : files.files.filter((f) => matchesFilter(f, filter))), [files.files, filter]);
  // Held here, not in the row: a virtualized row scrolled out of view must not take the dialog with it.
  const [unlocking, setUnlocking] = useState<Unlocking | null>(null);
  const unlock = useCallback((file: BatchFile) => {
    if (file.failedJobId !== null) setUnlocking({ jobId: file.failedJobId, file: file.file, busy: false, error: null });
  }, []);

  async function submitPassword(target: Unlocking, password: string) {
    setUnlocking({ ...target, busy: true, error: null });
    try {
      const { job } = await call('jobs:retryWithPassword', { id: target.jobId, password });
      files.reload();
      if (job.state === 'failed' && isPasswordError(job.error?.code)) {
        setUnlocking({ ...target, busy: false, error: WRONG_PASSWORD_TEXT });
        return;
      }
      setUnlocking(null);
      if (job.state === 'done') notify(`${target.file} is unlocked and imported.`, 'success');
      else if (job.state === 'failed') notify(`Could not import ${target.file}: ${job.error?.message ?? 'it failed.'}`, 'error');
    } catch (err) {
      setUnlocking({ ...target, busy: false, error: errorMessage(err) });
    }
  }

  return (
    <div className="batch-files" id={id} data-testid="batch-files">
      {files.status === 'loading' ? (
        <LoadingState label="Loading the files…" />
      ) : files.status === 'error' ? (
        <ErrorBanner title="The files of this batch could not be loaded." message={files.error ?? undefined} onRetry={files.reload} />
      ) : (
        <>
          {files.error ? <ErrorBanner title="The file list could not be refreshed." message={files.error} onRetry={files.reload} /> : null}
          <div className="batch-files__toolbar">
            <label className="batch-files__label" htmlFor={filterId}>
              Show
            </label>
            <select
              id={filterId}
              className="field batch-files__filter"
              value={filter}
              onChange={(event) => onFilter(event.target.value as FileFilter)}
              data-testid="batch-files-filter"
            >
              {FILE_FILTERS.map((f) => (
                <option key={f.value} value={f.value}>
                  {f.label}
                </option>
              ))}
            </select>
            <span className="batch-files__count">
              {rows.length === files.files.length
                ? formatCount(files.files.length, 'file', 'files')
                : `${rows.length.toLocaleString()} of ${formatCount(files.files.length, 'file', 'files')}`}
            </span>
          </div>
          {rows.length === 0 ? (
            <p className="batch-files__empty">{files.files.length === 0 ? 'No files in this batch yet.' : 'No file matches this filter.'}</p>
          ) : (
            <VirtualFiles batch={batch} rows={rows} jobs={files.jobs} onUnlock={unlock} />
          )}
        </>
      )}
      {unlocking ? (
        <PasswordDialog
          key={unlocking.jobId}
          fileName={unlocking.file}
          busy={unlocking.busy}
          error={unlocking.error}
          onClose={() => setUnlocking(null)}
          onSubmit={(password) => void submitPassword(unlocking, password)}
        />
      ) : null}
    </div>
  );
}

interface VirtualFilesProps {
  readonly batch: BatchInfo;
  readonly rows: readonly BatchFile[];
  readonly jobs: ReadonlyMap<number, JobInfo>;
  readonly onUnlock: (file: BatchFile) => void;
}

function VirtualFiles({ batch, rows, jobs, onUnlock }: VirtualFilesProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    getItemKey: (index) => rows[index]?.jobIds[0] ?? `${index}:${rows[index]?.file ?? ''}`,
  });
  return (
    <div ref={scrollRef} className="batch-files__scroll" style={{ height: Math.min(rows.length * ROW_HEIGHT, 440) + 2 }}>
      <ul className="batch-files__list" style={{ height: virtualizer.getTotalSize() }} aria-label={`Files of ${batch.label}`}>
        {virtualizer.getVirtualItems().map((virtual) => {
          const file = rows[virtual.index];
          if (!file) return null;
          return (
            <FileRow
              key={virtual.key}
              batch={batch}
              file={file}
              job={file.state === 'working' ? runningJob(file.jobIds, jobs) : null}
              top={virtual.start}
              position={virtual.index + 1}
              size={rows.length}
              onUnlock={onUnlock}
            />
          );
        })}
      </ul>
    </div>
  );
}

/** Opens on what the batch produced: the extracted fields, else the summary, else the text. */
function documentRoute(batch: BatchInfo, documentId: number): Route {
  if (batch.template) return { view: 'document', documentId, page: 1, highlight: null, panel: 'extract', extract: { template: batch.template, field: null } };
  if (batch.summarize) return { view: 'document', documentId, page: 1, highlight: null, panel: 'summary' };
  return { view: 'document', documentId, page: 1, highlight: null };
}

interface FileRowProps {
  readonly batch: BatchInfo;
  readonly file: BatchFile;
  readonly job: JobInfo | null;
  readonly top: number;
  readonly position: number;
  readonly size: number;
  readonly onUnlock: (file: BatchFile) => void;
}

const FileRow = memo(function FileRow({ batch, file, job, top, position, size, onUnlock }: FileRowProps) {
  const { navigate } = useNavigation();
  const notify = useToast();
  const [retrying, setRetrying] = useState(false);
  const badge = fileBadge(file.state);
  const progress = job ? jobProgressText(job) : null;
  const detail = fileDetail(file) + (progress ? ` · ${progress}` : '');
  const failed = file.state === 'failed';
  // Not offered where it cannot help: a PNG or an empty file fails the same way every time.
  const retryable = (file.state === 'cancelled' || (failed && canRetry(file.error?.code))) && file.jobIds.length > 0;
  const locked = needsPassword(file) && file.failedJobId !== null;
  // A file whose import failed has no readable document behind it.
  const canOpen = file.documentId !== null && !(failed && file.step === 'import');

  async function retry() {
    setRetrying(true);
    try {
      await call('jobs:retry', { ids: file.jobIds });
    } catch (err) {
      notify(`Could not retry ${file.file}: ${errorMessage(err)}`, 'error');
    } finally {
      setRetrying(false);
    }
  }

  return (
    <li
      className={`batch-file batch-file--${file.state}`}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      aria-posinset={position}
      aria-setsize={size}
      data-testid="batch-file"
      data-state={file.state}
      data-step={file.step}
      data-error-code={file.error?.code}
    >
      <span className="batch-file__icon" aria-hidden="true">
        {file.state === 'working' ? <Spinner label={`${stepLabel(file.step)} running`} size={14} /> : failed ? <AlertIcon /> : file.state === 'done' ? <CheckIcon /> : <FileIcon />}
      </span>
      <div className="batch-file__main">
        <span className="batch-file__name" title={file.file}>
          {file.file}
        </span>
        <span className={`batch-file__detail${failed ? ' batch-file__detail--error' : ''}`} title={detail} data-testid="batch-file-detail">
          {detail}
        </span>
      </div>
      <span className="batch-file__step" title="The step running or last reached">
        {stepLabel(file.step)}
      </span>
      <span className="batch-file__badge" data-testid="batch-file-state">
        <Badge tone={badge.tone} title={file.error ? `${failureName(file.error.code)}: ${file.error.message}` : undefined}>
          {badge.label}
        </Badge>
      </span>
      <span className="batch-file__actions">
        {locked ? (
          <Button size="sm" variant="primary" icon={<LockIcon />} onClick={() => onUnlock(file)} aria-label={`Enter password for ${file.file}`} data-testid="batch-file-unlock">
            Enter password
          </Button>
        ) : null}
        {retryable ? (
          <Button size="sm" onClick={() => void retry()} disabled={retrying} aria-label={`Retry ${file.file}`}>
            Retry
          </Button>
        ) : null}
        {canOpen ? (
          <Button size="sm" onClick={() => navigate(documentRoute(batch, file.documentId!))} aria-label={`Open ${file.file}`} data-testid="batch-file-open">
            Open
          </Button>
        ) : null}
      </span>
    </li>
  );
});
