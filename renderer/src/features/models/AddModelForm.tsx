// "Add model from file…": the native file dialog in the desktop app, which answers with a
// handle for the chosen file (the window never sends a path). Over the browser bridge there is
// no dialog ('unsupported'), so the person types the absolute path of a .gguf on the machine the
// backend runs on, under a folder `serve` allows (--allow-dir). Either way the model is copied
// into the archive or used in place.
import { useId, useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FolderIcon } from '../../components/icons';
import { useToast } from '../../components/Toasts';
import { useAppInfo } from '../../app/AppInfoGate';
import { call, errorCode, errorMessage } from '../../ipc/api';

type AddMode = 'copy' | 'reference';

const ADD_ERRORS: Readonly<Record<string, string>> = {
  not_gguf: 'That file is not a GGUF model.',
  unsupported_model: 'That model is not supported.',
  not_found: 'No file was found at that path.',
  path_not_allowed: 'That path is not allowed here.',
  io_error: 'The file could not be read or copied.',
};

export function AddModelForm({ onAdded }: { readonly onAdded: () => void }) {
  const info = useAppInfo();
  const notify = useToast();
  const [mode, setMode] = useState<AddMode>('copy');
  const [manual, setManual] = useState(info.transport === 'bridge');
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ title: string; message: string } | null>(null);
  const pathId = useId();
  const hintId = useId();

  /** `file`: a handle from the dialog (desktop) or a typed path (bridge). */
  async function add(file: string) {
    setBusy(true);
    setError(null);
    try {
      const { model, duplicate } = await call('models:add', { path: file, mode });
      notify(duplicate ? `${model.name} is already installed.` : `Added ${model.name}.`, 'success');
      setPath('');
      onAdded();
    } catch (err) {
      const code = errorCode(err);
      setError({ title: (code && ADD_ERRORS[code]) || 'The model could not be added.', message: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  }

  async function pick() {
    setError(null);
    try {
      const { picked } = await call('app:pickFile', { purpose: 'model' });
      if (picked) await add(picked.ref);
    } catch (err) {
      if (errorCode(err) === 'unsupported') {
        setManual(true);
        return;
      }
      setError({ title: 'The file dialog could not be opened.', message: errorMessage(err) });
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = path.trim();
    if (trimmed) void add(trimmed);
  }

  return (
    <section className="models-card add-model" aria-labelledby="add-model-title">
      <div className="models-card__header">
        <h2 id="add-model-title" className="models-card__title">
          Add a model you already have
        </h2>
        <Button icon={<FolderIcon />} onClick={() => void pick()} disabled={busy}>
          Add model from file…
        </Button>
      </div>
      <fieldset className="add-model__modes" disabled={busy}>
        <legend className="visually-hidden">How to add the file</legend>
        <label className="add-model__mode">
          <input type="radio" name="add-model-mode" checked={mode === 'copy'} onChange={() => setMode('copy')} />
          <span>
            <strong>Copy into the archive</strong> — the archive keeps working if the original moves.
          </span>
        </label>
        <label className="add-model__mode">
          <input type="radio" name="add-model-mode" checked={mode === 'reference'} onChange={() => setMode('reference')} />
          <span>
            <strong>Use it where it is</strong> — saves disk space; the file must stay in place.
          </span>
        </label>
      </fieldset>
      {manual ? (
        <form className="add-model__path" onSubmit={submit}>
          <label className="add-model__label" htmlFor={pathId}>
            Path of a .gguf file on this computer
          </label>
          <div className="add-model__row">
            <input
              id={pathId}
              className="field add-model__input"
              type="text"
              spellCheck={false}
              autoComplete="off"
              placeholder="/home/me/models/qwen2.5-1.5b-instruct-q4_k_m.gguf"
              value={path}
              aria-describedby={hintId}
              data-testid="add-model-path"
              onChange={(event) => setPath(event.target.value)}
            />
            <Button type="submit" variant="primary" disabled={busy || path.trim().length === 0} data-testid="add-model-submit">
              {busy ? 'Adding…' : mode === 'copy' ? 'Copy and add' : 'Add'}
            </Button>
          </div>
          <p id={hintId} className="add-model__hint">
            {info.transport === 'bridge'
              ? 'The browser cannot open a file dialog here. Type the absolute path; the file is read by the Abstractor backend running on this machine, from a folder it was started with (--allow-dir).'
              : 'Type the absolute path of the file.'}
          </p>
        </form>
      ) : null}
      {busy ? <p className="add-model__hint">Reading the model{mode === 'copy' ? ' and copying it' : ''}… large files take a while.</p> : null}
      {error ? <ErrorBanner title={error.title} message={error.message} onDismiss={() => setError(null)} /> : null}
    </section>
  );
}
