// The Archive dialog's "Encryption" section: whether the archive is encrypted and what opens
// it, and a form to change the passphrase (or add one beside the keychain), opened with the
// current passphrase or the recovery key. Only the key store changes. A plaintext archive gets
// a form to encrypt it in place instead (archive:encrypt).
import { useId, useState } from 'react';
import { useAppInfo } from '../../app/AppInfoGate';
import { Button } from '../../components/Button';
import { call, errorCode, errorMessage } from '../../ipc/api';
import { useCall } from '../../ipc/use-call';

export function EncryptionSection() {
  const info = useAppInfo();
  const security = useCall('archive:security', {}, 'archive:security');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const ids = { current: useId(), next: useId(), again: useId() };

  if (!info.encrypted) {
    const canEncrypt = [...next].length >= 8 && next === again;
    async function encrypt() {
      setBusy(true);
      setResult(null);
      try {
        const done = await call('archive:encrypt', { passphrase: next });
        setResult({ ok: true, text: `Encrypted ${done.documents} documents and ${done.files} files. Reloading to show the recovery key…` });
        setTimeout(() => window.location.reload(), 1500);
      } catch (err) {
        setResult({ ok: false, text: errorMessage(err) });
      } finally {
        setBusy(false);
      }
    }
    return (
      <section className="archive-dialog__section" data-testid="encryption-section">
        <h3 className="archive-dialog__heading">Encryption</h3>
        <p className="dialog__text">
          This archive is not encrypted: anyone who can read its folder can read its documents. Encrypting it re-writes the database and every
          PDF under a new key, then overwrites and removes the plaintext copy; if the app stops halfway, the next start finishes it or keeps
          the archive as it was.
        </p>
        <label className="dialog__label" htmlFor={ids.next}>
          Passphrase (at least 8 characters)
        </label>
        <input id={ids.next} className="field" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} data-testid="encrypt-passphrase" />
        <label className="dialog__label" htmlFor={ids.again}>
          Type it again
        </label>
        <input id={ids.again} className="field" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} data-testid="encrypt-again" />
        <Button variant="primary" disabled={busy || !canEncrypt} onClick={() => void encrypt()} data-testid="encrypt-run">
          {busy ? 'Encrypting…' : 'Encrypt this archive'}
        </Button>
        {result ? (
          <p className={result.ok ? 'dialog__text' : 'dialog__error'} role={result.ok ? 'status' : 'alert'} data-testid="encrypt-result">
            {result.text}
          </p>
        ) : null}
      </section>
    );
  }

  const sources = security.status === 'ready' ? security.data.keySources : [];
  const hasPassphrase = sources.includes('passphrase');
  const ready = current.length > 0 && [...next].length >= 8 && next === again;

  async function change() {
    setBusy(true);
    setResult(null);
    try {
      await call('archive:changePassphrase', { current, next });
      setResult({ ok: true, text: hasPassphrase ? 'The passphrase is changed.' : 'The archive now also opens with this passphrase.' });
      setCurrent('');
      setNext('');
      setAgain('');
      security.reload();
    } catch (err) {
      setResult({ ok: false, text: errorCode(err) === 'wrong_passphrase' ? 'The current passphrase or recovery key is not right.' : errorMessage(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="archive-dialog__section" data-testid="encryption-section">
      <h3 className="archive-dialog__heading">Encryption</h3>
      <p className="dialog__text">
        Encrypted (SQLCipher 4). Opens with {sources.includes('keychain') ? 'this computer’s keychain' : ''}
        {sources.length === 2 ? ' or ' : ''}
        {hasPassphrase ? 'its passphrase' : ''}, or the recovery key.
      </p>
      <label className="dialog__label" htmlFor={ids.current}>
        {hasPassphrase ? 'Current passphrase or recovery key' : 'Recovery key'}
      </label>
      <input id={ids.current} className="field" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} data-testid="passphrase-current" />
      <label className="dialog__label" htmlFor={ids.next}>
        New passphrase (at least 8 characters)
      </label>
      <input id={ids.next} className="field" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} data-testid="passphrase-next" />
      <label className="dialog__label" htmlFor={ids.again}>
        Type it again
      </label>
      <input id={ids.again} className="field" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} data-testid="passphrase-again" />
      <Button disabled={busy || !ready} onClick={() => void change()} data-testid="passphrase-change">
        {busy ? 'Changing…' : hasPassphrase ? 'Change passphrase' : 'Add a passphrase'}
      </Button>
      {result ? (
        <p className={result.ok ? 'dialog__text' : 'dialog__error'} role={result.ok ? 'status' : 'alert'} data-testid="passphrase-result">
          {result.text}
        </p>
      ) : null}
    </section>
  );
}
