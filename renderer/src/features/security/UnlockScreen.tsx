// Shown instead of the app while the archive is encrypted and locked: enter its passphrase
// (or recovery key), or, for a new archive on a machine without a usable keychain, choose
// the passphrase that will protect it. Nothing is opened until the backend accepts it.
import { useId, useState, type ReactNode } from 'react';
import { Button } from '../../components/Button';
import { LockIcon } from '../../components/icons';
import { Spinner } from '../../components/Spinner';
import { call, errorCode, errorMessage } from '../../ipc/api';
import { useCall } from '../../ipc/use-call';
import '../archive/RecoveryScreen.css';
import './Security.css';

export const LOCKED_CODES: readonly string[] = ['archive_locked', 'wrong_passphrase'];

/** The shortest passphrase the backend accepts for a new archive (keystore MIN_PASSPHRASE_LENGTH). */
const MIN_LENGTH = 8;

export function UnlockScreen({ onUnlocked }: { readonly onUnlocked: () => void }) {
  const security = useCall('archive:security', {}, 'archive:security');
  if (security.status === 'error') {
    return <LockCard title="The archive is locked" text={security.error} />;
  }
  if (security.status !== 'ready') {
    return (
      <div className="gate">
        <Spinner label="Checking the archive" size={20} />
      </div>
    );
  }
  return security.data.needsPassphrase === 'create' ? <CreateForm onDone={onUnlocked} /> : <UnlockForm onDone={onUnlocked} keychain={security.data.keySources.includes('keychain')} />;
}

function UnlockForm({ onDone, keychain }: { readonly onDone: () => void; readonly keychain: boolean }) {
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      await call('archive:unlock', { passphrase });
      onDone();
    } catch (err) {
      setError(errorCode(err) === 'wrong_passphrase' ? 'That passphrase or recovery key does not open this archive.' : errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <LockCard
      title="Unlock your archive"
      text={
        keychain
          ? 'This computer’s keychain cannot open this archive: it was made on another computer or by another user. Enter its passphrase or its recovery key.'
          : 'The archive is encrypted. Enter its passphrase, or the recovery key you saved when it was made.'
      }
    >
      <form
        className="recovery__path security__form"
        onSubmit={(event) => {
          event.preventDefault();
          if (passphrase) void submit();
        }}
      >
        <PassphraseField value={passphrase} onChange={setPassphrase} error={error} testId="unlock" />
        <Button type="submit" variant="primary" disabled={busy || !passphrase} data-testid="unlock-submit">
          {busy ? 'Unlocking…' : 'Unlock'}
        </Button>
      </form>
    </LockCard>
  );
}

function CreateForm({ onDone }: { readonly onDone: () => void }) {
  const [first, setFirst] = useState('');
  const [second, setSecond] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const firstId = useId();
  const secondId = useId();
  const tooShort = [...first].length < MIN_LENGTH;
  const differ = second.length > 0 && first !== second;

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      await call('archive:unlock', { passphrase: first });
      onDone();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <LockCard
      title="Protect your new archive"
      text="Your documents will be kept encrypted on this computer. This system has no secure keychain Abstractor can use, so choose a passphrase: you will type it each time Abstractor starts."
    >
      <form
        className="recovery__path security__form"
        onSubmit={(event) => {
          event.preventDefault();
          if (!tooShort && first === second) void submit();
        }}
      >
        <label className="dialog__label" htmlFor={firstId}>
          Passphrase (at least {MIN_LENGTH} characters)
        </label>
        <input id={firstId} className="field" type="password" autoFocus autoComplete="new-password" value={first} onChange={(e) => setFirst(e.target.value)} data-testid="create-passphrase" />
        <label className="dialog__label" htmlFor={secondId}>
          Type it again
        </label>
        <input id={secondId} className="field" type="password" autoComplete="new-password" value={second} onChange={(e) => setSecond(e.target.value)} data-testid="create-passphrase-again" />
        {differ ? <p className="dialog__error">The two passphrases differ.</p> : null}
        {error ? (
          <p className="dialog__error" role="alert" data-testid="unlock-error">
            {error}
          </p>
        ) : null}
        <Button type="submit" variant="primary" disabled={busy || tooShort || first !== second} data-testid="create-submit">
          {busy ? 'Encrypting…' : 'Create encrypted archive'}
        </Button>
      </form>
    </LockCard>
  );
}

/** "Passphrase or recovery key" with its error: the archive's unlock form and the app lock's card. */
export function PassphraseField({ value, onChange, error, testId }: { readonly value: string; readonly onChange: (value: string) => void; readonly error: string | null; readonly testId: string }) {
  const inputId = useId();
  return (
    <>
      <label className="dialog__label" htmlFor={inputId}>
        Passphrase or recovery key
      </label>
      <input
        id={inputId}
        className="field"
        type="password"
        autoFocus
        autoComplete="current-password"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid={`${testId}-passphrase`}
      />
      {error ? (
        <p className="dialog__error" role="alert" data-testid={`${testId}-error`}>
          {error}
        </p>
      ) : null}
    </>
  );
}

export function LockCard({ title, text, children }: { readonly title: string; readonly text: string; readonly children?: ReactNode }) {
  return (
    <div className="gate">
      <div className="gate__card recovery" data-testid="unlock-screen">
        <span className="gate__icon security__icon" aria-hidden="true">
          <LockIcon />
        </span>
        <h1 className="gate__title">{title}</h1>
        <p className="gate__text">{text}</p>
        {children}
      </div>
    </div>
  );
}
