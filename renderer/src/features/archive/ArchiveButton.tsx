// The header's "Archive" button and its dialog: "Back up archive…" and "Restore from
// backup…". The desktop app asks for folders with the native dialog; through the browser
// bridge the paths are typed. After a restore the whole app reloads over the restored archive.
// A backup is authenticated (a changed one is refused at restore): with the archive's key
// when it is encrypted, else with the passphrase typed here.
import { useId, useState } from 'react';
import type { BackupResultData } from '../../../../shared/archive-api';
import { useAppInfo } from '../../app/AppInfoGate';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { FolderIcon } from '../../components/icons';
import { call, errorCode, errorMessage, getApi } from '../../ipc/api';
import { EncryptionSection } from '../security/EncryptionSection';
import { BackupPassphraseField } from './BackupPassphraseField';
import './ArchiveButton.css';

export function ArchiveButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="header__models" onClick={() => setOpen(true)} title="Archive · back up or restore" data-testid="header-archive">
        <FolderIcon />
        <span className="header__label">Archive</span>
      </button>
      {open ? <ArchiveDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}

type Busy = 'backup' | 'restore' | null;

function ArchiveDialog({ onClose }: { readonly onClose: () => void }) {
  const info = useAppInfo();
  const native = getApi().transport === 'ipc';
  const [busy, setBusy] = useState<Busy>(null);
  const [dest, setDest] = useState('');
  const [source, setSource] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const destId = useId();
  const sourceId = useId();
  const secret = passphrase ? { passphrase } : {};

  async function run(kind: Exclude<Busy, null>) {
    setBusy(kind);
    setError(null);
    setDone(null);
    try {
      if (kind === 'backup') {
        const result = await call('archive:backup', native ? secret : { dest: dest.trim(), ...secret });
        setDone(describeBackup(result));
      } else {
        const result = await call('archive:restore', native ? secret : { path: source.trim(), ...secret });
        const kept = result.previousArchive ? ` The previous archive is kept at ${result.previousArchive}.` : '';
        const paused =
          result.pausedJobs + result.pausedFolders > 0 ? ` ${result.pausedJobs} waiting jobs and ${result.pausedFolders} watched folders are paused: resume them under Batches.` : '';
        setDone(`Restored ${result.documents} documents from ${result.restoredFrom}.${kept}${paused} Reloading…`);
        setTimeout(() => window.location.reload(), 1500);
      }
    } catch (err) {
      if (errorCode(err) !== 'cancelled') setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Dialog
      title="Archive"
      onClose={busy ? () => undefined : onClose}
      footer={
        <Button onClick={onClose} disabled={busy !== null}>
          Close
        </Button>
      }
    >
      <p className="dialog__text">
        Folder: <strong className="dialog__file">{info.archiveDir}</strong>
      </p>
      <BackupPassphraseField
        value={passphrase}
        onChange={setPassphrase}
        label={
          <>
            Backup passphrase <span className="archive-dialog__hint">(for an archive that is not encrypted; an encrypted archive’s backups use its key)</span>
          </>
        }
        testId="backup-passphrase"
      />
      <section className="archive-dialog__section">
        <h3 className="archive-dialog__heading">Back up</h3>
        <p className="dialog__text">
          Copies the database and every PDF into a new <code>abstractor-backup-…</code> folder inside the folder you choose. Language models are
          not included.
        </p>
        {native ? null : (
          <>
            <label className="dialog__label" htmlFor={destId}>
              Destination folder
            </label>
            <input id={destId} className="field" value={dest} onChange={(e) => setDest(e.target.value)} data-testid="backup-dest" />
          </>
        )}
        <Button variant="primary" disabled={busy !== null || (!native && !dest.trim())} onClick={() => void run('backup')} data-testid="backup-run">
          {busy === 'backup' ? 'Backing up…' : native ? 'Back up archive…' : 'Back up archive'}
        </Button>
      </section>
      <section className="archive-dialog__section">
        <h3 className="archive-dialog__heading">Restore</h3>
        <p className="dialog__text">
          Replaces this archive with a backup, once it is checked to be unchanged. The current archive is not deleted: it is kept beside it as a
          folder named “…before-restore-…”. Waiting jobs and watched folders come back paused.
        </p>
        {native ? null : (
          <>
            <label className="dialog__label" htmlFor={sourceId}>
              Backup folder
            </label>
            <input id={sourceId} className="field" value={source} onChange={(e) => setSource(e.target.value)} data-testid="restore-source" />
          </>
        )}
        <Button disabled={busy !== null || (!native && !source.trim())} onClick={() => void run('restore')} data-testid="restore-run">
          {busy === 'restore' ? 'Restoring…' : native ? 'Restore from backup…' : 'Restore from backup'}
        </Button>
      </section>
      <EncryptionSection />
      {done ? (
        <p className="archive-dialog__done" role="status" data-testid="archive-done">
          {done}
        </p>
      ) : null}
      {error ? (
        <p className="dialog__error" role="alert" data-testid="archive-error">
          {error}
        </p>
      ) : null}
    </Dialog>
  );
}

function describeBackup(result: BackupResultData): string {
  const size = `${(result.bytes / 1048576).toFixed(1)} MB`;
  const skipped = result.skipped > 0 ? ` ${result.skipped} documents whose file is missing were left out (see manifest.json).` : '';
  return `Backed up ${result.documents} documents (${size}) to ${result.path}.${skipped}`;
}
