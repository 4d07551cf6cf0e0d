// Modal dialogs on the native <dialog> element (focus trap, Escape, backdrop for free):
// a generic Dialog, a ConfirmDialog and a PasswordDialog for protected PDFs.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { focusIsLost, focusScreen } from './focus';
import { Button } from './Button';
import './Dialog.css';

export interface DialogProps {
  readonly title: string;
  readonly children: ReactNode;
  readonly footer: ReactNode;
  readonly onClose: () => void;
  readonly onSubmit?: () => void;
  /** Added to the dialog's own class (a wider dialog, say). */
  readonly className?: string;
  readonly testId?: string;
}

export function Dialog({ title, children, footer, onClose, onSubmit, className, testId }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    // The control that opened the dialog gets focus back when it closes (React removes the
    // element, so the browser's own return of focus does not happen).
    const opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      if (opener?.isConnected) opener.focus({ preventScroll: true });
      else if (focusIsLost()) focusScreen();
    };
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit?.();
  }

  return (
    <dialog
      ref={ref}
      className={className ? `dialog ${className}` : 'dialog'}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <form method="dialog" className="dialog__form" onSubmit={submit}>
        <h2 id={titleId} className="dialog__title">
          {title}
        </h2>
        <div className="dialog__body">{children}</div>
        <div className="dialog__footer">{footer}</div>
      </form>
    </dialog>
  );
}

export interface ConfirmDialogProps {
  readonly title: string;
  readonly children: ReactNode;
  readonly confirmLabel: string;
  readonly danger?: boolean;
  readonly onConfirm: () => Promise<void> | void;
  readonly onClose: () => void;
}

export function ConfirmDialog({ title, children, confirmLabel, danger, onConfirm, onClose }: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  async function confirm() {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
    }
  }
  return (
    <Dialog
      title={title}
      onClose={onClose}
      onSubmit={() => void confirm()}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant={danger ? 'danger' : 'primary'} disabled={busy} autoFocus>
            {confirmLabel}
          </Button>
        </>
      }
    >
      {children}
    </Dialog>
  );
}

export interface PasswordDialogProps {
  readonly fileName: string;
  /** Shown under the field, e.g. "That password is incorrect." */
  readonly error?: string | null;
  readonly busy?: boolean;
  readonly onSubmit: (password: string) => void;
  readonly onClose: () => void;
}

export function PasswordDialog({ fileName, error, busy, onSubmit, onClose }: PasswordDialogProps) {
  const [password, setPassword] = useState('');
  const inputId = useId();
  const errorId = useId();
  return (
    <Dialog
      title="Password required"
      onClose={onClose}
      onSubmit={() => {
        if (password) onSubmit(password);
      }}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" disabled={busy || password.length === 0}>
            {busy ? 'Unlocking…' : 'Unlock'}
          </Button>
        </>
      }
    >
      <p className="dialog__text">
        <strong className="dialog__file">{fileName}</strong> is protected. Enter its password to import it.
      </p>
      <label className="dialog__label" htmlFor={inputId}>
        Password
      </label>
      <input
        id={inputId}
        className="field"
        type="password"
        autoFocus
        autoComplete="off"
        value={password}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(event) => setPassword(event.target.value)}
      />
      {error ? (
        <p id={errorId} className="dialog__error" role="alert">
          {error}
        </p>
      ) : null}
    </Dialog>
  );
}
