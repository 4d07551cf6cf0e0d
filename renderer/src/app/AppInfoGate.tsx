// Asks the backend for `app:info` before showing anything else: a clear splash while it
// starts, and a full-window explanation (with retry) when the backend cannot be reached.
import { createContext, useContext, type ReactNode } from 'react';
import type { CallResponse } from '../../../shared/contract';
import { Button } from '../components/Button';
import { AlertIcon } from '../components/icons';
import { Spinner } from '../components/Spinner';
import { RECOVERABLE_CODES, RecoveryScreen } from '../features/archive/RecoveryScreen';
import { LOCKED_CODES, UnlockScreen } from '../features/security/UnlockScreen';
import { useCall } from '../ipc/use-call';
import './AppInfoGate.css';

export type AppInfo = CallResponse<'app:info'>;

const AppInfoContext = createContext<AppInfo | null>(null);

export function AppInfoGate({ children }: { readonly children: ReactNode }) {
  const info = useCall('app:info', {}, 'app:info');

  if (info.status === 'ready') return <AppInfoContext.Provider value={info.data}>{children}</AppInfoContext.Provider>;

  if (info.status === 'error' && info.code && LOCKED_CODES.includes(info.code)) {
    // Encrypted and locked (or a new archive waiting for its passphrase): nothing else is shown.
    return <UnlockScreen onUnlocked={() => window.location.reload()} />;
  }

  if (info.status === 'error' && info.code && RECOVERABLE_CODES.includes(info.code)) {
    // The archive itself is the problem: offer the ways out (restore, another folder, start empty).
    return <RecoveryScreen code={info.code} message={info.error} onRecovered={() => window.location.reload()} />;
  }

  if (info.status === 'error') {
    const forbidden = info.code === 'forbidden';
    return (
      <div className="gate" role="alert">
        <div className="gate__card">
          <span className="gate__icon" aria-hidden="true">
            <AlertIcon />
          </span>
          <h1 className="gate__title">{forbidden ? 'This window is not connected' : 'Abstractor could not start'}</h1>
          <p className="gate__text">
            {forbidden
              ? 'The page was opened without its access token. Open the full link printed by the Abstractor server, including the part after “#”.'
              : info.error}
          </p>
          {info.code === 'archive_from_future' ? (
            <p className="gate__text">This archive was written by a newer version of Abstractor. Update the app to open it.</p>
          ) : null}
          <Button variant="primary" onClick={info.reload}>
            Try again
          </Button>
        </div>
      </div>
    );
  }

  return (
    <div className="gate">
      <div className="gate__splash">
        <span className="gate__logo" aria-hidden="true">
          A
        </span>
        <Spinner label="Starting Abstractor" size={20} />
      </div>
    </div>
  );
}

export function useAppInfo(): AppInfo {
  const value = useContext(AppInfoContext);
  if (!value) throw new Error('useAppInfo outside AppInfoGate');
  return value;
}
