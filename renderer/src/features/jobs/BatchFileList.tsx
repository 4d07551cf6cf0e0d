// The files of one open batch: name, current step, state badge, the error of a failed file,
// Open (in the reader, on the batch's extraction or summary) and Retry. Virtualized: only
// the rows in view are in the DOM, so a batch of thousands of files stays responsive.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useId, useMemo, useRef, useState } from 'react';
import { canRetry, failureName } from '../../../../shared/failures';
import type { BatchFile, BatchInfo, JobInfo } from '../../../../shared/jobs';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { AlertIcon, CheckIcon, FileIcon } from '../../components/icons';
import { LoadingState, Spinner } from '../../components/Spinner';
import { useToast } from '../../components/Toasts';
import { useNavigation } from '../../app/Navigation';
import type { Route } from '../../app/routes';
import { call, errorMessage } from '../../ipc/api';
import { formatCount } from '../library/format';
import { FILE_FILTERS, fileBadge, fileDetail, jobProgressText, matchesFilter, runningJob, stepLabel, type FileFilter } from './job-format';
import { useBatchFiles } from './use-batch-files';

const ROW_HEIGHT = 56;

export function BatchFileList({ batch, id }: { readonly batch: BatchInfo; readonly id: string }) {
  const files = useBatchFiles(batch.id);
  const [filter, setFilter] = useState<FileFilter>('all');
  const filterId = useId();
  const rows = useMemo(() => (filter === 'all' ? files.files : files.files.filter((f) => matchesFilter(f.state, filter))), [files.files, filter]);

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
              onChange={(event) => setFilter(event.target.value as FileFilter)}
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
            <VirtualFiles batch={batch} rows={rows} jobs={files.jobs} />
          )}
        </>
      )}
    </div>
  );
}

function VirtualFiles({ batch, rows, jobs }: { readonly batch: BatchInfo; readonly rows: readonly BatchFile[]; readonly jobs: ReadonlyMap<number, JobInfo> }) {
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
}

const FileRow = memo(function FileRow({ batch, file, job, top, position, size }: FileRowProps) {
  const { navigate } = useNavigation();
  const notify = useToast();
  const [retrying, setRetrying] = useState(false);
  const badge = fileBadge(file.state);
  const progress = job ? jobProgressText(job) : null;
  const detail = fileDetail(file) + (progress ? ` · ${progress}` : '');
  const failed = file.state === 'failed';
  // Not offered where it cannot help: a PNG or an empty file fails the same way every time.
  const retryable = (file.state === 'cancelled' || (failed && canRetry(file.error?.code))) && file.jobIds.length > 0;
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
