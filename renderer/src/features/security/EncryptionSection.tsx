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

  /** Runs a form's call: the message it returns, or the error explained. */
  async function submit(work: () => Promise<string>, explain: (err: unknown) => string = errorMessage) {
    setBusy(true);
    setResult(null);
    try {
      setResult({ ok: true, text: await work() });
    } catch (err) {
      setResult({ ok: false, text: explain(err) });
    } finally {
      setBusy(false);
    }
  }

  const nextValid = [...next].length >= 8 && next === again;
  /** The new passphrase, typed twice. */
  const newPassphrase = (label: string, testIds: { next: string; again: string }) => (
    <>
      <label className="dialog__label" htmlFor={ids.next}>
        {label}
      </label>
      <input id={ids.next} className="field" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} data-testid={testIds.next} />
      <label className="dialog__label" htmlFor={ids.again}>
        Type it again
      </label>
      <input id={ids.again} className="field" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} data-testid={testIds.again} />
    </>
  );
  const outcome = (testId: string) =>
    result ? (
      <p className={result.ok ? 'dialog__text' : 'dialog__error'} role={result.ok ? 'status' : 'alert'} data-testid={testId}>
        {result.text}
      </p>
    ) : null;

  if (!info.encrypted) {
    const encrypt = () =>
      submit(async () => {
        const done = await call('archive:encrypt', { passphrase: next });
        setTimeout(() => window.location.reload(), 1500);
        return `Encrypted ${done.documents} documents and ${done.files} files. Reloading to show the recovery key…`;
      });
    return (
      <section className="archive-dialog__section" data-testid="encryption-section">
        <h3 className="archive-dialog__heading">Encryption</h3>
        <p className="dialog__text">
          This archive is not encrypted: anyone who can read its folder can read its documents. Encrypting it re-writes the database and every
          PDF under a new key, then overwrites and removes the plaintext copy; if the app stops halfway, the next start finishes it or keeps
          the archive as it was.
        </p>
        {newPassphrase('Passphrase (at least 8 characters)', { next: 'encrypt-passphrase', again: 'encrypt-again' })}
        <Button variant="primary" disabled={busy || !nextValid} onClick={() => void encrypt()} data-testid="encrypt-run">
          {busy ? 'Encrypting…' : 'Encrypt this archive'}
        </Button>
        {outcome('encrypt-result')}
      </section>
    );
  }

  const sources = security.status === 'ready' ? security.data.keySources : [];
  const hasPassphrase = sources.includes('passphrase');
  const ready = current.length > 0 && nextValid;

  const change = () =>
    submit(
      async () => {
        await call('archive:changePassphrase', { current, next });
        setCurrent('');
        setNext('');
        setAgain('');
        security.reload();
        return hasPassphrase ? 'The passphrase is changed.' : 'The archive now also opens with this passphrase.';
      },
      (err) => (errorCode(err) === 'wrong_passphrase' ? 'The current passphrase or recovery key is not right.' : errorMessage(err)),
    );

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
      {newPassphrase('New passphrase (at least 8 characters)', { next: 'passphrase-next', again: 'passphrase-again' })}
      <Button disabled={busy || !ready} onClick={() => void change()} data-testid="passphrase-change">
        {busy ? 'Changing…' : hasPassphrase ? 'Change passphrase' : 'Add a passphrase'}
      </Button>
      {outcome('passphrase-result')}
    </section>
  );
}
