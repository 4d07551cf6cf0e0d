// The Access log screen (from the header): who opened, searched, exported, deleted… which
// document, and when, newest first, filtered by document, action and dates, and saved as CSV.
// Read-only: the backend offers no call that changes an entry.
import { useState } from 'react';
import { ACCESS_ACTIONS, type AccessAction, type AccessFilter } from '../../../../shared/privacy';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LoadingState } from '../../components/Spinner';
import { useToast } from '../../components/Toasts';
import { call, errorMessage } from '../../ipc/api';
import { useCall } from '../../ipc/use-call';
import { downloadBytes } from '../extraction/download';
import { formatDateTime } from '../library/format';
import './AccessLogView.css';

const ACTION_LABELS: Readonly<Record<AccessAction, string>> = {
  opened: 'Opened',
  searched: 'Searched',
  exported: 'Exported',
  printed: 'Printed',
  backed_up: 'Backed up',
  restored: 'Restored',
  deleted: 'Deleted',
  value_changed: 'Changed a value',
  locked: 'Locked',
  unlocked: 'Unlocked',
};

interface Filters {
  readonly documentId: string;
  readonly action: AccessAction | '';
  readonly since: string;
  readonly until: string;
}

const NO_FILTERS: Filters = { documentId: '', action: '', since: '', until: '' };

function toRequest(f: Filters): AccessFilter {
  const id = Number(f.documentId);
  return {
    ...(f.documentId && Number.isInteger(id) && id > 0 ? { documentId: id } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...(f.since ? { since: f.since } : {}),
    ...(f.until ? { until: f.until } : {}),
  };
}

export function AccessLogView() {
  const notify = useToast();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const request = toRequest(filters);
  const log = useCall('accessLog:list', { ...request, limit: 1000 }, JSON.stringify(request));
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));

  async function exportCsv() {
    try {
      const { csv, rows } = await call('accessLog:csv', request);
      downloadBytes(`access-log-${new Date().toISOString().slice(0, 10)}.csv`, new TextEncoder().encode(csv));
      notify(`Saved ${rows} entries as CSV.`, 'success');
    } catch (err) {
      notify(`Could not save the access log: ${errorMessage(err)}`, 'error');
    }
  }

  return (
    <section className="access-log" aria-labelledby="access-log-title" data-testid="access-log">
      <div className="access-log__head">
        <h1 id="access-log-title" className="access-log__title">
          Access log
        </h1>
        <p className="access-log__intro">Who opened, searched, exported or deleted which document, and when. Entries hold no document text and cannot be changed.</p>
      </div>
      <form className="access-log__filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Document #
          <input type="number" min={1} value={filters.documentId} onChange={(e) => set({ documentId: e.target.value })} data-testid="access-log-document" />
        </label>
        <label>
          Action
          <select value={filters.action} onChange={(e) => set({ action: e.target.value as AccessAction | '' })} data-testid="access-log-action">
            <option value="">Any</option>
            {ACCESS_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {ACTION_LABELS[a]}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="date" value={filters.since} onChange={(e) => set({ since: e.target.value })} />
        </label>
        <label>
          Before
          <input type="date" value={filters.until} onChange={(e) => set({ until: e.target.value })} />
        </label>
        <Button onClick={() => setFilters(NO_FILTERS)}>Clear</Button>
        <Button variant="primary" onClick={() => void exportCsv()} data-testid="access-log-csv">
          Save as CSV
        </Button>
      </form>
      {log.status === 'error' ? <ErrorBanner title="Cannot read the access log" message={log.error} onRetry={log.reload} /> : null}
      {log.data === null ? (
        log.status === 'loading' ? <LoadingState label="Reading the access log…" /> : null
      ) : (
        <>
          <p className="access-log__count">
            {log.data.total === log.data.entries.length ? `${log.data.total} entries` : `Newest ${log.data.entries.length} of ${log.data.total} entries`}
          </p>
          <table className="access-log__table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">User</th>
                <th scope="col">Via</th>
                <th scope="col">Action</th>
                <th scope="col">Document</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {log.data.entries.map((e) => (
                <tr key={e.id} data-testid="access-log-row">
                  <td>{formatDateTime(e.at)}</td>
                  <td>{e.user}</td>
                  <td>{e.via}</td>
                  <td>{ACTION_LABELS[e.action]}</td>
                  <td>{e.documentId === null ? '' : `#${e.documentId} ${e.title ?? ''}`}</td>
                  <td>
                    {Object.entries(e.detail)
                      .map(([k, v]) => `${k}: ${String(v)}`)
                      .join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
