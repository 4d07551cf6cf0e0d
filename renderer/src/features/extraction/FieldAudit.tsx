// A field's history (extraction:audit), folded away: every model value, suggestion and
// review action with its time. Loaded when opened, and again when the field changes.
import { useState } from 'react';
import type { AuditEntry, FieldResult } from '../../../../shared/extraction/api';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Spinner } from '../../components/Spinner';
import { useCall } from '../../ipc/use-call';
import { formatDateTime } from '../library/format';
import { formatValue } from './extraction-state';

const ACTION_LABELS: Readonly<Record<AuditEntry['action'], string>> = {
  extract: 'Extracted',
  suggest: 'Suggested',
  edit: 'Edited',
  confirm: 'Confirmed',
  clear: 'Cleared',
  add: 'Added from selection',
};

export interface FieldAuditProps {
  readonly documentId: number;
  readonly template: string;
  readonly field: FieldResult;
}

export function FieldAudit({ documentId, template, field }: FieldAuditProps) {
  const [open, setOpen] = useState(false);
  const audit = useCall(
    'extraction:audit',
    open ? { documentId, template, field: field.key } : null,
    `${open}:${documentId}:${template}:${field.key}:${field.updatedAt ?? ''}:${field.review}`,
  );
  const entries = audit.data?.entries ?? [];
  return (
    <details className="field-audit" open={open} onToggle={(event) => setOpen(event.currentTarget.open)} data-testid="field-audit">
      <summary className="field-audit__summary">History{open && audit.data ? ` · ${entries.length}` : ''}</summary>
      {!open ? null : audit.status === 'error' ? (
        <ErrorBanner title="The history could not be loaded." message={audit.error} onRetry={audit.reload} />
      ) : !audit.data ? (
        <Spinner size={14} label="Loading the history" />
      ) : entries.length === 0 ? (
        <p className="field-audit__empty">No changes yet.</p>
      ) : (
        <ol className="field-audit__list">
          {[...entries].reverse().map((entry) => (
            <li key={entry.id} className="field-audit__entry" data-testid="audit-entry" data-action={entry.action}>
              <span className="field-audit__action">{ACTION_LABELS[entry.action]}</span>
              <span className="field-audit__by">{entry.source === 'user' ? 'by you' : `by the model${entry.runId ? ` (run ${entry.runId})` : ''}`}</span>
              <time className="field-audit__time" dateTime={entry.at}>
                {formatDateTime(entry.at)}
              </time>
              <span className="field-audit__change">
                {entry.action === 'confirm' ? (
                  <q>{formatValue(field.type, entry.newValue) || '—'}</q>
                ) : (
                  <>
                    <del>{formatValue(field.type, entry.oldValue) || '—'}</del> → <ins>{formatValue(field.type, entry.newValue) || '—'}</ins>
                  </>
                )}
              </span>
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
