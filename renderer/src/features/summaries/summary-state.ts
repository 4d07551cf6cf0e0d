// The summary panel's logic as pure functions: the default profile for a document's domain,
// the live run folded from `summaries:*` events, and the labels the panel shows. No DOM, no
// React: unit-tested in Node.
import type { DocumentDomain } from '../../../../shared/domain';
import type { ErrorCode } from '../../../../shared/errors';
import type { ModelWait, RunInfo, RunStatus, SummaryPhase, SummaryProfile, SummaryProgress } from '../../../../shared/summaries';
import { waitLabel } from '../runs/model-wait';

export const PROFILE_LABELS: Readonly<Record<SummaryProfile, string>> = {
  clinical: 'Clinical',
  legal: 'Legal',
  general: 'General',
};

export function defaultProfile(domain: DocumentDomain | null | undefined): SummaryProfile {
  switch (domain) {
    case 'medical':
      return 'clinical';
    case 'legal':
      return 'legal';
    case 'other':
    case null:
    case undefined:
      return 'general';
    default:
      return domain satisfies never;
  }
}

export function isProfile(value: string): value is SummaryProfile {
  return Object.hasOwn(PROFILE_LABELS, value);
}

/** The run this panel started or found in progress, as far as its events have told. */
export interface LiveRun {
  readonly runId: number;
  readonly status: RunStatus;
  readonly phase: SummaryPhase;
  readonly chunk: number;
  readonly chunks: number;
  readonly pagesRead: number;
  readonly pagesTotal: number;
  /** Cancel was asked for; the run has not ended yet. */
  readonly cancelling: boolean;
  /** Set while the run waits for the model, as the scheduler said. */
  readonly wait: ModelWait | null;
}

export function isInProgress(status: RunStatus): boolean {
  return status === 'queued' || status === 'running';
}

export function newLiveRun(runId: number, pagesTotal: number): LiveRun {
  return { runId, status: 'queued', phase: 'queued', chunk: 0, chunks: 0, pagesRead: 0, pagesTotal, cancelling: false, wait: null };
}

/** A run found in the history while still in progress (the panel was reopened). */
export function liveFromInfo(run: Pick<RunInfo, 'id' | 'status' | 'pagesRead' | 'pagesTotal'>): LiveRun {
  return {
    ...newLiveRun(run.id, run.pagesTotal),
    status: run.status,
    phase: run.status === 'queued' ? 'queued' : 'reading',
    pagesRead: run.pagesRead,
  };
}

export function applyProgress(live: LiveRun, event: SummaryProgress): LiveRun {
  if (event.runId !== live.runId || !isInProgress(live.status)) return live;
  return {
    ...live,
    status: event.phase === 'queued' ? 'queued' : 'running',
    phase: event.phase,
    chunk: event.chunk,
    chunks: event.chunks,
    pagesRead: event.pagesRead,
    pagesTotal: event.pagesTotal || live.pagesTotal,
    wait: event.wait ?? null,
  };
}

export function applyDone(live: LiveRun, runId: number, status: RunStatus): LiveRun {
  if (runId !== live.runId) return live;
  return { ...live, status, phase: 'finished', cancelling: false, wait: null };
}

const PHASE_LABELS: Readonly<Record<SummaryPhase, string>> = {
  // Queued with nothing to wait for: the model's line is about to take it.
  queued: 'Starting',
  loading: 'Loading the model',
  reading: 'Reading the document',
  summarizing: 'Summarizing',
  merging: 'Merging the parts',
  finished: 'Finishing',
};

/** What the run is doing, or whom it waits for while it waits for the model. */
export function phaseLabel(live: Pick<LiveRun, 'phase' | 'wait'>): string {
  return live.wait ? waitLabel(live.wait) : PHASE_LABELS[live.phase];
}

/** "chunk 2 of 5", "pages read 12 of 40": only what is known yet. */
export function progressDetails(live: LiveRun): string[] {
  const details: string[] = [];
  if (live.chunks > 0) details.push(`chunk ${Math.max(1, live.chunk)} of ${live.chunks}`);
  if (live.pagesTotal > 0 && live.phase !== 'queued' && live.phase !== 'loading') {
    details.push(`pages read ${live.pagesRead} of ${live.pagesTotal}`);
  }
  return details;
}

/** 0..1 over the passes once planned; null (indeterminate) before. */
export function progressFraction(live: LiveRun): number | null {
  if (live.chunks <= 0) return null;
  return Math.min(1, Math.max(0, (live.chunk - 1) / live.chunks));
}

/** The word the status line shows. A queued run is, to the person, already running. */
export function statusWord(status: RunStatus): 'running' | 'done' | 'failed' | 'cancelled' {
  switch (status) {
    case 'queued':
    case 'running':
      return 'running';
    case 'done':
    case 'failed':
    case 'cancelled':
      return status;
    default:
      return status satisfies never;
  }
}

export interface FailureAdvice {
  readonly title: string;
  /** Show the "Add a model" call to action instead of Retry. */
  readonly needsModel: boolean;
  readonly retry: boolean;
}

export function failureAdvice(code: ErrorCode | null | undefined): FailureAdvice {
  switch (code) {
    case 'no_model':
      return { title: 'No model is installed or chosen.', needsModel: true, retry: false };
    case 'not_found':
      return { title: 'The model or the document could not be found.', needsModel: true, retry: true };
    case 'unsupported_model':
    case 'not_gguf':
    case 'load_failed':
      return { title: 'The model could not be loaded.', needsModel: true, retry: true };
    case 'invalid_adapter':
      return { title: "The profile's adapter does not fit this model.", needsModel: true, retry: true };
    case 'engine_crashed':
      return { title: 'The model stopped unexpectedly.', needsModel: false, retry: true };
    case 'context_overflow':
      return { title: "The text does not fit the model's context.", needsModel: true, retry: true };
    case 'cancelled':
      return { title: 'The summary was cancelled.', needsModel: false, retry: true };
    default:
      return { title: 'The summary failed.', needsModel: false, retry: true };
  }
}

/** The run's own total when it recorded one, else the wall-clock time. */
export function runDurationMs(run: Pick<RunInfo, 'timings' | 'startedAt' | 'finishedAt'>): number | null {
  const total = run.timings['totalMs'];
  if (typeof total === 'number' && Number.isFinite(total)) return total;
  if (!run.finishedAt) return null;
  const ms = Date.parse(run.finishedAt) - Date.parse(run.startedAt);
  return Number.isFinite(ms) && ms >= 0 ? ms : null;
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
}

/** Tokens arrive in small batches; strings are joined once per frame, not per event. */
export class TextBuffer {
  private parts: string[] = [];
  push(text: string): void {
    if (text) this.parts.push(text);
  }
  /** The text received since the last take, or null when nothing came. */
  take(): string | null {
    if (this.parts.length === 0) return null;
    const text = this.parts.join('');
    this.parts = [];
    return text;
  }
}
