// The window's top bar: app name, archive folder and document count, the global search,
// the queue indicator, the Batches, Table, Templates, Models and Access log screens and the import button.
import { Button } from '../components/Button';
import { CalendarIcon, CpuIcon, FolderIcon, ListIcon, LockIcon, StackIcon, TableIcon, UnlockIcon, UploadIcon } from '../components/icons';
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
import { ACCESS_LOG, BATCHES, DEADLINES, CLAUSES, GRID, MODELS, PLAYBOOKS, TEMPLATES } from './routes';
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
        <button
          type="button"
          className={`header__models${navigation.route.view === 'batches' ? ' header__models--current' : ''}`}
          onClick={() => navigation.navigate(BATCHES)}
          aria-current={navigation.route.view === 'batches' ? 'page' : undefined}
          title="Batches · process many PDFs with a template"
          data-testid="header-batches"
        >
          <StackIcon />
          <span className="header__label">Batches</span>
        </button>
        <button
          type="button"
          className={`header__models${navigation.route.view === 'grid' ? ' header__models--current' : ''}`}
          onClick={() => navigation.navigate(GRID)}
          aria-current={navigation.route.view === 'grid' ? 'page' : undefined}
          title="Table · extracted fields across documents"
          data-testid="header-grid"
        >
          <TableIcon />
          <span className="header__label">Table</span>
        </button>
        <button
          type="button"
          className={`header__models${navigation.route.view === 'templates' ? ' header__models--current' : ''}`}
          onClick={() => navigation.navigate(TEMPLATES)}
          aria-current={navigation.route.view === 'templates' ? 'page' : undefined}
          title="Templates · the fields to extract"
          data-testid="header-templates"
        >
          <ListIcon />
          <span className="header__label">Templates</span>
        </button>
        <button
          type="button"
          className={`header__models${navigation.route.view === 'models' ? ' header__models--current' : ''}`}
          onClick={() => navigation.navigate(MODELS)}
          aria-current={navigation.route.view === 'models' ? 'page' : undefined}
          title={models.active ? `Models · using ${models.active.name}` : 'Models · none chosen yet'}
          data-testid="header-models"
        >
          <CpuIcon />
          <span className="header__label">Models</span>
          {models.status === 'ready' && !models.active ? <span className="header__models-dot" role="img" aria-label="no model chosen" /> : null}
        </button>
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
            Not encrypted
          </span>
        )}
        <button
          type="button"
          className={`header__models${navigation.route.view === 'deadlines' ? ' header__models--current' : ''}`}
          onClick={() => navigation.navigate(DEADLINES)}
          aria-current={navigation.route.view === 'deadlines' ? 'page' : undefined}
          title="Deadlines · contracts' notice deadlines, renewals and expirations"
          data-testid="header-deadlines"
        >
          <CalendarIcon />
          <span className="header__label">Deadlines</span>
        </button>
        <button
          type="button"
          className={`header__models${navigation.route.view === 'clauses' ? ' header__models--current' : ''}`}
          onClick={() => navigation.navigate(CLAUSES)}
          aria-current={navigation.route.view === 'clauses' ? 'page' : undefined}
          title="Clauses · one clause type from every contract, side by side"
          data-testid="header-clauses"
        >
          <span className="header__label">Clauses</span>
        </button>
        <button
          type="button"
          className={`header__models${navigation.route.view === 'playbooks' || navigation.route.view === 'playbook-report' ? ' header__models--current' : ''}`}
          onClick={() => navigation.navigate(PLAYBOOKS)}
          aria-current={navigation.route.view === 'playbooks' ? 'page' : undefined}
          title="Playbooks · the firm's standard positions checked against contracts"
          data-testid="header-playbooks"
        >
          <span className="header__label">Playbooks</span>
        </button>
        <button
          type="button"
          className={`header__models${navigation.route.view === 'access' ? ' header__models--current' : ''}`}
          onClick={() => navigation.navigate(ACCESS_LOG)}
          aria-current={navigation.route.view === 'access' ? 'page' : undefined}
          title="Access log · who opened, searched, exported or deleted which document"
          data-testid="header-access-log"
        >
          <LockIcon />
          <span className="header__label">Access log</span>
        </button>
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
