// The first-run welcome: opens by itself on an archive that never had it and holds no document
// yet, and again from Help (the desktop menu sends `welcome:open`; the header's Help button
// does the same in a browser). Closing it by any way out stores it as seen or skipped.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { call, useAbstractorEvent } from '../../ipc/api';
import { WelcomeDialog } from './WelcomeDialog';

interface Welcome {
  open(): void;
}

const WelcomeContext = createContext<Welcome>({ open: () => undefined });

export function WelcomeProvider({ children }: { readonly children: ReactNode }) {
  const [isOpen, setOpen] = useState(false);
  const checked = useRef(false);

  useEffect(() => {
    if (checked.current) return;
    checked.current = true;
    void Promise.all([call('welcome:state', {}), call('archive:security', {})]).then(
      ([state, security]) => {
        // A new encrypted archive shows its recovery key first; the welcome waits for the next start.
        if (state.showOnStart && security.recoveryKey === null) setOpen(true);
      },
      () => undefined, // the welcome is a help, not a gate: a failure leaves the app as it is
    );
  }, []);

  useAbstractorEvent('welcome:open', () => setOpen(true));

  const open = useCallback(() => setOpen(true), []);
  const value = useMemo(() => ({ open }), [open]);
  return (
    <WelcomeContext.Provider value={value}>
      {children}
      {isOpen ? <WelcomeDialog onClose={() => setOpen(false)} /> : null}
    </WelcomeContext.Provider>
  );
}

export function useWelcome(): Welcome {
  return useContext(WelcomeContext);
}
