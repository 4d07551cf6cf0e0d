// The reader's document title, which the user can rename in place (Enter saves, Escape keeps the
// old one). The file name shows under it when the two differ.
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { CheckIcon, CloseIcon, EditIcon } from '../../components/icons';
import { errorMessage } from '../../ipc/api';

export interface DocumentTitleProps {
  readonly title: string;
  readonly fileName: string;
  /** Absent while the document loads. Rejects with a message the field shows. */
  readonly onRename?: (title: string) => Promise<void>;
}

export function DocumentTitle({ title, fileName, onRename }: DocumentTitleProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    const next = draft?.trim() ?? '';
    if (!onRename || next === '' || next === title) {
      setDraft(null);
      return;
    }
    setSaving(true);
    try {
      await onRename(next);
      setDraft(null);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  if (draft !== null) {
    return (
      <form className="reader-toolbar__rename" onSubmit={(event) => void save(event)}>
        <input
          className="field reader-toolbar__rename-input"
          aria-label="Document title"
          value={draft}
          maxLength={300}
          autoFocus
          disabled={saving}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.stopPropagation();
              setDraft(null);
              setError(null);
            }
          }}
          aria-invalid={error !== null}
          aria-describedby={error ? 'rename-error' : undefined}
          data-testid="rename-input"
        />
        <Button size="sm" variant="ghost" type="submit" icon={<CheckIcon />} aria-label="Save the title" disabled={saving} />
        <Button size="sm" variant="ghost" icon={<CloseIcon />} aria-label="Keep the old title" onClick={() => setDraft(null)} disabled={saving} />
        {error ? (
          <span id="rename-error" className="reader-toolbar__rename-error" role="alert">
            {error}
          </span>
        ) : null}
      </form>
    );
  }

  return (
    <div className="reader-toolbar__titles">
      <div className="reader-toolbar__title-line">
        <h1 className="reader-toolbar__title" title={title} data-testid="document-title">
          {title}
        </h1>
        {onRename ? (
          <Button size="sm" variant="ghost" icon={<EditIcon />} aria-label="Rename the document" title="Rename" onClick={() => setDraft(title)} data-testid="rename" />
        ) : null}
      </div>
      {fileName !== title ? (
        <span className="reader-toolbar__file" title={fileName}>
          {fileName}
        </span>
      ) : null}
    </div>
  );
}
