// Shown instead of the app when the archive cannot be opened (damaged, from a newer version,
// unreadable folder): the reason, the folder, and the ways out. Nothing here deletes anything:
// "Start a new empty archive" moves the old folder aside. In the desktop app folders are
// chosen with the native dialog; through the browser bridge the path is typed.
import { useId, useState } from 'react';
import type { RecoverAction } from '../../../../shared/archive-api';
import { Button } from '../../components/Button';
import { AlertIcon } from '../../components/icons';
import { call, errorCode, errorMessage, getApi } from '../../ipc/api';
import { BackupPassphraseField } from './BackupPassphraseField';
import './RecoveryScreen.css';

export const RECOVERABLE_CODES: readonly string[] = ['archive_corrupt', 'archive_from_future', 'archive_in_use', 'io_error'];

export interface RecoveryScreenProps {
  readonly code: string;
  readonly message: string;
  /** The archive is open again: the app starts over. */
  readonly onRecovered: () => void;
}

type Typed = Extract<RecoverAction, 'chooseFolder' | 'restore'>;

export function RecoveryScreen({ code, message, onRecovered }: RecoveryScreenProps) {
  const native = getApi().transport === 'ipc';
  const [busy, setBusy] = useState<RecoverAction | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [typing, setTyping] = useState<Typed | null>(null);
  const [typed, setTyped] = useState('');
  const [confirmNew, setConfirmNew] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const inputId = useId();

  async function run(action: RecoverAction, path?: string) {
    setBusy(action);
    setError(null);
    try {
      await call('archive:recover', { action, ...(path ? { path } : {}), ...(action === 'restore' && passphrase ? { passphrase } : {}) });
      if (action !== 'quit') onRecovered();
    } catch (err) {
      // The new or chosen archive is encrypted and waits for its passphrase: the unlock screen asks.
      if (errorCode(err) === 'archive_locked') onRecovered();
      else if (errorCode(err) !== 'cancelled') setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  }

  function choose(action: Typed) {
    if (native) void run(action);
    else {
      setTyping(action);
      setTyped('');
    }
  }

  const future = code === 'archive_from_future';
  return (
    <div className="gate" role="alert">
      <div className="gate__card recovery" data-testid="recovery-screen">
        <span className="gate__icon" aria-hidden="true">
          <AlertIcon />
        </span>
        <h1 className="gate__title">{future ? 'This archive needs a newer Abstractor' : 'The archive cannot be opened'}</h1>
        <p className="gate__text" data-testid="recovery-message">
          {message}
        </p>
        <p className="gate__text">
          {future
            ? 'Update the app to open it, or open another archive. Nothing in this one has been changed.'
            : 'Nothing has been changed or deleted. Restore it from a backup, open another archive folder, or start a new empty archive (the damaged folder is moved aside and kept).'}
        </p>
        <BackupPassphraseField
          value={passphrase}
          onChange={setPassphrase}
          label="Backup passphrase (only for a backup of an archive that is not encrypted)"
          testId="recovery-passphrase"
        />
        <div className="recovery__actions">
          <Button variant="primary" disabled={busy !== null} onClick={() => choose('restore')} data-testid="recovery-restore">
            {busy === 'restore' ? 'Restoring…' : 'Restore from backup…'}
          </Button>
          <Button disabled={busy !== null} onClick={() => choose('chooseFolder')} data-testid="recovery-choose">
            Choose another archive folder…
          </Button>
          {confirmNew ? (
            <Button variant="danger" disabled={busy !== null} onClick={() => void run('startNew')} data-testid="recovery-new-confirm">
              {busy === 'startNew' ? 'Starting…' : 'Move it aside and start empty'}
            </Button>
          ) : (
            <Button disabled={busy !== null} onClick={() => setConfirmNew(true)} data-testid="recovery-new">
              Start a new empty archive
            </Button>
          )}
          {native ? (
            <Button variant="ghost" disabled={busy !== null} onClick={() => void run('quit')}>
              Quit
            </Button>
          ) : null}
        </div>
        {typing ? (
          <form
            className="recovery__path"
            onSubmit={(event) => {
              event.preventDefault();
              if (typed.trim()) void run(typing, typed.trim());
            }}
          >
            <label className="dialog__label" htmlFor={inputId}>
              {typing === 'restore' ? 'Backup folder (abstractor-backup-…)' : 'Archive folder'}
            </label>
            <input id={inputId} className="field" autoFocus value={typed} onChange={(e) => setTyped(e.target.value)} data-testid="recovery-path" />
            <Button type="submit" variant="primary" disabled={busy !== null || !typed.trim()}>
              {typing === 'restore' ? 'Restore' : 'Open'}
            </Button>
          </form>
        ) : null}
        {error ? (
          <p className="dialog__error" role="alert" data-testid="recovery-error">
            {error}
          </p>
        ) : null}
      </div>
    </div>
  );
}
