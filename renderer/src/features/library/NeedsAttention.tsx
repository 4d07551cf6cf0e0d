// Failed imports, apart from the documents: each with why, in words, and the one action that
// can help (enter the password, try again, or remove it). They are not documents: nothing to
// open, no domain, not counted.
import { useState } from 'react';
import type { DocumentRecord } from '../../../../shared/domain';
import { failureName, remedyFor } from '../../../../shared/failures';
import { Button } from '../../components/Button';
import { AlertIcon, LockIcon, TrashIcon } from '../../components/icons';
import { useToast } from '../../components/Toasts';
import { call, errorMessage } from '../../ipc/api';
import { useImportActions } from '../import/ImportProvider';
import { useDocuments } from './DocumentsProvider';
import { formatCount } from './format';

export function NeedsAttention({ items }: { readonly items: readonly DocumentRecord[] }) {
  return (
    <section className="attention" aria-labelledby="attention-title" data-testid="needs-attention">
      <h2 id="attention-title" className="attention__title">
        <AlertIcon />
        Needs attention <span className="attention__count">· {formatCount(items.length, 'file', 'files')} not imported</span>
      </h2>
      <ul className="attention__list">
        {items.map((document) => (
          <AttentionItem key={document.id} document={document} />
        ))}
      </ul>
    </section>
  );
}

function AttentionItem({ document }: { readonly document: DocumentRecord }) {
  const importer = useImportActions();
  const documents = useDocuments();
  const notify = useToast();
  const [busy, setBusy] = useState(false);
  const code = document.error?.code ?? null;
  const remedy = remedyFor(code);
  const name = document.fileName;

  async function act(work: () => Promise<void>, failure: string) {
    setBusy(true);
    try {
      await work();
    } catch (err) {
      notify(`${failure}: ${errorMessage(err)}`, 'error');
    } finally {
      setBusy(false);
      documents.refresh();
    }
  }

  const retry = () =>
    act(async () => {
      const { outcome } = await call('documents:retry', { id: document.id });
      if (outcome.kind === 'failed') notify(`${name} still could not be imported: ${outcome.error.message}`, 'error');
      else notify(`${name} is imported.`, 'success');
    }, `Could not retry ${name}`);

  const removeIt = () =>
    act(async () => {
      await call('documents:delete', { id: document.id });
      documents.remove(document.id);
    }, `Could not remove ${name}`);

  return (
    <li className="attention__item" data-testid="attention-item" data-document-id={document.id} data-error-code={code ?? undefined}>
      <div className="attention__main">
        <span className="attention__file">{name}</span>
        <span className="attention__reason" data-testid="attention-reason">
          <strong>{failureName(code)}.</strong> {document.error?.message ?? 'The import did not finish.'}
        </span>
      </div>
      <div className="attention__actions">
        {remedy === 'password' ? (
          <Button size="sm" variant="primary" icon={<LockIcon />} onClick={() => importer.unlock(document.id, name)} disabled={busy}>
            Enter password
          </Button>
        ) : null}
        {remedy === 'retry' ? (
          <Button size="sm" onClick={() => void retry()} disabled={busy} aria-label={`Retry ${name}`}>
            Retry
          </Button>
        ) : null}
        <Button size="sm" variant={remedy === 'remove' ? 'secondary' : 'ghost'} icon={<TrashIcon />} onClick={() => void removeIt()} disabled={busy} aria-label={`Remove ${name}`}>
          Remove
        </Button>
      </div>
    </li>
  );
}
