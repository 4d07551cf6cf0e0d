// The welcome's four steps: where the archive lives, whether it is encrypted and where its key
// is kept (what the archive's key store says, not a promise), the one model recommended for
// this computer, and the sample documents to try a summary and an extraction on.
import { useEffect, useRef, useState } from 'react';
import type { WelcomeStatus } from '../../../../shared/welcome';
import { useAppInfo } from '../../app/AppInfoGate';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { FolderIcon, LockIcon, UnlockIcon } from '../../components/icons';
import { call } from '../../ipc/api';
import { useCall } from '../../ipc/use-call';
import { ModelStep } from './ModelStep';
import { SampleStep } from './SampleStep';
import './Welcome.css';

const STEPS = ['Your archive', 'Encryption', 'A model for this computer', 'Try a sample'] as const;

export function WelcomeDialog({ onClose }: { readonly onClose: () => void }) {
  const [step, setStep] = useState(0);
  const last = step === STEPS.length - 1;
  const page = useRef<HTMLElement>(null);

  // The dialog focuses its first control (Skip) as it opens; Enter should go on instead.
  useEffect(() => {
    page.current?.closest('dialog')?.querySelector<HTMLButtonElement>('button[type=submit]')?.focus();
  }, []);

  /** Any way out: remembered, so the welcome does not open by itself again (Help reopens it). */
  function close(status: Exclude<WelcomeStatus, 'new'>) {
    void call('welcome:setStatus', { status }).catch(() => undefined);
    onClose();
  }

  return (
    <Dialog
      title="Welcome to Abstractor"
      className="welcome"
      testId="welcome"
      onClose={() => close('skipped')}
      onSubmit={() => (last ? close('seen') : setStep(step + 1))}
      footer={
        <>
          <Button variant="ghost" onClick={() => close('skipped')} data-testid="welcome-skip" className="welcome__skip">
            Skip
          </Button>
          {step > 0 ? (
            <Button onClick={() => setStep(step - 1)} data-testid="welcome-back">
              Back
            </Button>
          ) : null}
          <Button type="submit" variant="primary" data-testid="welcome-next">
            {last ? 'Done' : 'Next'}
          </Button>
        </>
      }
    >
      <ol className="welcome__steps" aria-label="Steps">
        {STEPS.map((label, i) => (
          <li key={label} className={i === step ? 'welcome__step welcome__step--current' : 'welcome__step'} aria-current={i === step ? 'step' : undefined}>
            {label}
          </li>
        ))}
      </ol>
      <section ref={page} className="welcome__page" data-testid="welcome-step" data-step={step} aria-labelledby="welcome-step-title">
        <h3 id="welcome-step-title" className="welcome__title">
          {STEPS[step]}
        </h3>
        {step === 0 ? <ArchiveStep /> : step === 1 ? <EncryptionStep /> : step === 2 ? <ModelStep /> : <SampleStep onOpened={() => close('seen')} />}
      </section>
    </Dialog>
  );
}

function ArchiveStep() {
  const info = useAppInfo();
  return (
    <>
      <p className="dialog__text">Abstractor keeps everything in one folder on this computer: your PDFs, their text, the model’s summaries and extracted values, and your corrections.</p>
      <p className="welcome__path" data-testid="welcome-archive-dir">
        <FolderIcon />
        <bdi>{info.archiveDir}</bdi>
      </p>
      <p className="dialog__text">
        Nothing in it leaves this computer: the language model runs here too. Back it up from the Archive button in the header
        {info.transport === 'ipc' ? ' or the File menu' : ''}.
      </p>
    </>
  );
}

/** How the OS keychain backends (services/keys, Electron safeStorage) are called on screen. */
function keychainLabel(backend: string | null): string {
  switch (backend) {
    case 'macos-keychain':
      return 'the macOS Keychain';
    case 'windows-dpapi':
      return 'Windows (DPAPI, tied to your Windows account)';
    case 'gnome_libsecret':
      return 'the desktop’s Secret Service (GNOME Keyring)';
    case 'kwallet':
    case 'kwallet5':
    case 'kwallet6':
      return 'KWallet';
    case null:
      return 'this computer’s keychain';
    default:
      return `this computer’s keychain (${backend})`;
  }
}

function EncryptionStep() {
  const info = useAppInfo();
  const security = useCall('archive:security', {}, 'archive:security');
  const state = useCall('welcome:state', {}, 'welcome:state');
  if (!info.encrypted) {
    return (
      <div className="welcome__status welcome__status--warn" data-testid="welcome-encryption" data-encrypted="false">
        <UnlockIcon />
        <div>
          <p className="dialog__text">
            <strong>This archive is not encrypted.</strong> Anyone who can read its folder can read its documents.
          </p>
          <p className="dialog__text">To encrypt it in place, open the Archive button in the header and choose a passphrase.</p>
        </div>
      </div>
    );
  }
  const sources = security.data?.keySources ?? [];
  const opens = [
    sources.includes('keychain') ? `${keychainLabel(state.data?.keychainBackend ?? null)}, which unlocks it when you sign in` : null,
    sources.includes('passphrase') ? 'your passphrase' : null,
  ].filter((s): s is string => s !== null);
  return (
    <div className="welcome__status" data-testid="welcome-encryption" data-encrypted="true">
      <LockIcon />
      <div>
        <p className="dialog__text">
          <strong>This archive is encrypted</strong> (SQLCipher 4 for the database, and every stored PDF): its folder is unreadable without the key.
        </p>
        <p className="dialog__text">
          The key is never stored in clear. It sits wrapped in <code>keystore.json</code> in the archive folder and opens with{' '}
          {opens.length > 0 ? `${opens.join(' or ')}, or ` : ''}the recovery key you saved when the archive was made.
        </p>
      </div>
    </div>
  );
}
