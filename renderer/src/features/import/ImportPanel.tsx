// The per-file import progress list: a card in the window's corner while imports run or
// until the person clears it. Offers "Enter password" for protected PDFs and "Open" when done.
import { useEffect, useState } from 'react';
import { Button } from '../../components/Button';
import { AlertIcon, CheckIcon, ChevronDownIcon, CloseIcon, FileIcon, LockIcon } from '../../components/icons';
import { ProgressBar } from '../../components/ProgressBar';
import { Spinner } from '../../components/Spinner';
import { useNavigation } from '../../app/Navigation';
import { isPasswordError } from '../library/format';
import { useImportActions, useImporter } from './ImportProvider';
import { isFinal, itemProgress, phaseLabel, type ImportItem } from './import-state';
import './ImportPanel.css';

function headline(active: number, total: number, failed: number): string {
  if (active > 0) return total === 1 ? 'Importing 1 file' : `Importing · ${total - active} of ${total} done`;
  if (failed > 0) return `Import finished · ${failed} failed`;
  return 'Import finished';
}

const CLOSE_AFTER_SUCCESS_MS = 4000;

export function ImportPanel() {
  const importer = useImporter();
  const { route } = useNavigation();
  const [collapsed, setCollapsed] = useState(false);
  const { items, summary } = importer;

  // Opens while files are importing and leaves by itself a few seconds after a clean finish
  // (what failed stays listed, and in the library's "Needs attention").
  const quietFinish = summary.total > 0 && summary.active === 0 && summary.failed === 0;
  const { clearFinished } = importer;
  useEffect(() => {
    if (!quietFinish) {
      setCollapsed(false);
      return;
    }
    const timer = setTimeout(clearFinished, CLOSE_AFTER_SUCCESS_MS);
    return () => clearTimeout(timer);
  }, [quietFinish, summary.total, clearFinished]);

  if (items.length === 0) return null;

  // In the reader the panel takes its own strip below the page instead of floating over its text.
  const docked = route.view === 'document';
  return (
    <section className={`import-panel${docked ? ' import-panel--docked' : ''}`} aria-label="Imports" data-testid="import-panel">
      <header className="import-panel__header">
        <div className="import-panel__heading">
          {summary.active > 0 ? <Spinner label="Importing" size={14} /> : <StatusIcon failed={summary.failed > 0} />}
          <h2 className="import-panel__title">{headline(summary.active, summary.total, summary.failed)}</h2>
        </div>
        <div className="import-panel__actions">
          {summary.active < summary.total ? (
            <Button size="sm" variant="ghost" onClick={importer.clearFinished}>
              Clear finished
            </Button>
          ) : null}
          <Button
            size="sm"
            variant="ghost"
            icon={<ChevronDownIcon />}
            aria-label={collapsed ? 'Show import list' : 'Hide import list'}
            aria-expanded={!collapsed}
            className={collapsed ? 'import-panel__toggle--collapsed' : undefined}
            onClick={() => setCollapsed((c) => !c)}
          />
        </div>
      </header>
      {collapsed ? null : (
        <ul className="import-panel__list">
          {items.map((item) => (
            <ImportRow key={item.key} item={item} />
          ))}
        </ul>
      )}
      {summary.total > 1 && !collapsed ? (
        <footer className="import-panel__footer">
          {summary.imported} imported · {summary.duplicates} already in library · {summary.failed} failed
        </footer>
      ) : null}
    </section>
  );
}

function StatusIcon({ failed }: { readonly failed: boolean }) {
  return (
    <span className={`import-panel__status ${failed ? 'import-panel__status--failed' : ''}`} aria-hidden="true">
      {failed ? <AlertIcon /> : <CheckIcon />}
    </span>
  );
}

function ImportRow({ item }: { readonly item: ImportItem }) {
  const importer = useImportActions();
  const { navigate } = useNavigation();
  const failed = item.phase === 'failed';
  const settled = isFinal(item.phase) && !item.retrying;
  const progress = itemProgress(item);
  const canUnlock = failed && isPasswordError(item.error?.code) && item.documentId !== null;
  const canOpen = (item.phase === 'done' || item.phase === 'duplicate') && item.documentId !== null;

  return (
    <li className={`import-row import-row--${item.phase}`} data-testid="import-item" data-phase={item.phase}>
      <span className="import-row__icon" aria-hidden="true">
        {canUnlock ? <LockIcon /> : failed ? <AlertIcon /> : <FileIcon />}
      </span>
      <div className="import-row__main">
        <div className="import-row__name" title={item.file}>
          {item.file}
        </div>
        <div className={`import-row__phase ${failed ? 'import-row__phase--error' : ''}`}>
          {item.retrying ? 'Unlocking…' : phaseLabel(item)}
        </div>
        {!settled || item.retrying ? (
          <ProgressBar
            value={item.retrying ? null : item.phase === 'queued' || item.phase === 'preparing' ? 0 : progress}
            label={`Import of ${item.file}`}
          />
        ) : null}
      </div>
      <div className="import-row__actions">
        {canUnlock && !item.retrying ? (
          <Button size="sm" variant="primary" onClick={() => importer.unlock(item.documentId!, item.file)}>
            Enter password
          </Button>
        ) : null}
        {canOpen ? (
          <Button size="sm" onClick={() => navigate({ view: 'document', documentId: item.documentId!, page: 1, highlight: null })}>
            Open
          </Button>
        ) : null}
        {settled ? (
          <Button size="sm" variant="ghost" icon={<CloseIcon />} aria-label={`Dismiss ${item.file}`} onClick={() => importer.dismiss(item.key)} />
        ) : null}
      </div>
    </li>
  );
}
