// The window's top bar: app name, archive folder and document count, the global search,
// the queue indicator, the Batches, Table, Templates, Models and Access log screens and the import button.
import { Button } from '../components/Button';
import { CalendarIcon, ChecklistIcon, ColumnsIcon, CpuIcon, FolderIcon, ListIcon, LockIcon, PersonIcon, StackIcon, TableIcon, UnlockIcon, UploadIcon } from '../components/icons';
import { ArchiveButton } from '../features/archive/ArchiveButton';
import { useImportActions } from '../features/import/ImportProvider';
import { QueueIndicator } from '../features/jobs/QueueIndicator';
import { useDocuments } from '../features/library/DocumentsProvider';
import { formatCount } from '../features/library/format';
import { useModels } from '../features/models/ModelsProvider';
import { SearchBox } from '../features/search/SearchBox';
import { ThemeToggle } from '../features/theme/ThemeToggle';
import { useWelcome } from '../features/welcome/WelcomeProvider';
import { useInferenceServer } from '../features/server/InferenceServerProvider';
import { useAppInfo } from './AppInfoGate';
import { useNavigation } from './Navigation';
import type { ReactNode } from 'react';
import { ACCESS_LOG, BATCHES, DEADLINES, CLAUSES, GRID, MODELS, PATIENTS, PLAYBOOKS, TEMPLATES, type Route } from './routes';
import './Header.css';

export function Header() {
  const info = useAppInfo();
  const documents = useDocuments();
  const importer = useImportActions();
  const navigation = useNavigation();
  const models = useModels();
  const welcome = useWelcome();
  const server = useInferenceServer();
  const count = documents.status === 'ready' ? documents.count : info.documentCount;

  return (
    <header className="header">
      <div className="header__brand">
        <button type="button" className="header__home" onClick={navigation.home} title="Go to the library">
          <span className="header__logo" aria-hidden="true">
            A
          </span>
          <span className="header__name">Abstractor</span>
        </button>
        <div className="header__archive" title={`Archive folder: ${info.archiveDir}`}>
          <span className="header__archive-path">
            <FolderIcon />
            <span className="visually-hidden">Archive folder: </span>
            <span className="header__archive-text">
              <bdi data-testid="archive-dir">{info.archiveDir}</bdi>
            </span>
          </span>
          <span className="header__count" data-testid="document-count">
            {formatCount(count, 'document', 'documents')}
          </span>
        </div>
      </div>
      <div className="header__search">
        <SearchBox />
      </div>
      <div className="header__actions">
        <QueueIndicator />
        <ScreenButton route={BATCHES} views={['batches']} title="Batches · process many PDFs with a template" testId="header-batches" icon={<StackIcon />} label="Batches" />
        <ScreenButton route={GRID} views={['grid']} title="Table · extracted fields across documents" testId="header-grid" icon={<TableIcon />} label="Table" />
        <ScreenButton route={TEMPLATES} views={['templates']} title="Templates · the fields to extract" testId="header-templates" icon={<ListIcon />} label="Templates" />
        <ScreenButton
          route={MODELS}
          views={['models']}
          title={models.active ? `Models · using ${models.active.name}` : 'Models · none chosen yet'}
          testId="header-models"
          icon={<CpuIcon />}
          label="Models"
        >
          {models.status === 'ready' && !models.active ? <span className="header__models-dot" role="img" aria-label="no model chosen" /> : null}
        </ScreenButton>
        {server.view?.sendsDocumentsTo ? (
          <button
            type="button"
            className="header__plaintext header__server"
            onClick={() => navigation.navigate(MODELS)}
            data-testid="server-banner"
            title={`Model runs send each document's text to the inference server at ${server.view.sendsDocumentsTo}. Open Models to turn it off.`}
          >
            Sends documents to {server.view.sendsDocumentsTo}
          </button>
        ) : null}
        {info.encrypted ? null : (
          <span
            className="header__plaintext"
            data-testid="not-encrypted"
            title="This archive is not encrypted: anyone who can read its folder can read its documents."
          >
            <UnlockIcon />
            <span className="header__plaintext-label">Not encrypted</span>
          </span>
        )}
        <ScreenButton route={DEADLINES} views={['deadlines']} title="Deadlines · contracts' notice deadlines, renewals and expirations" testId="header-deadlines" icon={<CalendarIcon />} label="Deadlines" />
        <ScreenButton route={CLAUSES} views={['clauses']} title="Clauses · one clause type from every contract, side by side" testId="header-clauses" icon={<ColumnsIcon />} label="Clauses" />
        <ScreenButton route={PLAYBOOKS} views={['playbooks', 'playbook-report']} title="Playbooks · the firm's standard positions checked against contracts" testId="header-playbooks" icon={<ChecklistIcon />} label="Playbooks" />
        <ScreenButton route={PATIENTS} views={['patients']} title="Patients · medical records grouped by patient: timeline and conflicts" testId="header-patients" icon={<PersonIcon />} label="Patients" />
        <ScreenButton route={ACCESS_LOG} views={['access']} title="Access log · who opened, searched, exported or deleted which document" testId="header-access-log" icon={<LockIcon />} label="Access log" />
        <ThemeToggle />
        <ArchiveButton />
        {/* The desktop app has Help in its menu; a browser page has no menu. */}
        {info.transport === 'bridge' ? (
          <button
            type="button"
            className="header__models"
            onClick={welcome.open}
            aria-label="Help"
            title="Help · the welcome again: where the archive lives, encryption, a model for this computer, the sample documents"
            data-testid="header-help"
          >
            ?
          </button>
        ) : null}
        <Button variant="primary" icon={<UploadIcon />} onClick={importer.openPicker} className="header__import">
          Import PDFs
        </Button>
      </div>
    </header>
  );
}

interface ScreenButtonProps {
  readonly route: Route;
  /** The views this button is current on (a playbook's report belongs to Playbooks). */
  readonly views: readonly Route['view'][];
  readonly title: string;
  readonly testId: string;
  readonly icon: ReactNode;
  readonly label: string;
  readonly children?: ReactNode;
}

/** A header button to one screen: its icon always, its label where the window is wide enough. */
function ScreenButton({ route, views, title, testId, icon, label, children }: ScreenButtonProps) {
  const navigation = useNavigation();
  const current = views.includes(navigation.route.view);
  return (
    <button
      type="button"
      className={`header__models${current ? ' header__models--current' : ''}`}
      onClick={() => navigation.navigate(route)}
      aria-current={navigation.route.view === views[0] ? 'page' : undefined}
      title={title}
      data-testid={testId}
    >
      {icon}
      <span className="header__label">{label}</span>
      {children}
    </button>
  );
}

