// The app lock in the page: while the backend says the app is locked, nothing of the archive
// is mounted (no document text in the DOM, a neutral window title) and only the unlock card
// shows. The backend refuses content calls meanwhile (app_locked), so this is the screen, not
// the lock itself. Input is reported (throttled) so the idle timer restarts; Ctrl+L locks.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { LockState } from '../../../../shared/privacy';
import { Button } from '../../components/Button';
import { call, errorCode, errorMessage, useAbstractorEvent } from '../../ipc/api';
import { LockCard, PassphraseField } from './UnlockScreen';

/** Input is reported at most this often; the shortest idle time (5 s) is longer. */
const ACTIVITY_EVERY_MS = 2000;
const TITLE = 'Abstractor';

export function AppLockGate({ children }: { readonly children: ReactNode }) {
  const [state, setState] = useState<LockState | null>(null);
  useEffect(() => {
    // Refused while the archive cannot be opened: then there is nothing to lock yet.
    call('lock:state', {}).then(setState, () => undefined);
  }, []);
  useAbstractorEvent('lock:changed', setState);
  const locked = state?.locked ?? false;
  useActivityReports(locked, () => void call('lock:state', {}).then(setState, () => undefined));
  useEffect(() => {
    document.title = locked ? `${TITLE} (locked)` : TITLE;
  }, [locked]);
  if (state && locked) return <AppLockScreen state={state} onUnlocked={setState} />;
  return children;
}

/** Reports input while unlocked; Ctrl+L / Cmd+L locks. `onLocked` runs when a report finds the app locked. */
function useActivityReports(locked: boolean, onLocked: () => void): void {
  const last = useRef(0);
  const latest = useRef(onLocked);
  latest.current = onLocked;
  useEffect(() => {
    if (locked) return;
    const report = () => {
      const now = Date.now();
      if (now - last.current < ACTIVITY_EVERY_MS) return;
      last.current = now;
      call('lock:activity', {}).then((r) => r.locked && latest.current(), () => undefined);
    };
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'l') {
        event.preventDefault();
        void call('lock:lock', {}).catch(() => undefined);
        return;
      }
      report();
    };
    const events = ['pointerdown', 'pointermove', 'wheel'] as const;
    window.addEventListener('keydown', onKey);
    for (const name of events) window.addEventListener(name, report, { passive: true });
    return () => {
      window.removeEventListener('keydown', onKey);
      for (const name of events) window.removeEventListener(name, report);
    };
  }, [locked]);
}

function AppLockScreen({ state, onUnlocked }: { readonly state: LockState; readonly onUnlocked: (state: LockState) => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function unlock() {
    setBusy(true);
    setError(null);
    try {
      onUnlocked(await call('lock:unlock', state.unlockWith === 'passphrase' ? { passphrase } : {}));
    } catch (err) {
      setError(errorCode(err) === 'wrong_passphrase' ? 'That passphrase or recovery key does not open this archive.' : errorMessage(err));
      setBusy(false);
    }
  }

  const text = {
    presence: 'Confirm it is you to see your documents again.',
    passphrase: 'Enter the archive’s passphrase (or its recovery key) to see your documents again.',
    confirm:
      'This archive is not encrypted, so it has no passphrase to ask for: the lock hides your documents from view, but anyone at this computer can reopen it. Encrypt the archive for a lock that needs a passphrase.',
  }[state.unlockWith];

  return (
    <LockCard title="Abstractor is locked" text={text}>
      <form
        className="recovery__path security__form"
        data-testid="app-lock"
        onSubmit={(event) => {
          event.preventDefault();
          void unlock();
        }}
      >
        {state.unlockWith === 'passphrase' ? (
          <PassphraseField value={passphrase} onChange={setPassphrase} error={error} testId="app-lock" />
        ) : error ? (
          <p className="dialog__error" role="alert" data-testid="app-lock-error">
            {error}
          </p>
        ) : null}
        <Button type="submit" variant="primary" disabled={busy || (state.unlockWith === 'passphrase' && !passphrase)} data-testid="app-lock-unlock">
          {busy ? 'Unlocking…' : state.unlockWith === 'presence' ? 'Unlock with Touch ID' : 'Unlock'}
        </Button>
      </form>
    </LockCard>
  );
}
