// The Models screen's card for a shared inference server (llama-server, vLLM or Ollama): off by
// default; when on, model runs send document text to that one host instead of running here.
import { useEffect, useState, type FormEvent } from 'react';
import { SERVER_TYPES, type ServerType } from '../../../../shared/inference-server';
import { Button } from '../../components/Button';
import { useToast } from '../../components/Toasts';
import { errorMessage } from '../../ipc/api';
import { useInferenceServer } from './InferenceServerProvider';

export function InferenceServerPanel() {
  const { view, save } = useInferenceServer();
  const notify = useToast();
  const [type, setType] = useState<ServerType>('llama-server');
  const [url, setUrl] = useState('');
  const [model, setModel] = useState('');
  const [slots, setSlots] = useState(2);
  const [apiKey, setApiKey] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!view) return;
    setType(view.type);
    setUrl(view.url);
    setModel(view.model);
    setSlots(view.slots);
  }, [view]);

  const store = async (enabled: boolean, event?: FormEvent): Promise<void> => {
    event?.preventDefault();
    setBusy(true);
    try {
      const next = await save({ enabled, type, url: url.trim(), model: model.trim(), slots, ...(apiKey ? { apiKey } : {}) });
      setApiKey('');
      notify(next.enabled ? `Model runs now send documents to ${next.sendsDocumentsTo}.` : 'Model runs stay on this computer.', 'success');
    } catch (err) {
      notify(`The inference server setting was not saved: ${errorMessage(err)}`, 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="models-card" aria-labelledby="server-title" data-testid="inference-server">
      <h2 id="server-title" className="models-card__title">
        Shared inference server
      </h2>
      <p className="models-card__hint">
        {view?.enabled
          ? `On: summaries and extraction send each document's text to ${view.sendsDocumentsTo}. Only that host is contacted.`
          : 'Off: models run on this computer and no document leaves it. Turn on to use a team server (llama-server, vLLM or Ollama).'}
      </p>
      <form className="server-form" onSubmit={(e) => void store(true, e)}>
        <label>
          Server
          <select value={type} onChange={(e) => setType(e.target.value as ServerType)} data-testid="server-type">
            {SERVER_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label>
          URL
          <input type="url" value={url} placeholder="http://gpu-server:8080" onChange={(e) => setUrl(e.target.value)} data-testid="server-url" required />
        </label>
        <label>
          Model name
          <input value={model} placeholder={type === 'llama-server' ? 'optional' : 'required'} onChange={(e) => setModel(e.target.value)} data-testid="server-model" />
        </label>
        <label>
          API key
          <input type="password" value={apiKey} autoComplete="off" placeholder={view?.hasApiKey ? 'set (leave empty to keep)' : 'none'} onChange={(e) => setApiKey(e.target.value)} />
        </label>
        <label>
          Parallel slots
          <input type="number" min={1} max={64} value={slots} onChange={(e) => setSlots(Math.max(1, Math.min(64, Number(e.target.value) || 1)))} data-testid="server-slots" />
        </label>
        <div className="server-form__actions">
          <Button type="submit" variant="primary" disabled={busy} data-testid="server-enable">
            {view?.enabled ? 'Save' : 'Turn on'}
          </Button>
          {view?.enabled ? (
            <Button variant="ghost" disabled={busy} onClick={() => void store(false)} data-testid="server-disable">
              Turn off
            </Button>
          ) : null}
        </div>
      </form>
    </section>
  );
}
