// The application shell: providers (toasts, backend info, navigation, documents, import, models, jobs),
// the header, the current screen and the import panel.
import { lazy, Suspense, useEffect, useRef } from 'react';
import { LoadingState } from '../components/Spinner';
import { ToastProvider } from '../components/Toasts';
import { ImportPanel } from '../features/import/ImportPanel';
import { ImportProvider } from '../features/import/ImportProvider';
import { BatchView } from '../features/jobs/BatchView';
import { JobsProvider } from '../features/jobs/JobsProvider';
import { DocumentsProvider } from '../features/library/DocumentsProvider';
import { LibraryView } from '../features/library/LibraryView';
import { ModelsProvider } from '../features/models/ModelsProvider';
import { InferenceServerProvider } from '../features/server/InferenceServerProvider';
import { ModelsView } from '../features/models/ModelsView';
import { DeadlinesView } from '../features/deadlines/DeadlinesView';
import { PatientsView } from '../features/patients/PatientsView';
import { ClausesView } from '../features/clauses/ClausesView';
import { PlaybookReportView } from '../features/playbooks/PlaybookReportView';
import { PlaybooksView } from '../features/playbooks/PlaybooksView';
import { AccessLogView } from '../features/privacy/AccessLogView';
import { AppLockGate } from '../features/security/AppLockGate';
import { GridView } from '../features/extraction/GridView';
import { TemplatesView } from '../features/templates/TemplatesView';
import { SearchView } from '../features/search/SearchView';
import { RecoveryKeyDialog } from '../features/security/RecoveryKeyDialog';
import { WelcomeProvider } from '../features/welcome/WelcomeProvider';
import { AppInfoGate } from './AppInfoGate';
import { focusScreenWhenReady } from '../components/focus';
import { Header } from './Header';
import { NavigationProvider, useNavigation } from './Navigation';
import type { Route } from './routes';
import './App.css';

// pdf.js is large: load the reader after the first screen, so the library appears at once
// and a document opens without waiting for the reader's code or pdf.js's worker.
const loadReader = () => import('../features/reader/ReaderView');
const ReaderView = lazy(() => loadReader().then((m) => ({ default: m.ReaderView })));

function useReaderPreload() {
  useEffect(() => {
    const preload = () => {
      void loadReader();
      void import('../features/reader/pdf-loader').then((m) => m.warmUpPdfWorker());
    };
    const idle = window.requestIdleCallback(preload, { timeout: 2000 });
    return () => window.cancelIdleCallback(idle);
  }, []);
}

export function App() {
  return (
    <ToastProvider>
      <AppInfoGate>
        <NavigationProvider>
          {/* Above the data providers, so locking unmounts everything that holds document text; the route survives, so unlocking returns to it. */}
          <AppLockGate>
            <DocumentsProvider>
              <ImportProvider>
                <ModelsProvider>
                  <InferenceServerProvider>
                    <JobsProvider>
                      <Shell />
                    </JobsProvider>
                  </InferenceServerProvider>
                </ModelsProvider>
              </ImportProvider>
            </DocumentsProvider>
          </AppLockGate>
        </NavigationProvider>
      </AppInfoGate>
    </ToastProvider>
  );
}

function Shell() {
  const navigation = useNavigation();
  useBackShortcuts(navigation.back);
  useFocusAfterNavigation(navigation.route);
  useReaderPreload();
  return (
    <WelcomeProvider>
      <div className="app">
        <Header />
        <div className="app__screen">
          <Screen />
        </div>
        <ImportPanel />
        <RecoveryKeyDialog />
      </div>
    </WelcomeProvider>
  );
}

function Screen() {
  const { route } = useNavigation();
  switch (route.view) {
    case 'library':
      return <LibraryView />;
    case 'search':
      return <SearchView key={route.query} query={route.query} />;
    case 'models':
      return <ModelsView />;
    case 'grid':
      return <GridView key={route.template ?? ''} template={route.template} playbook={route.playbook ?? null} />;
    case 'templates':
      return <TemplatesView key={route.name ?? ''} name={route.name} />;
    case 'batches':
      return <BatchView batchId={route.batchId} />;
    case 'access':
      return <AccessLogView />;
    case 'deadlines':
      return <DeadlinesView />;
    case 'clauses':
      return <ClausesView />;
    case 'patients':
      return <PatientsView patientId={route.patientId} />;
    case 'playbooks':
      return <PlaybooksView key={route.name ?? ''} name={route.name} />;
    case 'playbook-report':
      return <PlaybookReportView key={`${route.name}:${route.documentId}`} name={route.name} documentId={route.documentId} />;
    case 'document':
      return (
        <Suspense fallback={<LoadingState label="Opening the reader…" />}>
          <ReaderView key={route.documentId} route={route} />
        </Suspense>
      );
    default:
      return route satisfies never;
  }
}

/** Focus follows the person to the new screen when the control they used went away with the old one. */
function useFocusAfterNavigation(route: Route) {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    return focusScreenWhenReady();
  }, [route]);
}

/** Alt+Left and the mouse's back button go back, as in a browser. */
function useBackShortcuts(back: () => void) {
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.altKey && event.key === 'ArrowLeft') {
        event.preventDefault();
        back();
      }
    }
    function onMouse(event: MouseEvent) {
      if (event.button === 3) {
        event.preventDefault();
        back();
      }
    }
    window.addEventListener('keydown', onKey);
    window.addEventListener('mouseup', onMouse);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('mouseup', onMouse);
    };
  }, [back]);
}
