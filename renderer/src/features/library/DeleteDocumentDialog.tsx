// Asks before a document is erased, and lists what goes with it: its summaries, its field values
// and the corrections a person made, counted by main when the dialog opens.
import type { DocumentRecord } from '../../../../shared/domain';
import { ConfirmDialog } from '../../components/Dialog';
import { useCall } from '../../ipc/use-call';
import { displayTitle, formatCount } from './format';

export interface DeleteDocumentDialogProps {
  readonly document: DocumentRecord;
  readonly onConfirm: () => void;
  readonly onClose: () => void;
}

export function DeleteDocumentDialog({ document, onConfirm, onClose }: DeleteDocumentDialogProps) {
  const impact = useCall('documents:deleteImpact', { id: document.id }, String(document.id));
  const counts = impact.data;
  return (
    <ConfirmDialog title="Delete this document?" confirmLabel="Delete" danger onClose={onClose} onConfirm={onConfirm}>
      <p className="dialog__text">
        <strong className="dialog__file">{displayTitle(document)}</strong> will be erased from the archive with:
      </p>
      <ul className="dialog__list" data-testid="delete-impact" aria-busy={counts === null}>
        <li>its file and page text</li>
        {counts ? (
          <>
            <li>{formatCount(counts.summaries, 'summary', 'summaries')}</li>
            <li>{formatCount(counts.fieldValues, 'field value', 'field values')}</li>
            <li>{formatCount(counts.corrections, 'correction by a person', 'corrections by a person')}</li>
          </>
        ) : impact.status === 'error' ? (
          <li>its summaries, field values and corrections (they could not be counted: {impact.error})</li>
        ) : (
          <li>its summaries, field values and corrections (counting…)</li>
        )}
      </ul>
      <p className="dialog__text">This cannot be undone. The original file elsewhere on this computer is not touched.</p>
    </ConfirmDialog>
  );
}
