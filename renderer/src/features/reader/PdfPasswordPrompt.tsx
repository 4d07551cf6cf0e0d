// Shown in place of the page when the stored PDF is encrypted: the archive keeps the
// original file, so viewing it needs the password again.
import { useId, useState } from 'react';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { LockIcon } from '../../components/icons';

export function PdfPasswordPrompt({ incorrect, onSubmit }: { readonly incorrect: boolean; readonly onSubmit: (password: string) => void }) {
  const [password, setPassword] = useState('');
  const id = useId();
  return (
    <div className="reader__canvas-message">
      <EmptyState icon={<LockIcon />} title="This PDF is password protected">
        <p>Enter its password to display the pages. The extracted text is shown on the right.</p>
        <form
          className="reader__password"
          onSubmit={(event) => {
            event.preventDefault();
            if (password) onSubmit(password);
          }}
        >
          <label htmlFor={id} className="visually-hidden">
            Password
          </label>
          <input
            id={id}
            className="field"
            type="password"
            autoFocus
            autoComplete="off"
            placeholder="Password"
            value={password}
            aria-invalid={incorrect || undefined}
            onChange={(event) => setPassword(event.target.value)}
          />
          <Button type="submit" variant="primary" disabled={!password}>
            Open
          </Button>
        </form>
        {incorrect ? (
          <p className="reader__password-error" role="alert">
            That password is not correct.
          </p>
        ) : null}
      </EmptyState>
    </div>
  );
}
