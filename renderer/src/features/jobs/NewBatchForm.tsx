// "New batch": PDFs chosen or dropped here (sent as bytes), and/or folders on this machine
// (walked by the backend, nothing copied through the window): in the desktop app chosen in
// main's dialog or dropped, and sent as the handles main issued for them; over the bridge typed
// as paths (under a folder `serve --allow-dir` allows). Then a template to extract,
// "Summarize too", the model, and Start.
import { useId, useRef, useState, type DragEvent, type FormEvent } from 'react';
import type { BatchInfo } from '../../../../shared/jobs';
import type { PathHandleData } from '../../../../shared/paths';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PdfFileInput } from '../../components/PdfFileInput';
import { CloseIcon, CpuIcon, FolderIcon, UploadIcon } from '../../components/icons';
import { useToast } from '../../components/Toasts';
import { useAppInfo } from '../../app/AppInfoGate';
import { useNavigation } from '../../app/Navigation';
import { MODELS } from '../../app/routes';
import { call, errorMessage, getApi } from '../../ipc/api';
import { useCall } from '../../ipc/use-call';
import { isPdfFile } from '../import/import-state';
import { formatBytes } from '../library/format';
import { useModels } from '../models/ModelsProvider';
import { parsePaths } from './job-format';

/** Above this, suggest a folder path: bytes sent from the window are held in memory twice. */
const LARGE_SELECTION_BYTES = 300 * 1024 * 1024;
const LISTED_FILES = 6;

function carriesFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files');
}

export function NewBatchForm({ onStarted }: { readonly onStarted: (batch: BatchInfo) => void }) {
  const info = useAppInfo();
  const notify = useToast();
  const navigation = useNavigation();
  const models = useModels();
  const templates = useCall('templates:list', {}, 'templates');
  const [files, setFiles] = useState<readonly File[]>([]);
  const [pathsText, setPathsText] = useState('');
  const [chosen, setChosen] = useState<readonly PathHandleData[]>([]);
  const [template, setTemplate] = useState('');
  const [summarize, setSummarize] = useState(false);
  const [modelId, setModelId] = useState('');
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState<'reading' | 'starting' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const ids = { paths: useId(), pathsHint: useId(), template: useId(), model: useId(), summarize: useId() };

  const native = info.transport === 'ipc';
  // What goes out as `paths`: handles main issued (desktop) or typed paths (bridge).
  const paths = native ? chosen.map((c) => c.ref) : parsePaths(pathsText);
  const totalBytes = files.reduce((sum, f) => sum + f.size, 0);
  const needsModel = template !== '' || summarize;
  const usableModels = models.items.filter((m) => !m.missing);
  const noModel = needsModel && models.status === 'ready' && !models.active && modelId === '';
  const canStart = busy === null && (files.length > 0 || paths.length > 0) && !noModel;

  function addChosen(handles: readonly PathHandleData[]) {
    setChosen((prev) => [...prev, ...handles.filter((h) => !prev.some((p) => p.label === h.label))]);
  }

  /**
   * PDFs join as bytes. In the desktop app anything else dropped (a folder) is handed to main
   * through the preload, which answers with a handle; the window never sees or sends the path.
   */
  async function addDropped(dropped: readonly File[]) {
    const toHandle = getApi().handleForDroppedFile;
    const others = dropped.filter((f) => !isPdfFile(f));
    if (!toHandle || others.length === 0) return addFiles(dropped);
    addFiles(dropped.filter(isPdfFile));
    const answers = await Promise.all(others.map((f) => toHandle(f)));
    const folders = answers.flatMap((a) => (a.ok && a.data.kind === 'folder' ? [a.data] : []));
    addChosen(folders);
    const skipped = others.length - folders.length;
    if (skipped > 0) notify(skipped === 1 ? 'Skipped a file that is not a PDF.' : `Skipped ${skipped} files that are not PDFs.`, 'error');
  }

  function addFiles(picked: readonly File[]) {
    const pdfs = picked.filter(isPdfFile);
    const skipped = picked.length - pdfs.length;
    if (skipped > 0) notify(skipped === 1 ? 'Skipped a file that is not a PDF.' : `Skipped ${skipped} files that are not PDFs.`, 'error');
    if (pdfs.length === 0) return;
    setFiles((prev) => {
      // The same file chosen twice is sent once.
      const seen = new Set(prev.map((f) => `${f.name}\u0000${f.size}\u0000${f.lastModified}`));
      return [...prev, ...pdfs.filter((f) => !seen.has(`${f.name}\u0000${f.size}\u0000${f.lastModified}`))];
    });
  }

  // The window-wide drop target imports into the library; here a drop joins the batch instead.
  function onDrag(event: DragEvent<HTMLDivElement>, entering: boolean | null) {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    event.stopPropagation();
    if (event.type === 'dragover') event.dataTransfer.dropEffect = 'copy';
    if (entering !== null && (entering || !event.currentTarget.contains(event.relatedTarget as Node | null))) setDragging(entering);
  }

  /** The desktop app's folder dialog; the chosen folder joins the list. */
  async function chooseFolder() {
    setError(null);
    try {
      const { picked } = await call('app:pickFolder', { purpose: 'batch' });
      if (picked) addChosen([picked]);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  async function start(event: FormEvent) {
    event.preventDefault();
    if (!canStart) return;
    setError(null);
    try {
      setBusy('reading');
      const data = await Promise.all(files.map(async (file) => ({ name: file.name, data: new Uint8Array(await file.arrayBuffer()) })));
      setBusy('starting');
      const { batch } = await call('batches:start', {
        paths,
        files: data,
        options: { template: template || null, summarize, modelId: modelId ? Number(modelId) : null },
      });
      setFiles([]);
      setPathsText('');
      setChosen([]);
      notify(`Started ${batch.label} · ${batch.files.toLocaleString()} ${batch.files === 1 ? 'file' : 'files'}.`, 'success');
      onStarted(batch);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  }

  const templateItems = templates.data?.items ?? [];

  return (
    <section className="batch-panel new-batch" aria-labelledby="new-batch-title">
      <div className="batch-panel__header">
        <h2 id="new-batch-title" className="batch-panel__title">
          New batch
        </h2>
      </div>
      <form className="new-batch__form" onSubmit={(event) => void start(event)}>
        <div
          className={`new-batch__drop${dragging ? ' new-batch__drop--active' : ''}`}
          onDragEnter={(event) => onDrag(event, true)}
          onDragOver={(event) => onDrag(event, null)}
          onDragLeave={(event) => onDrag(event, false)}
          onDrop={(event) => {
            if (!carriesFiles(event)) return;
            event.preventDefault();
            event.stopPropagation();
            setDragging(false);
            void addDropped(Array.from(event.dataTransfer.files));
          }}
          data-testid="batch-drop"
        >
          <UploadIcon />
          <span>
            Drop PDFs here or{' '}
            <button type="button" className="new-batch__link" onClick={() => inputRef.current?.click()}>
              choose files…
            </button>
          </span>
          <PdfFileInput ref={inputRef} label="Choose PDF files for the batch" testId="batch-file-input" onFiles={addFiles} />
        </div>
        {files.length > 0 ? (
          <div className="new-batch__chosen" data-testid="batch-chosen">
            <div className="new-batch__chosen-head">
              <span>
                {files.length.toLocaleString()} {files.length === 1 ? 'file' : 'files'} · {formatBytes(totalBytes)}
              </span>
              <Button size="sm" variant="ghost" onClick={() => setFiles([])} disabled={busy !== null}>
                Clear
              </Button>
            </div>
            <ul className="new-batch__chosen-list">
              {files.slice(0, LISTED_FILES).map((file) => (
                <li key={`${file.name}:${file.size}:${file.lastModified}`}>
                  <span className="new-batch__chosen-name" title={file.name}>
                    {file.name}
                  </span>
                  <Button
                    size="sm"
                    variant="ghost"
                    icon={<CloseIcon />}
                    aria-label={`Remove ${file.name}`}
                    disabled={busy !== null}
                    onClick={() => setFiles((prev) => prev.filter((f) => f !== file))}
                  />
                </li>
              ))}
            </ul>
            {files.length > LISTED_FILES ? <p className="new-batch__hint">and {(files.length - LISTED_FILES).toLocaleString()} more</p> : null}
            {totalBytes > LARGE_SELECTION_BYTES ? (
              <p className="new-batch__hint new-batch__hint--warn">
                That is a lot to send through the window. For large sets, type the folder’s path below instead: the backend reads it directly.
              </p>
            ) : null}
          </div>
        ) : null}

        <div className="new-batch__field">
          {native ? (
            <>
              <span className="new-batch__label" id={ids.paths}>
                Folders on this computer <span className="new-batch__optional">(choose or drop them)</span>
              </span>
              {chosen.length > 0 ? (
                <ul className="new-batch__chosen-list" aria-labelledby={ids.paths} data-testid="batch-folders">
                  {chosen.map((folder) => (
                    <li key={folder.ref}>
                      <span className="new-batch__chosen-name" title={folder.label}>
                        <bdi>{folder.label}</bdi>
                      </span>
                      <Button
                        size="sm"
                        variant="ghost"
                        icon={<CloseIcon />}
                        aria-label={`Remove ${folder.label}`}
                        disabled={busy !== null}
                        onClick={() => setChosen((prev) => prev.filter((c) => c !== folder))}
                      />
                    </li>
                  ))}
                </ul>
              ) : null}
              <Button icon={<FolderIcon />} onClick={() => void chooseFolder()} disabled={busy !== null}>
                Choose folder…
              </Button>
            </>
          ) : (
            <>
              <label className="new-batch__label" htmlFor={ids.paths}>
                Folders or files on this computer <span className="new-batch__optional">(one path per line)</span>
              </label>
              <textarea
                id={ids.paths}
                className="field new-batch__paths"
                rows={2}
                spellCheck={false}
                autoComplete="off"
                placeholder={'/home/me/Records/2024\n/home/me/Contracts/lease.pdf'}
                value={pathsText}
                aria-describedby={ids.pathsHint}
                onChange={(event) => setPathsText(event.target.value)}
                data-testid="batch-paths"
              />
            </>
          )}
          <p id={ids.pathsHint} className="new-batch__hint">
            Folders are searched for PDFs, subfolders included.
            {native ? '' : ' Paths are read by the Abstractor backend running on this machine, from folders it was started with (--allow-dir).'}
          </p>
        </div>

        <div className="new-batch__options">
          <div className="new-batch__field">
            <label className="new-batch__label" htmlFor={ids.template}>
              Template
            </label>
            <select
              id={ids.template}
              className="field new-batch__select"
              value={template}
              onChange={(event) => setTemplate(event.target.value)}
              disabled={templates.status === 'error'}
              data-testid="batch-template"
            >
              <option value="">None · import only</option>
              {templateItems.map((t) => (
                <option key={t.name} value={t.name}>
                  {t.title} ({t.fields} fields)
                </option>
              ))}
            </select>
          </div>
          <label className="new-batch__check" htmlFor={ids.summarize}>
            <input id={ids.summarize} type="checkbox" checked={summarize} onChange={(event) => setSummarize(event.target.checked)} data-testid="batch-summarize" />
            Summarize too
          </label>
          {needsModel ? (
            <div className="new-batch__field">
              <label className="new-batch__label" htmlFor={ids.model}>
                Model
              </label>
              <select id={ids.model} className="field new-batch__select" value={modelId} onChange={(event) => setModelId(event.target.value)} data-testid="batch-model">
                <option value="">{models.active ? `Active model · ${models.active.name}` : 'Active model (none chosen)'}</option>
                {usableModels
                  .filter((m) => !m.active)
                  .map((m) => (
                    <option key={m.id} value={String(m.id)}>
                      {m.name}
                    </option>
                  ))}
              </select>
            </div>
          ) : null}
        </div>
        {templates.status === 'error' ? <p className="new-batch__hint new-batch__hint--warn">The templates could not be loaded: {templates.error}</p> : null}
        {noModel ? (
          <p className="new-batch__notice">
            <CpuIcon />
            <span>
              Extraction and summaries need a language model.{' '}
              <button type="button" className="new-batch__link" onClick={() => navigation.navigate(MODELS)}>
                Choose one on the Models screen
              </button>
              .
            </span>
          </p>
        ) : null}
        {error ? <ErrorBanner title="The batch could not be started." message={error} onDismiss={() => setError(null)} /> : null}
        <div className="new-batch__footer">
          <span className="new-batch__hint">
            {files.length + paths.length === 0
              ? 'Add PDFs or a folder to start.'
              : `${[files.length > 0 ? `${files.length} ${files.length === 1 ? 'file' : 'files'}` : '', paths.length > 0 ? `${paths.length} ${paths.length === 1 ? 'path' : 'paths'}` : ''].filter(Boolean).join(' and ')}`}
          </span>
          <Button type="submit" variant="primary" disabled={!canStart} data-testid="batch-start">
            {busy === 'reading' ? 'Reading files…' : busy === 'starting' ? 'Starting…' : 'Start batch'}
          </Button>
        </div>
      </form>
    </section>
  );
}
