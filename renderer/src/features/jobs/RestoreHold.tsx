// After a restore, the jobs that were waiting in the backup and its watched folders are paused
// (services/jobs/restore-hold.ts): this banner on the Batches screen says so, lists them and
// resumes them when the user has looked. Nothing from a backup runs without that click.
import { useState } from 'react';
import { Button } from '../../components/Button';
import { useToast } from '../../components/Toasts';
import { call, errorMessage } from '../../ipc/api';
import { useCall } from '../../ipc/use-call';
import { formatDateTime } from '../library/format';

export function RestoreHold({ onResumed }: { readonly onResumed: () => void }) {
  const state = useCall('jobs:restoreHold', {}, 'restore-hold');
  const notify = useToast();
  const [busy, setBusy] = useState(false);
  const hold = state.data?.hold;
  if (!hold) return null;

  async function resume() {
    setBusy(true);
    try {
      const { jobs, folders } = await call('jobs:releaseRestoreHold', {});
      notify(`Resumed ${jobs} jobs and ${folders} watched folders.`, 'success');
      state.reload();
      onResumed();
    } catch (err) {
      notify(`Could not resume: ${errorMessage(err)}`, 'error');
    } finally {
      setBusy(false);
    }
  }

  const when = formatDateTime(hold.restoredAt);
  return (
    <section className="batch-panel restore-hold" role="status" data-testid="restore-hold">
      <h2 className="restore-hold__title">Paused after a restore</h2>
      <p className="restore-hold__text">
        The archive was restored on {when} from <bdi className="restore-hold__path">{hold.restoredFrom}</bdi>. Its {hold.jobIds.length} waiting{' '}
        {hold.jobIds.length === 1 ? 'job is' : 'jobs are'} paused
        {hold.folders.length > 0 ? ` and ${hold.folders.length} watched ${hold.folders.length === 1 ? 'folder is' : 'folders are'} not watched` : ''}, so nothing
        runs that was not started here. Check them below, then resume.
      </p>
      {hold.folders.length > 0 ? (
        <ul className="restore-hold__folders">
          {hold.folders.map((folder) => (
            <li key={folder}>
              <bdi>{folder}</bdi>
            </li>
          ))}
        </ul>
      ) : null}
      <Button size="sm" variant="primary" disabled={busy} onClick={() => void resume()} data-testid="restore-hold-resume">
        {busy ? 'Resuming…' : 'Resume them'}
      </Button>
    </section>
  );
}
