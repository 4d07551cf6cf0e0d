// One installed model: what it is, where its file lives, whether it fits in memory, and the
// actions "Use this model" and "Remove" (confirmed first).
import { useState } from 'react';
import type { CallResponse } from '../../../../shared/contract';
import type { ModelRecord } from '../../../../shared/models';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/Dialog';
import { AlertIcon, CheckIcon, TrashIcon } from '../../components/icons';
import { Spinner } from '../../components/Spinner';
import { useToast } from '../../components/Toasts';
import { call, errorMessage } from '../../ipc/api';
import { useCall, type CallResult } from '../../ipc/use-call';
import { formatBytes } from '../library/format';
import { formatContext, formatGb, formatParameters, storageLabel } from './model-format';

export interface ModelRowProps {
  readonly model: ModelRecord;
  readonly onChanged: () => void;
}

export function ModelRow({ model, onChanged }: ModelRowProps) {
  const notify = useToast();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const estimate = useCall('models:estimate', model.missing ? null : { id: model.id }, `${model.id}:${model.bytes}`);

  async function activate() {
    setBusy(true);
    try {
      await call('models:setActive', { id: model.id });
      notify(`${model.name} is now used for summaries.`, 'success');
      onChanged();
    } catch (err) {
      notify(`Could not switch to ${model.name}: ${errorMessage(err)}`, 'error');
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    try {
      const { deletedFile } = await call('models:remove', { id: model.id });
      notify(deletedFile ? `Removed ${model.name} and deleted its file.` : `Removed ${model.name}; its file was left where it is.`, 'success');
      setConfirming(false);
      onChanged();
    } catch (err) {
      notify(`Could not remove ${model.name}: ${errorMessage(err)}`, 'error');
    }
  }

  const facts = [
    model.architecture,
    formatParameters(model.parameters) ? `${formatParameters(model.parameters)} parameters` : null,
    model.quantization,
    formatContext(model.contextLength) ? `${formatContext(model.contextLength)} context` : null,
    formatBytes(model.bytes),
  ].filter((fact): fact is string => !!fact);

  return (
    <li className={`model-row${model.active ? ' model-row--active' : ''}`} data-testid="model-row" data-model-id={model.id}>
      <div className="model-row__main">
        <div className="model-row__title">
          <strong className="model-row__name" title={model.name}>
            {model.name}
          </strong>
          {model.active ? (
            <Badge tone="success">
              <CheckIcon /> Active
            </Badge>
          ) : null}
          {model.missing ? (
            <Badge tone="danger" title={model.path}>
              File missing
            </Badge>
          ) : null}
          {!model.hasChatTemplate ? (
            <Badge tone="warning" title="The file has no chat template; a generic one is used.">
              No chat template
            </Badge>
          ) : null}
        </div>
        <div className="model-row__facts">{facts.join(' · ')}</div>
        <details className="model-row__details" data-testid="model-details">
          <summary>Details</summary>
          <div className="model-row__path" title={model.path}>
            {storageLabel(model.storage)}: <bdi>{model.path}</bdi>
          </div>
          <div className="model-row__sha" data-testid="model-sha256">
            SHA-256 <code>{model.sha256}</code>
          </div>
        </details>
        <MemoryLine estimate={estimate} missing={model.missing} />
      </div>
      <div className="model-row__actions">
        {model.active ? null : (
          <Button size="sm" variant="primary" disabled={busy || model.missing} onClick={() => void activate()}>
            {busy ? 'Switching…' : 'Use this model'}
          </Button>
        )}
        <Button size="sm" variant="ghost" icon={<TrashIcon />} onClick={() => setConfirming(true)} aria-label={`Remove ${model.name}`} title="Remove" />
      </div>
      {confirming ? (
        <ConfirmDialog title={`Remove ${model.name}?`} confirmLabel="Remove" danger onConfirm={remove} onClose={() => setConfirming(false)}>
          <p className="dialog__text">
            {model.storage === 'referenced'
              ? 'The model is forgotten; its file stays where it is.'
              : 'The model and its file in the archive are deleted. You can add or download it again later.'}
          </p>
          <p className="dialog__text">Summaries made with it stay in each document's history.</p>
        </ConfirmDialog>
      ) : null}
    </li>
  );
}

function MemoryLine({ estimate, missing }: { readonly estimate: CallResult<CallResponse<'models:estimate'>>; readonly missing: boolean }) {
  if (missing) return <div className="model-row__memory model-row__memory--warn">The file is gone. Add it again or remove this entry.</div>;
  if (estimate.status === 'error') return <div className="model-row__memory">Memory estimate unavailable: {estimate.error}</div>;
  if (!estimate.data) {
    return (
      <div className="model-row__memory">
        <Spinner size={12} label="Estimating memory" /> Estimating memory…
      </div>
    );
  }
  const e = estimate.data;
  const text = `Needs ~${formatGb(e.estimatedRamBytes)} of ${formatGb(e.freeRamBytes)} available (${formatGb(e.totalRamBytes)} total) at a ${e.contextSize.toLocaleString()}-token context`;
  return (
    <div className={`model-row__memory${e.fits ? '' : ' model-row__memory--warn'}`} data-testid="model-memory">
      {e.fits ? null : <AlertIcon />}
      <span>
        {text}
        {e.fits ? '.' : ' — it may not fit: close other programs or choose a smaller model.'}
      </span>
    </div>
  );
}
