// A batch's summary from its job rows: per-file chains, states, progress weighted by the
// measured cost of each kind of step, and an ETA only once there is something measured.
import { describe, expect, it } from 'vitest';
import type { JobKind, JobState } from '../../shared/jobs';
import { describeBatch } from '../../electron/main/services/jobs/batches';
import type { BatchRow, JobRecord } from '../../electron/main/services/jobs/job-store';

const BATCH: BatchRow = { id: 1, label: 'inbox', template: 'contract', summarize: false, modelPath: null, createdAt: '2026-01-01T00:00:00.000Z' };

let nextId = 1;
function job(kind: JobKind, state: JobState, extra: Partial<JobRecord> = {}, root?: number): JobRecord {
  const id = nextId++;
  return {
    id,
    batchId: 1,
    kind,
    state,
    priority: 0,
    label: `file-${root ?? id}.pdf`,
    documentId: null,
    done: 0,
    total: 0,
    attempts: state === 'queued' ? 0 : 1,
    error: null,
    result: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    payload: kind === 'import' ? { name: `file-${id}.pdf` } : { importJobId: root },
    ...extra,
  };
}

const timed = (seconds: number) => ({ startedAt: '2026-01-01T00:00:00.000Z', finishedAt: new Date(Date.parse('2026-01-01T00:00:00.000Z') + seconds * 1000).toISOString() });

describe('describeBatch', () => {
  it('counts files, not jobs, and reports each file at its current step', () => {
    nextId = 1;
    const a = job('import', 'done', { documentId: 10, ...timed(2) });
    const aExtract = job('extract', 'running', { documentId: 10, done: 11, total: 44 }, a.id);
    const b = job('import', 'failed', { error: { code: 'password_required', message: 'locked' } });
    const c = job('import', 'queued');
    const { batch, files } = describeBatch(BATCH, [a, aExtract, b, c], 2);
    expect(batch.files).toBe(3);
    expect(batch.counts).toMatchObject({ working: 1, failed: 1, waiting: 1, done: 0 });
    expect(batch.state).toBe('active');
    expect(files.map((f) => [f.file, f.state, f.step])).toEqual([
      ['file-1.pdf', 'working', 'extract'],
      ['file-3.pdf', 'failed', 'import'],
      ['file-4.pdf', 'waiting', 'import'],
    ]);
    expect(files[1]!.error?.code).toBe('password_required');
    expect(files[0]!.jobIds).toEqual([1, 2]);
    expect(batch.progress).toBeGreaterThan(0);
    expect(batch.progress).toBeLessThan(1);
  });

  it('weights model steps by their measured time and estimates the time left', () => {
    nextId = 1;
    const a = job('import', 'done', { documentId: 1, ...timed(1) });
    const aExtract = job('extract', 'done', { documentId: 1, ...timed(100) }, a.id);
    const b = job('import', 'done', { documentId: 2, ...timed(1) });
    const bExtract = job('extract', 'queued', { documentId: 2 }, b.id);
    const { batch } = describeBatch(BATCH, [a, aExtract, b, bExtract], 2);
    // Two imports and one extraction of ~100 s done, one extraction of ~100 s left.
    expect(batch.progress).toBeCloseTo(102 / 202, 2);
    expect(batch.etaSeconds).toBe(100);
  });

  it('is finished, at 100 %, with no ETA left when every file is done, failed or cancelled', () => {
    nextId = 1;
    const a = job('import', 'done', { documentId: 1, ...timed(1) });
    const aExtract = job('extract', 'done', { documentId: 1, ...timed(5) }, a.id);
    const b = job('import', 'failed', { error: { code: 'corrupt_pdf', message: 'bad' } });
    const c = job('import', 'cancelled');
    const { batch } = describeBatch(BATCH, [a, aExtract, b, c], 2);
    expect(batch.state).toBe('finished');
    expect(batch.progress).toBe(1);
    expect(batch.etaSeconds).toBe(0);
    expect(batch.counts).toMatchObject({ done: 1, failed: 1, cancelled: 1 });
  });

  it('has no ETA before anything was measured, and is paused when only paused work is left', () => {
    nextId = 1;
    expect(describeBatch(BATCH, [job('import', 'queued')], 2).batch.etaSeconds).toBeNull();
    nextId = 1;
    const paused = describeBatch(BATCH, [job('import', 'paused')], 2).batch;
    expect(paused.state).toBe('paused');
    expect(paused.counts.paused).toBe(1);
  });
});
