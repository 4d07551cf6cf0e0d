// Shown once, right after a new encrypted archive is made: its recovery key, with Copy and
// Save as a text file. It stays on screen (across reloads too) until the user confirms it is
// saved; then the backend forgets it and it can never be shown again.
import { useState } from 'react';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { call, errorMessage } from '../../ipc/api';
import { useCall } from '../../ipc/use-call';
import './Security.css';

export function RecoveryKeyDialog() {
  const security = useCall('archive:security', {}, 'archive:security');
  const [saved, setSaved] = useState(false);
  const [done, setDone] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const recoveryKey = security.status === 'ready' ? security.data.recoveryKey : null;
  if (!recoveryKey || done) return null;

  async function finish() {
    try {
      await call('archive:recoveryKeySaved', {});
      setDone(true);
    } catch (err) {
      setNote(errorMessage(err));
    }
  }

  function download(key: string) {
    const url = URL.createObjectURL(new Blob([`Abstractor recovery key\n${key}\n`], { type: 'text/plain' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'Abstractor recovery key.txt';
    link.click();
    URL.revokeObjectURL(url);
    setNote('Saved to your downloads folder. Move it somewhere safe, away from this computer.');
  }

  return (
    <Dialog
      title="Save your recovery key"
      onClose={() => undefined}
      onSubmit={() => void finish()}
      footer={
        <Button type="submit" variant="primary" disabled={!saved} data-testid="recovery-key-done">
          Done
        </Button>
      }
    >
      <p className="dialog__text">
        Your archive is encrypted. If this computer’s keychain or your passphrase is ever lost, this key is the only way to open it. Nobody, including
        Abstractor’s makers, can recover the archive without it. It is shown only now.
      </p>
      <p className="security__key" data-testid="recovery-key">
        {recoveryKey}
      </p>
      <div className="security__key-actions">
        <Button onClick={() => void navigator.clipboard?.writeText(recoveryKey).then(() => setNote('Copied.'), () => setNote('Copying is not allowed here; select the key and copy it.'))}>
          Copy
        </Button>
        <Button onClick={() => download(recoveryKey)} data-testid="recovery-key-save">
          Save as a text file…
        </Button>
      </div>
      {note ? <p className="dialog__text">{note}</p> : null}
      <label className="security__confirm">
        <input type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} data-testid="recovery-key-saved" /> I have saved my recovery key somewhere safe
      </label>
    </Dialog>
  );
}
