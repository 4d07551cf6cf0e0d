// The backup passphrase field of the Archive dialog and the recovery screen: it authenticates
// the backups of an archive that is not encrypted (an encrypted archive's backups use its key).
import { useId, type ReactNode } from 'react';

export function BackupPassphraseField({
  value,
  onChange,
  label,
  testId,
}: {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly label: ReactNode;
  readonly testId: string;
}) {
  const id = useId();
  return (
    <>
      <label className="dialog__label" htmlFor={id}>
        {label}
      </label>
      <input id={id} className="field" type="password" autoComplete="off" value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} />
    </>
  );
}
