// The summary panel's pure logic: default profiles, the live run folded from events, labels,
// and the token buffer that joins text once per frame.
import { describe, expect, it } from 'vitest';
import type { SummaryProgress } from '../../shared/summaries';
import { navigationReducer, initialNavigation, currentRoute, MODELS } from '../../renderer/src/app/routes';
import {
  applyDone,
  applyProgress,
  defaultProfile,
  failureAdvice,
  formatMs,
  liveFromInfo,
  newLiveRun,
  phaseLabel,
  progressDetails,
  progressFraction,
  runDurationMs,
  statusWord,
  TextBuffer,
} from '../../renderer/src/features/summaries/summary-state';

const progress = (over: Partial<SummaryProgress>): SummaryProgress => ({
  runId: 7,
  phase: 'summarizing',
  chunk: 2,
  chunks: 5,
  pagesRead: 12,
  pagesTotal: 40,
  ...over,
});

describe('summary state', () => {
  it('defaults the profile from the document domain', () => {
    expect(defaultProfile('medical')).toBe('clinical');
    expect(defaultProfile('legal')).toBe('legal');
    expect(defaultProfile('other')).toBe('general');
    expect(defaultProfile(null)).toBe('general');
  });

  it('folds progress and done events of its own run only', () => {
    let live = newLiveRun(7, 40);
    expect(progressFraction(live)).toBeNull();
    expect(progressDetails(live)).toEqual([]);
    live = applyProgress(live, progress({ runId: 8 }));
    expect(live.phase).toBe('queued');
    live = applyProgress(live, progress({}));
    expect(live).toMatchObject({ status: 'running', phase: 'summarizing', chunk: 2, chunks: 5 });
    expect(progressDetails(live)).toEqual(['chunk 2 of 5', 'pages read 12 of 40']);
    expect(progressFraction(live)).toBeCloseTo(0.2);
    live = applyDone(live, 7, 'cancelled');
    expect(live.status).toBe('cancelled');
    // A late progress event never reopens an ended run.
    expect(applyProgress(live, progress({ chunk: 3 })).status).toBe('cancelled');
  });

  it('says it waits only while the scheduler says so, and for whom', () => {
    let live = newLiveRun(7, 40);
    // Queued with no wait: nothing to claim.
    expect(phaseLabel(live)).toBe('Starting');
    const behind = { runId: 4, kind: 'extraction' as const, documentId: 2, title: 'Contract 1', priority: 'batch' as const };
    live = applyProgress(live, progress({ phase: 'queued', wait: { position: 1, behind } }));
    expect(phaseLabel(live)).toBe('Waiting for the extraction from “Contract 1” (next in line)');
    live = applyProgress(live, progress({ phase: 'summarizing', wait: null }));
    expect(phaseLabel(live)).toBe('Summarizing');
  });

  it('follows a run found in progress in the history', () => {
    expect(liveFromInfo({ id: 3, status: 'running', pagesRead: 4, pagesTotal: 9 })).toMatchObject({ runId: 3, phase: 'reading', pagesRead: 4 });
  });

  it('labels statuses, failures and durations', () => {
    expect(statusWord('queued')).toBe('running');
    expect(statusWord('failed')).toBe('failed');
    expect(failureAdvice('no_model')).toMatchObject({ needsModel: true, retry: false });
    expect(failureAdvice('engine_crashed')).toMatchObject({ needsModel: false, retry: true });
    expect(formatMs(420)).toBe('420 ms');
    expect(formatMs(4200)).toBe('4.2 s');
    expect(formatMs(125_000)).toBe('2 min 05 s');
    expect(runDurationMs({ timings: { totalMs: 1234 }, startedAt: '', finishedAt: null })).toBe(1234);
    expect(runDurationMs({ timings: {}, startedAt: '2025-01-01T00:00:00Z', finishedAt: '2025-01-01T00:00:03Z' })).toBe(3000);
    expect(runDurationMs({ timings: {}, startedAt: '2025-01-01T00:00:00Z', finishedAt: null })).toBeNull();
  });

  it('buffers token text between frames', () => {
    const buffer = new TextBuffer();
    expect(buffer.take()).toBeNull();
    buffer.push('{"sec');
    buffer.push('');
    buffer.push('tions"');
    expect(buffer.take()).toBe('{"sections"');
    expect(buffer.take()).toBeNull();
  });
});

describe('models route', () => {
  it('opens the Models screen once however often it is asked for', () => {
    let state = navigationReducer(initialNavigation, { type: 'push', route: MODELS });
    state = navigationReducer(state, { type: 'push', route: MODELS });
    expect(state.stack).toHaveLength(2);
    expect(currentRoute(state)).toEqual({ view: 'models' });
  });
});
