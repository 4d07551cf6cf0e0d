// Owns importing: the one hidden file input (also the native dialog in Electron), window
// drag-and-drop, the per-file progress state fed by `import:progress`, and the password
// prompt that retries protected PDFs (used by the library too).
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ImportProgress } from '../../../../shared/domain';
import { toErrorData } from '../../../../shared/errors';
import { PasswordDialog } from '../../components/Dialog';
import { PdfFileInput } from '../../components/PdfFileInput';
import { useToast } from '../../components/Toasts';
import { call, errorMessage, useAbstractorEvent } from '../../ipc/api';
import { useDocuments } from '../library/DocumentsProvider';
import { isPasswordError, WRONG_PASSWORD_TEXT } from '../library/format';
import { DropOverlay } from './DropOverlay';
import { newFileKey } from './file-key';
import {
  addItems,
  applyOutcomes,
  applyProgress,
  applyRetryOutcome,
  clearFinished,
  failItems,
  isPdfFile,
  markRetrying,
  newItem,
  planBatches,
  setPhase,
  summarize,
  type ImportItem,
  type ImportSummary,
} from './import-state';

/** Stable functions: components that only act do not re-render on every progress event. */
export interface ImportActions {
  importFiles(files: readonly File[]): void;
  openPicker(): void;
  unlock(documentId: number, fileName: string): void;
  dismiss(key: string): void;
  clearFinished(): void;
}

export interface Importer extends ImportActions {
  readonly items: readonly ImportItem[];
  readonly summary: ImportSummary;
}

const ImportContext = createContext<Importer | null>(null);
const ImportActionsContext = createContext<ImportActions | null>(null);

interface UnlockState {
  readonly documentId: number;
  readonly fileName: string;
  readonly busy: boolean;
  readonly error: string | null;
}

interface Keyed {
  readonly key: string;
  readonly file: File;
  readonly size: number;
}

export function ImportProvider({ children }: { readonly children: ReactNode }) {
  const [items, setItems] = useState<readonly ImportItem[]>([]);
  const [unlocking, setUnlocking] = useState<UnlockState | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const documents = useDocuments();
  const notify = useToast();
  const queue = useRef<Promise<void>>(Promise.resolve());

  // Progress events arrive by the hundred; apply them once per frame.
  const pending = useRef<ImportProgress[]>([]);
  const scheduled = useRef(false);
  const flush = useCallback(() => {
    scheduled.current = false;
    const events = pending.current;
    if (events.length === 0) return;
    pending.current = [];
    setItems((prev) => applyProgress(prev, events));
  }, []);

  useAbstractorEvent('import:progress', (event) => {
    // The job queue's imports (keys `job-<id>`) are followed on the Batches screen; hundreds
    // of them here would bury the person's own imports and slow the window.
    if (event.key.startsWith('job-')) return;
    pending.current.push(event);
    if (scheduled.current) return;
    scheduled.current = true;
    requestAnimationFrame(flush);
    // rAF pauses in a hidden window; the timeout keeps the list current anyway.
    setTimeout(() => scheduled.current && flush(), 250);
  });

  const runBatch = useCallback(
    async (batch: readonly Keyed[]) => {
      const keys = batch.map((entry) => entry.key);
      try {
        const files = await Promise.all(
          batch.map(async ({ key, file }) => ({ key, name: file.name, data: new Uint8Array(await file.arrayBuffer()) })),
        );
        setItems((prev) => setPhase(prev, keys, 'queued'));
        const { outcomes } = await call('documents:import', { files });
        flush();
        setItems((prev) => applyOutcomes(prev, keys, outcomes));
      } catch (err) {
        flush();
        setItems((prev) => failItems(prev, keys, toErrorData(err)));
      } finally {
        documents.refresh();
      }
    },
    [documents, flush],
  );

  const importFiles = useCallback(
    (files: readonly File[]) => {
      const pdfs = files.filter(isPdfFile);
      const skipped = files.filter((file) => !isPdfFile(file));
      if (skipped.length > 0) {
        const names = skipped.slice(0, 3).map((f) => f.name).join(', ');
        const more = skipped.length > 3 ? ` and ${skipped.length - 3} more` : '';
        const what = skipped.length === 1 ? 'a file that is not a PDF' : `${skipped.length} files that are not PDFs`;
        notify(`Skipped ${what}: ${names}${more}`, 'error');
      }
      if (pdfs.length === 0) return;
      const keyed: Keyed[] = pdfs.map((file) => ({ key: newFileKey(), file, size: file.size }));
      setItems((prev) => addItems(prev, keyed.map(({ key, file }) => newItem(key, file.name))));
      // One call at a time: the backend imports in order anyway, and memory stays bounded.
      for (const batch of planBatches(keyed)) {
        queue.current = queue.current.then(() => runBatch(batch.files));
      }
    },
    [notify, runBatch],
  );

  const openPicker = useCallback(() => inputRef.current?.click(), []);

  const unlock = useCallback((documentId: number, fileName: string) => {
    setUnlocking({ documentId, fileName, busy: false, error: null });
  }, []);

  const submitPassword = useCallback(
    async (target: UnlockState, password: string) => {
      const { documentId, fileName } = target;
      setUnlocking({ ...target, busy: true, error: null });
      setItems((prev) => markRetrying(prev, documentId, true));
      try {
        const { outcome } = await call('documents:retry', { id: documentId, password });
        flush();
        setItems((prev) => applyRetryOutcome(prev, documentId, outcome));
        if (outcome.kind === 'failed') {
          if (isPasswordError(outcome.error.code)) {
            setUnlocking({ ...target, busy: false, error: WRONG_PASSWORD_TEXT });
          } else {
            setUnlocking(null);
            notify(`Could not import ${fileName}: ${outcome.error.message}`, 'error');
          }
        } else {
          setUnlocking(null);
          documents.upsert(outcome.document);
          notify(`${fileName} is unlocked and imported.`, 'success');
        }
      } catch (err) {
        setItems((prev) => markRetrying(prev, documentId, false));
        setUnlocking({ ...target, busy: false, error: errorMessage(err) });
      } finally {
        documents.refresh();
      }
    },
    [documents, flush, notify],
  );

  const dismiss = useCallback((key: string) => setItems((prev) => prev.filter((item) => item.key !== key)), []);
  const clear = useCallback(() => setItems((prev) => clearFinished(prev)), []);

  // `importFiles` changes with the document list; the actions object must not.
  const importRef = useRef(importFiles);
  useEffect(() => {
    importRef.current = importFiles;
  });
  const actions = useMemo<ImportActions>(
    () => ({ importFiles: (files) => importRef.current(files), openPicker, unlock, dismiss, clearFinished: clear }),
    [openPicker, unlock, dismiss, clear],
  );
  const summary = useMemo(() => summarize(items), [items]);
  const value = useMemo<Importer>(() => ({ ...actions, items, summary }), [actions, items, summary]);

  return (
    <ImportActionsContext.Provider value={actions}>
      <ImportContext.Provider value={value}>
        {children}
        <PdfFileInput ref={inputRef} label="Choose PDF files to import" testId="import-input" onFiles={importFiles} />
        <DropOverlay onFiles={actions.importFiles} />
        {unlocking ? (
          <PasswordDialog
            key={unlocking.documentId}
            fileName={unlocking.fileName}
            busy={unlocking.busy}
            error={unlocking.error}
            onClose={() => setUnlocking(null)}
            onSubmit={(password) => void submitPassword(unlocking, password)}
          />
        ) : null}
      </ImportContext.Provider>
    </ImportActionsContext.Provider>
  );
}

export function useImportActions(): ImportActions {
  const value = useContext(ImportActionsContext);
  if (!value) throw new Error('useImportActions outside ImportProvider');
  return value;
}

export function useImporter(): Importer {
  const value = useContext(ImportContext);
  if (!value) throw new Error('useImporter outside ImportProvider');
  return value;
}
