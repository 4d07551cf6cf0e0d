// The Models screen: first the model recommended for this computer (one card: speed, memory,
// download), then the installed models (file details folded away), adding one from a file, the
// whole catalog and the hardware found. Without a model the rest of the
// app works; this screen says so plainly.
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { ArrowLeftIcon, CpuIcon } from '../../components/icons';
import { LoadingState } from '../../components/Spinner';
import { useNavigation } from '../../app/Navigation';
import { useCall } from '../../ipc/use-call';
import { formatCount } from '../library/format';
import { InferenceServerPanel } from '../server/InferenceServerPanel';
import { AdaptersPanel } from './AdaptersPanel';
import { AddModelForm } from './AddModelForm';
import { HardwarePanel } from './HardwarePanel';
import { ModelCatalog } from './ModelCatalog';
import { ModelRow } from './ModelRow';
import { RecommendedModelCard } from './RecommendedModelCard';
import { useModels } from './ModelsProvider';
import './ModelsView.css';

export function ModelsView() {
  const models = useModels();
  const navigation = useNavigation();
  // The catalog marks installed entries: refetch it whenever the list changes.
  const catalog = useCall('models:catalog', {}, `catalog:${models.version}`);
  const hardware = useCall('models:hardware', {}, `hardware:${models.activeId ?? 'none'}`);

  return (
    <main className="models" aria-labelledby="models-title" data-testid="models-screen">
      <div className="models__toolbar">
        {navigation.canGoBack ? (
          <Button variant="ghost" size="sm" icon={<ArrowLeftIcon />} onClick={navigation.back}>
            Back
          </Button>
        ) : null}
        <h1 id="models-title" className="models__title">
          Models
        </h1>
        {models.status === 'ready' ? (
          <span className="models__count">{formatCount(models.items.length, 'model installed', 'models installed')}</span>
        ) : null}
      </div>
      <div className="models__scroll">
        <div className="models__layout">
          <div className="models__main">
            <section className="models-card" aria-labelledby="recommended-title" data-testid="models-recommended">
              <div className="models-card__header">
                <h2 id="recommended-title" className="models-card__title">
                  Recommended for this computer
                </h2>
              </div>
              <RecommendedModelCard idPrefix="models-recommended" />
            </section>
            {models.status === 'loading' ? (
              <LoadingState label="Loading models…" />
            ) : models.status === 'error' ? (
              <ErrorBanner title="The models could not be loaded." message={models.error ?? undefined} onRetry={models.refresh} />
            ) : models.items.length === 0 ? (
              <section className="models-card models__empty" data-testid="models-empty">
                <EmptyState icon={<CpuIcon />} title="No model installed yet">
                  <p>
                    A language model adds <strong>summaries</strong> and <strong>field extraction</strong>, each point citing the
                    pages it comes from. It runs on this computer; nothing leaves it.
                  </p>
                  <p>Everything else works without one: importing, browsing and searching your PDFs.</p>
                  <p>Add a .gguf file you already have, or download one of the recommended models below.</p>
                </EmptyState>
              </section>
            ) : (
              <section className="models-card" aria-labelledby="installed-title">
                <div className="models-card__header">
                  <h2 id="installed-title" className="models-card__title">
                    Installed models
                  </h2>
                </div>
                {models.error ? <ErrorBanner title="The list could not be refreshed." message={models.error} onRetry={models.refresh} /> : null}
                {models.activeId === null ? (
                  <p className="models__notice">No model is chosen for summaries yet. Pick one with “Use this model”.</p>
                ) : null}
                <ul className="models__list">
                  {models.items.map((model) => (
                    <ModelRow key={model.id} model={model} onChanged={models.refresh} />
                  ))}
                </ul>
              </section>
            )}
            <AddModelForm onAdded={models.refresh} />
            <AdaptersPanel />
            <InferenceServerPanel />
            <ModelCatalog catalog={catalog} hardware={hardware.data} />
          </div>
          <aside className="models__side">
            <HardwarePanel hardware={hardware} />
          </aside>
        </div>
      </div>
    </main>
  );
}
