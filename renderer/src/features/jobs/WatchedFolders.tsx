// Watched folders: PDFs that appear in one are queued with its template and summary choice.
// List, add and remove. The desktop app adds a folder chosen in its dialog (sent as the handle
// main issued); over the bridge the path is typed (under a folder `serve --allow-dir` allows).
import { useId, useState, type FormEvent } from 'react';
import type { WatchedFolder } from '../../../../shared/jobs';
import type { PathHandleData } from '../../../../shared/paths';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FolderIcon, TrashIcon } from '../../components/icons';
import { LoadingState } from '../../components/Spinner';
import { useToast } from '../../components/Toasts';
import { call, errorMessage } from '../../ipc/api';
import { useCall } from '../../ipc/use-call';
import { useAppInfo } from '../../app/AppInfoGate';
import { useModels } from '../models/ModelsProvider';
import { baseName } from './job-format';

export function WatchedFolders({ revision = 0 }: { readonly revision?: number }) {
  const list = useCall('watch:list', {}, `watch-${revision}`);
  const templates = useCall('templates:list', {}, 'templates');
  const notify = useToast();
  const models = useModels();
  const [folder, setFolder] = useState('');
  const [picked, setPicked] = useState<PathHandleData | null>(null);
  const [template, setTemplate] = useState('');
  const [summarize, setSummarize] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const info = useAppInfo();

  const native = info.transport === 'ipc';
  /** The folder to send: the dialog's handle (desktop) or the typed path (bridge). */
  const ref = native ? (picked?.ref ?? '') : folder.trim();

  /** The desktop app's folder dialog. */
  async function chooseFolder() {
    setError(null);
    try {
      const { picked: chosen } = await call('app:pickFolder', { purpose: 'watch' });
      if (chosen) setPicked(chosen);
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  const ids = { folder: useId(), template: useId(), summarize: useId() };

  async function add(event: FormEvent) {
    event.preventDefault();
    if (!ref) return;
    setBusy(true);
    setError(null);
    try {
      const { folder: added } = await call('watch:add', { folder: ref, template: template || null, summarize });
      notify(`Watching ${baseName(added.folder)}.`, 'success');
      setFolder('');
      setPicked(null);
      list.reload();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function remove(watched: WatchedFolder) {
    setRemoving(watched.folder);
    try {
      await call('watch:remove', { folder: watched.folder });
      notify(`Stopped watching ${baseName(watched.folder)}.`, 'success');
      list.reload();
    } catch (err) {
      notify(`Could not stop watching ${baseName(watched.folder)}: ${errorMessage(err)}`, 'error');
    } finally {
      setRemoving(null);
    }
  }

  const folders = list.data?.folders ?? [];
  const titles = new Map((templates.data?.items ?? []).map((t) => [t.name, t.title]));

  return (
    <section className="batch-panel watched" aria-labelledby="watched-title" data-testid="watched-folders">
      <div className="batch-panel__header">
        <h2 id="watched-title" className="batch-panel__title">
          Watched folders
        </h2>
      </div>
      <p className="batch-panel__intro">PDFs saved into a watched folder are imported and processed on their own, with the folder’s template.</p>
      {list.status === 'loading' && !list.data ? (
        <LoadingState label="Loading watched folders…" />
      ) : list.status === 'error' ? (
        <ErrorBanner title="The watched folders could not be loaded." message={list.error} onRetry={list.reload} />
      ) : folders.length === 0 ? (
        <p className="watched__empty">No folder is watched yet.</p>
      ) : (
        <ul className="watched__list">
          {folders.map((watched) => (
            <li key={watched.folder} className="watched__item" data-testid="watched-folder">
              <span className="watched__icon" aria-hidden="true">
                <FolderIcon />
              </span>
              <div className="watched__main">
                <span className="watched__path" title={watched.folder}>
                  <bdi>{watched.folder}</bdi>
                </span>
                <span className="watched__meta">
                  {watched.template ? `Extract ${titles.get(watched.template) ?? watched.template}` : 'Import only'}
                  {watched.summarize ? ' · summarize' : ''}
                  {watched.paused ? ' · paused since the restore' : ''}
                </span>
              </div>
              <Button
                size="sm"
                variant="ghost"
                icon={<TrashIcon />}
                aria-label={`Stop watching ${watched.folder}`}
                title="Stop watching"
                disabled={removing === watched.folder}
                onClick={() => void remove(watched)}
              />
            </li>
          ))}
        </ul>
      )}
      <form className="watched__form" onSubmit={(event) => void add(event)}>
        <label className="new-batch__label" htmlFor={ids.folder}>
          Folder to watch
        </label>
        {native ? (
          <>
            <output id={ids.folder} className="field new-batch__mono" data-testid="watch-chosen">
              {picked ? <bdi>{picked.label}</bdi> : 'No folder chosen'}
            </output>
            <Button icon={<FolderIcon />} onClick={() => void chooseFolder()} disabled={busy}>
              Choose folder…
            </Button>
          </>
        ) : (
          <input
            id={ids.folder}
            className="field new-batch__mono"
            type="text"
            spellCheck={false}
            autoComplete="off"
            placeholder="/home/me/Scans/Incoming"
            value={folder}
            onChange={(event) => setFolder(event.target.value)}
            data-testid="watch-path"
          />
        )}
        <label className="new-batch__label" htmlFor={ids.template}>
          Template
        </label>
        <select id={ids.template} className="field" value={template} onChange={(event) => setTemplate(event.target.value)} data-testid="watch-template">
          <option value="">None · import only</option>
          {(templates.data?.items ?? []).map((t) => (
            <option key={t.name} value={t.name}>
              {t.title}
            </option>
          ))}
        </select>
        <label className="new-batch__check" htmlFor={ids.summarize}>
          <input id={ids.summarize} type="checkbox" checked={summarize} onChange={(event) => setSummarize(event.target.checked)} />
          Summarize too
        </label>
        {(template || summarize) && models.status === 'ready' && !models.active ? (
          <p className="new-batch__hint new-batch__hint--warn">No model is chosen yet: its files will be imported, and extraction or summaries fail until you choose one.</p>
        ) : null}
        {error ? <ErrorBanner title="The folder could not be added." message={error} onDismiss={() => setError(null)} /> : null}
        <Button type="submit" disabled={busy || ref === ''} data-testid="watch-add">
          {busy ? 'Adding…' : 'Watch folder'}
        </Button>
      </form>
    </section>
  );
}
