// The Batches screen's pure parts: ETA and percent, per-file badges and details, the batch
// list kept current by events, the header's queue summary, the throttle, pasted paths.
import { describe, expect, it } from 'vitest';
import type { BatchInfo, JobInfo } from '../../shared/jobs';
import { addMissing, queueHeadline, queueSummary, upsertBatches } from '../../renderer/src/features/jobs/batch-state';
import {
  baseName,
  batchPercent,
  batchStateLabel,
  batchSteps,
  fileBadge,
  fileDetail,
  formatEta,
  jobProgressText,
  matchesFilter,
  parsePaths,
  runningJob,
} from '../../renderer/src/features/jobs/job-format';
import { throttle, type Clock } from '../../renderer/src/features/jobs/throttle';
import { navigationReducer, initialNavigation, currentRoute } from '../../renderer/src/app/routes';

function batch(id: number, over: Partial<BatchInfo> = {}): BatchInfo {
  return {
    id,
    label: `Batch ${id}`,
    template: null,
    summarize: false,
    createdAt: '2025-01-01T00:00:00.000Z',
    state: 'active',
    files: 10,
    counts: { waiting: 5, working: 1, paused: 0, done: 3, failed: 1, cancelled: 0, retryable: 0, needsPassword: 0 },
    progress: 0.4,
    etaSeconds: 600,
    ...over,
  };
}

function job(id: number, over: Partial<JobInfo> = {}): JobInfo {
  return {
    id,
    batchId: 1,
    kind: 'import',
    state: 'running',
    priority: 0,
    label: 'a.pdf',
    documentId: null,
    done: 3,
    total: 12,
    attempts: 1,
    error: null,
    result: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    ...over,
  };
}

describe('formatEta', () => {
  it('says nothing without an estimate', () => {
    expect(formatEta(null)).toBeNull();
    expect(formatEta(undefined)).toBeNull();
    expect(formatEta(Number.NaN)).toBeNull();
    expect(formatEta(-5)).toBeNull();
  });
  it('rounds to what a person wants to read', () => {
    expect(formatEta(0)).toBe('less than a minute left');
    expect(formatEta(44)).toBe('less than a minute left');
    expect(formatEta(45)).toBe('about 1 min left');
    expect(formatEta(12 * 60 + 10)).toBe('about 12 min left');
    expect(formatEta(59 * 60)).toBe('about 59 min left');
    expect(formatEta(60 * 60)).toBe('about 1 h left');
    expect(formatEta(80 * 60)).toBe('about 1 h 20 min left');
    expect(formatEta(6 * 3600 + 17 * 60)).toBe('about 6 h left');
  });
  it('has a compact form for the header', () => {
    expect(formatEta(10, { compact: true })).toBe('< 1 min left');
    expect(formatEta(40 * 60, { compact: true })).toBe('40 min left');
    expect(formatEta(80 * 60, { compact: true })).toBe('1 h 20 min left');
  });
});

describe('batchPercent', () => {
  it('rounds down and reaches 100 only when finished', () => {
    expect(batchPercent({ progress: 0.426, state: 'active' })).toBe(42);
    expect(batchPercent({ progress: 0.999, state: 'active' })).toBe(99);
    expect(batchPercent({ progress: 1, state: 'active' })).toBe(99);
    expect(batchPercent({ progress: 1, state: 'finished' })).toBe(100);
    expect(batchPercent({ progress: 0.3, state: 'finished' })).toBe(100);
    expect(batchPercent({ progress: -1, state: 'paused' })).toBe(0);
  });
});

describe('per-file state', () => {
  it('maps every state to a badge', () => {
    expect(fileBadge('waiting')).toEqual({ tone: 'neutral', label: 'Waiting' });
    expect(fileBadge('working')).toEqual({ tone: 'accent', label: 'Working' });
    expect(fileBadge('paused')).toEqual({ tone: 'warning', label: 'Paused' });
    expect(fileBadge('done')).toEqual({ tone: 'success', label: 'Done' });
    expect(fileBadge('failed')).toEqual({ tone: 'danger', label: 'Failed' });
    expect(fileBadge('cancelled')).toEqual({ tone: 'neutral', label: 'Cancelled' });
  });
  it('describes the step and the error in words, without its code', () => {
    expect(fileDetail({ state: 'working', step: 'extract', error: null })).toBe('Extracting fields…');
    expect(fileDetail({ state: 'waiting', step: 'import', error: null })).toBe('Waiting to be imported');
    expect(fileDetail({ state: 'waiting', step: 'summarize', error: null })).toBe('Waiting · next: Summarize');
    expect(fileDetail({ state: 'failed', step: 'import', error: { code: 'not_pdf', message: 'This file is not a PDF.' } })).toBe(
      'Import failed · This file is not a PDF.',
    );
    // A protected PDF says which way it waits for its password.
    expect(fileDetail({ state: 'failed', step: 'import', error: { code: 'password_incorrect', message: 'The password is incorrect.' } })).toBe(
      'Wrong password · The password is incorrect.',
    );
    expect(fileDetail({ state: 'failed', step: 'import', error: { code: 'password_required', message: 'This PDF is protected by a password.' } })).toBe(
      'Needs a password · This PDF is protected by a password.',
    );
  });
  it('filters by state, and the files waiting for a password', () => {
    expect(matchesFilter({ state: 'cancelled', error: null }, 'failed')).toBe(true);
    expect(matchesFilter({ state: 'paused', error: null }, 'unfinished')).toBe(true);
    expect(matchesFilter({ state: 'done', error: null }, 'unfinished')).toBe(false);
    expect(matchesFilter({ state: 'working', error: null }, 'all')).toBe(true);
    const locked = { state: 'failed', error: { code: 'password_incorrect', message: 'The password is incorrect.' } } as const;
    expect(matchesFilter(locked, 'password')).toBe(true);
    expect(matchesFilter(locked, 'failed')).toBe(true);
    expect(matchesFilter({ state: 'failed', error: { code: 'not_pdf', message: 'Not a PDF.' } }, 'password')).toBe(false);
    expect(matchesFilter({ state: 'working', error: null }, 'password')).toBe(false);
  });
  it('shows the running job of a file with its progress', () => {
    const jobs = new Map([
      [1, job(1, { state: 'done' })],
      [2, job(2, { kind: 'extract', done: 2, total: 5 })],
    ]);
    const running = runningJob([1, 2, 3], jobs);
    expect(running?.id).toBe(2);
    expect(jobProgressText(running!)).toBe('2 of 5');
    expect(jobProgressText(job(3))).toBe('page 3 of 12');
    expect(jobProgressText(job(4, { total: 0 }))).toBeNull();
  });
});

describe('batch labels', () => {
  it('names the steps and the state', () => {
    expect(batchSteps({ template: 'contract', summarize: true })).toBe('Import → Extract (contract) → Summarize');
    expect(batchSteps({ template: null, summarize: false })).toBe('Import');
    expect(batchStateLabel(batch(1, { state: 'finished', counts: { waiting: 0, working: 0, paused: 0, done: 2, failed: 1, cancelled: 0, retryable: 0, needsPassword: 0 } })).tone).toBe('danger');
    expect(batchStateLabel(batch(1, { state: 'finished', counts: { waiting: 0, working: 0, paused: 0, done: 3, failed: 0, cancelled: 0, retryable: 0, needsPassword: 0 } }))).toEqual({
      tone: 'success',
      label: 'Finished',
    });
  });
});

describe('batch list', () => {
  it('applies changes in order, newest batch first', () => {
    const list = [batch(1), batch(2)];
    const next = upsertBatches(list, [batch(1, { progress: 0.5 }), batch(3), batch(1, { progress: 0.6 })]);
    expect(next.map((b) => b.id)).toEqual([3, 2, 1]);
    expect(next.find((b) => b.id === 1)?.progress).toBe(0.6);
    // Unchanged batches keep their identity (memoized cards do not re-render).
    expect(next.find((b) => b.id === 2)).toBe(list[1]);
  });
  it('adds a started batch without overwriting what events already said', () => {
    const list = [batch(2, { progress: 0.8 })];
    expect(addMissing(list, [batch(2, { progress: 0 })])[0]?.progress).toBe(0.8);
    expect(addMissing(list, [batch(5)]).map((b) => b.id)).toEqual([5, 2]);
  });
});

describe('queue summary', () => {
  it('is empty when every batch is finished', () => {
    const summary = queueSummary([batch(1, { state: 'finished' })]);
    expect(summary.batches).toBe(0);
    expect(queueHeadline(summary)).toBeNull();
  });
  it('adds up the unfinished batches and their time left', () => {
    const summary = queueSummary([
      batch(3, { files: 300, counts: { waiting: 280, working: 2, paused: 0, done: 10, failed: 2, cancelled: 0, retryable: 0, needsPassword: 0 }, etaSeconds: 1800 }),
      batch(2, { etaSeconds: 600 }),
      batch(1, { state: 'finished' }),
    ]);
    expect(summary).toMatchObject({ batches: 2, running: 2, finished: 16, files: 310, etaSeconds: 2400, focusId: 2 });
    expect(queueHeadline(summary)).toBe('Processing 16/310');
  });
  it('has no ETA while a running batch has none, and says paused when nothing runs', () => {
    expect(queueSummary([batch(1), batch(2, { etaSeconds: null })]).etaSeconds).toBeNull();
    const paused = queueSummary([batch(4, { state: 'paused' })]);
    expect(paused).toMatchObject({ running: 0, paused: 1, etaSeconds: null, focusId: 4 });
    expect(queueHeadline(paused)).toBe('Paused 4/10');
  });
});

describe('throttle', () => {
  function fakeClock() {
    let now = 0;
    const timers: { at: number; fn: () => void; id: number }[] = [];
    let nextId = 1;
    const clock: Clock = {
      now: () => now,
      setTimeout: (fn, ms) => {
        const id = nextId++;
        timers.push({ at: now + ms, fn, id });
        return id;
      },
      clearTimeout: (id) => {
        const i = timers.findIndex((t) => t.id === id);
        if (i >= 0) timers.splice(i, 1);
      },
    };
    const advance = (ms: number) => {
      now += ms;
      for (const timer of timers.filter((t) => t.at <= now)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.fn();
      }
    };
    return { clock, advance };
  }

  it('runs at once, then at most once per interval', () => {
    const { clock, advance } = fakeClock();
    let runs = 0;
    const t = throttle(() => runs++, 500, clock);
    t();
    expect(runs).toBe(1);
    t();
    t();
    t();
    expect(runs).toBe(1);
    advance(499);
    expect(runs).toBe(1);
    advance(1);
    expect(runs).toBe(2);
    advance(1000);
    expect(runs).toBe(2);
    t();
    expect(runs).toBe(3);
  });
  it('drops a pending run when cancelled', () => {
    const { clock, advance } = fakeClock();
    let runs = 0;
    const t = throttle(() => runs++, 500, clock);
    t();
    t();
    t.cancel();
    advance(1000);
    expect(runs).toBe(1);
  });
});

describe('paths and navigation', () => {
  it('reads pasted paths one per line', () => {
    expect(parsePaths(' /a/b \n\n"/c d/e.pdf"\r\n/a/b\n')).toEqual(['/a/b', '/c d/e.pdf']);
    expect(baseName('/home/me/Scans/')).toBe('Scans');
    expect(baseName('C:\\Records\\2024')).toBe('2024');
  });
  it('switching batches inside the Batches screen replaces the entry', () => {
    let state = navigationReducer(initialNavigation, { type: 'push', route: { view: 'batches', batchId: null } });
    state = navigationReducer(state, { type: 'push', route: { view: 'batches', batchId: 4 } });
    expect(state.stack).toHaveLength(2);
    expect(currentRoute(state)).toEqual({ view: 'batches', batchId: 4 });
  });
});
