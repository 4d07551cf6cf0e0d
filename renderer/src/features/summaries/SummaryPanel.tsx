// The reader's "Summary" tab: choose a profile and summarize the document with the local
// model, follow the run (phase, chunks, pages read, the raw output as it streams), cancel it,
// and read the result with page citations that jump the PDF view. Earlier runs stay in a
// history. Without a model it explains what one adds and links to the Models screen.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { DocumentDomain } from '../../../../shared/domain';
import type { ErrorCode } from '../../../../shared/errors';
import { SUMMARY_PROFILES, type RunStatus, type SummaryProfile } from '../../../../shared/summaries';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { AlertIcon, CpuIcon, SparkIcon } from '../../components/icons';
import { ProgressBar } from '../../components/ProgressBar';
import { LoadingState, Spinner } from '../../components/Spinner';
import { useNavigation } from '../../app/Navigation';
import { MODELS } from '../../app/routes';
import { call, errorMessage, useAbstractorEvent } from '../../ipc/api';
import { useCall } from '../../ipc/use-call';
import { useModels } from '../models/ModelsProvider';
import { ModelOutput } from './ModelOutput';
import { ServerNotice, useInferenceServer } from '../server/InferenceServerProvider';
import { SummaryHistory } from './SummaryHistory';
import { PagesRead, SummaryResult } from './SummaryResult';
import {
  applyDone,
  applyProgress,
  defaultProfile,
  failureAdvice,
  isInProgress,
  isProfile,
  liveFromInfo,
  newLiveRun,
  phaseLabel,
  progressDetails,
  progressFraction,
  PROFILE_LABELS,
  statusWord,
  type LiveRun,
} from './summary-state';
import './SummaryPanel.css';

export interface SummaryPanelProps {
  readonly documentId: number;
  readonly domain: DocumentDomain | null;
  readonly pageCount: number;
  readonly currentPage: number;
  readonly onPage: (page: number) => void;
}

export function SummaryPanel({ documentId, domain, pageCount, currentPage, onPage }: SummaryPanelProps) {
  const server = useInferenceServer();
  const models = useModels();
  const navigation = useNavigation();
  const [chosenProfile, setChosenProfile] = useState<SummaryProfile | null>(null);
  const profile = chosenProfile ?? defaultProfile(domain);
  const [live, setLive] = useState<LiveRun | null>(null);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  const history = useCall('summaries:list', { documentId }, String(documentId));
  const runs = history.data?.runs ?? [];

  // Events of a run can beat the answer of `summaries:start` (they travel separately).
  const early = useRef(new Map<number, RunStatus>());

  useAbstractorEvent('summaries:progress', (event) => {
    setLive((current) => (current ? applyProgress(current, event) : current));
  });
  useAbstractorEvent('summaries:done', ({ runId, status }) => {
    if (live?.runId === runId) {
      setLive((current) => (current ? applyDone(current, runId, status) : current));
      history.reload();
    } else if (live === null || !isInProgress(live.status)) {
      early.current.set(runId, status);
      if (runs.some((run) => run.id === runId)) history.reload();
    }
  });

  // Reopened while a run of this document is in progress: follow it again.
  const newest = runs[0];
  useEffect(() => {
    if (live === null && newest && isInProgress(newest.status)) setLive(liveFromInfo(newest));
  }, [live, newest]);

  const shownId = selectedId ?? live?.runId ?? newest?.id ?? null;
  const following = live !== null && live.runId === shownId && isInProgress(live.status);
  const detail = useCall(
    'summaries:get',
    shownId !== null && !following ? { runId: shownId } : null,
    `${shownId}:${following ? 'live' : (live?.runId === shownId ? live.status : 'stored')}`,
  );
  const shown = detail.data?.run.id === shownId ? detail.data.run : null;

  async function start(withProfile: SummaryProfile) {
    setStarting(true);
    setStartError(null);
    try {
      const { runId } = await call('summaries:start', { documentId, profile: withProfile });
      const ended = early.current.get(runId);
      early.current.clear();
      const run = newLiveRun(runId, pageCount);
      setLive(ended ? applyDone(run, runId, ended) : run);
      setSelectedId(runId);
      history.reload();
    } catch (err) {
      setStartError(errorMessage(err));
    } finally {
      setStarting(false);
    }
  }

  function cancel() {
    if (!live) return;
    setLive({ ...live, cancelling: true });
    call('summaries:cancel', { runId: live.runId }).catch((err: unknown) => {
      setLive((current) => (current ? { ...current, cancelling: false } : current));
      setStartError(`Could not cancel: ${errorMessage(err)}`);
    });
  }

  // With the inference server on, runs need no model on this computer.
  const serverOn = server.view?.enabled === true;
  const noModel = !serverOn && models.status === 'ready' && models.items.length === 0;
  const noActive = !serverOn && models.status === 'ready' && models.items.length > 0 && models.active === null;
  const busy = starting || (live !== null && isInProgress(live.status));
  const goToModels = () => navigation.navigate(MODELS);

  return (
    <div className="summary-panel" data-testid="summary-panel">
      <ServerNotice settings={following ? undefined : shown?.settings} />
      <div className="summary-panel__controls">
        {noModel ? (
          <div className="summary-panel__no-model" data-testid="summary-no-model">
            <span className="summary-panel__no-model-icon" aria-hidden="true">
              <CpuIcon />
            </span>
            <strong>Summaries need a language model</strong>
            <p>
              A model on this computer writes a summary in which every point cites the pages it comes from. Reading and
              searching work without one.
            </p>
            <Button variant="primary" icon={<CpuIcon />} onClick={goToModels} data-testid="summary-add-model">
              Add a model
            </Button>
          </div>
        ) : (
          <>
            <div className="summary-panel__row">
              <label className="summary-panel__label" htmlFor="summary-profile">
                Profile
              </label>
              <select
                id="summary-profile"
                className="field summary-panel__profile"
                value={profile}
                disabled={busy}
                onChange={(event) => isProfile(event.target.value) && setChosenProfile(event.target.value)}
                data-testid="summary-profile"
              >
                {SUMMARY_PROFILES.map((p) => (
                  <option key={p} value={p}>
                    {PROFILE_LABELS[p]}
                  </option>
                ))}
              </select>
              {busy ? (
                <Button onClick={cancel} disabled={starting || live?.cancelling} data-testid="summary-cancel">
                  {live?.cancelling ? 'Cancelling…' : 'Cancel'}
                </Button>
              ) : (
                <Button
                  variant="primary"
                  icon={<SparkIcon />}
                  onClick={() => void start(profile)}
                  disabled={models.status !== 'ready' || noActive}
                  data-testid="summary-start"
                >
                  Summarize
                </Button>
              )}
            </div>
            {noActive ? (
              <p className="summary-panel__hint">
                No model is chosen yet.{' '}
                <button type="button" className="summary-panel__link" onClick={goToModels}>
                  Choose one on the Models screen
                </button>
                .
              </p>
            ) : !serverOn && models.active ? (
              <p className="summary-panel__hint">
                Uses {models.active.name}.{' '}
                <button type="button" className="summary-panel__link" onClick={goToModels}>
                  Change
                </button>
              </p>
            ) : null}
          </>
        )}
        {startError ? <ErrorBanner title="The summary could not start." message={startError} onDismiss={() => setStartError(null)} /> : null}
      </div>

      {/* Focusable so the summary can be scrolled by keyboard (axe scrollable-region-focusable). */}
      <div className="summary-panel__body" tabIndex={0} role="region" aria-label="Summary">
        {following && live ? (
          <LiveStatus live={live} />
        ) : shownId === null ? (
          history.status === 'error' ? (
            <ErrorBanner title="Earlier summaries could not be loaded." message={history.error} onRetry={history.reload} />
          ) : history.status === 'ready' && !noModel ? (
            <p className="summary-panel__empty">
              No summary yet. Choose a profile and press Summarize: the model reads the document and cites the pages for
              each point.
            </p>
          ) : null
        ) : detail.status === 'error' ? (
          <ErrorBanner title="This summary could not be loaded." message={detail.error} onRetry={detail.reload} />
        ) : !shown ? (
          <LoadingState label="Loading the summary…" />
        ) : (
          <>
            <StatusLine status={shown.status} />
            {shown.status === 'done' ? (
              <SummaryResult run={shown} currentPage={currentPage} onPage={onPage} />
            ) : (
              <Ended
                status={shown.status}
                code={shown.error?.code ?? null}
                message={shown.error?.message ?? null}
                onRetry={busy || noModel ? null : () => void start(isProfile(shown.profile) ? shown.profile : profile)}
                onModels={goToModels}
              >
                <PagesRead run={shown} />
              </Ended>
            )}
          </>
        )}
        <SummaryHistory runs={runs} selectedId={shownId} onSelect={setSelectedId} />
      </div>
    </div>
  );
}

function StatusLine({ status, children }: { readonly status: RunStatus; readonly children?: ReactNode }) {
  const word = statusWord(status);
  const tone = word === 'done' ? 'success' : word === 'failed' ? 'danger' : word === 'running' ? 'accent' : 'neutral';
  return (
    <div className="summary-status" data-testid="summary-status" data-status={status} role="status">
      <Badge tone={tone}>{word}</Badge>
      {children}
    </div>
  );
}

function LiveStatus({ live }: { readonly live: LiveRun }) {
  const details = progressDetails(live);
  return (
    <div className="summary-live">
      <StatusLine status={live.status}>
        <Spinner size={14} label="Summarizing" />
        <span className="summary-live__phase">{live.cancelling ? 'Cancelling…' : phaseLabel(live)}</span>
      </StatusLine>
      <ProgressBar value={progressFraction(live)} label="Summary progress" />
      {details.length > 0 ? (
        <p className="summary-live__details" data-testid="summary-progress">
          {details.join(' · ')}
        </p>
      ) : null}
      <ModelOutput key={live.runId} runId={live.runId} />
    </div>
  );
}

interface EndedProps {
  readonly status: RunStatus;
  readonly code: ErrorCode | null;
  readonly message: string | null;
  readonly onRetry: (() => void) | null;
  readonly onModels: () => void;
  readonly children?: ReactNode;
}

function Ended({ status, code, message, onRetry, onModels, children }: EndedProps) {
  const advice = failureAdvice(status === 'cancelled' ? 'cancelled' : code);
  return (
    <div className={`summary-ended summary-ended--${status}`} role={status === 'failed' ? 'alert' : undefined}>
      <div className="summary-ended__text">
        {status === 'failed' ? <AlertIcon /> : null}
        <div>
          <strong>{status === 'failed' ? advice.title : 'The summary was cancelled.'}</strong>
          {status === 'failed' && message ? <p className="summary-ended__message" data-testid="summary-error">{message}</p> : null}
        </div>
      </div>
      {children}
      <div className="summary-ended__actions">
        {advice.needsModel ? (
          <Button variant={advice.retry ? 'secondary' : 'primary'} icon={<CpuIcon />} onClick={onModels}>
            {code === 'no_model' ? 'Add a model' : 'Open Models'}
          </Button>
        ) : null}
        {onRetry && advice.retry ? (
          <Button variant="primary" onClick={onRetry} data-testid="summary-retry">
            {status === 'cancelled' ? 'Summarize again' : 'Retry'}
          </Button>
        ) : null}
      </div>
    </div>
  );
}
