// The import panel's pure state: progress events, the call's outcomes, and batching.
import { describe, expect, it } from 'vitest';
import type { DocumentRecord, ImportProgress } from '../../shared/domain';
import {
  applyOutcomes,
  applyProgress,
  applyRetryOutcome,
  clearFinished,
  failItems,
  isPdfFile,
  itemProgress,
  markRetrying,
  newItem,
  phaseLabel,
  planBatches,
  setPhase,
  summarize,
} from '../../renderer/src/features/import/import-state';

function progress(over: Partial<ImportProgress>): ImportProgress {
  return { key: 'a', file: 'a.pdf', phase: 'reading', documentId: 1, page: 0, pageCount: 0, error: null, ...over };
}

const doc = (id: number, pageCount = 3): DocumentRecord => ({
  id,
  sha256: 'x',
  title: 'T',
  fileName: 'a.pdf',
  domain: 'other',
  pageCount,
  pagesNeedingOcr: 0,
  bytes: 10,
  metadata: {},
  importedAt: '2025-01-01T00:00:00Z',
  status: 'ready',
  error: null,
});

describe('import state', () => {
  it('moves items along with progress events in order', () => {
    let items = [newItem('a', 'a.pdf'), newItem('b', 'b.pdf')];
    items = setPhase(items, ['a', 'b'], 'queued');
    items = applyProgress(items, [progress({ phase: 'copying' }), progress({ phase: 'reading', page: 2, pageCount: 4 })]);
    expect(items[0]).toMatchObject({ phase: 'reading', page: 2, pageCount: 4, documentId: 1 });
    expect(items[1]!.phase).toBe('queued');
    expect(itemProgress(items[0]!)).toBe(0.5);
    expect(phaseLabel(items[0]!)).toBe('Reading page 2 of 4');
  });

  it('never moves a settled item back, and adds events of unknown keys', () => {
    let items = applyOutcomes([newItem('a', 'a.pdf')], ['a'], [{ kind: 'imported', file: 'a.pdf', document: doc(1) }]);
    items = applyProgress(items, [progress({ phase: 'reading', page: 1, pageCount: 3 })]);
    expect(items[0]!.phase).toBe('done');
    items = applyProgress(items, [progress({ key: 'z', file: 'z.pdf', documentId: null, phase: 'queued' })]);
    expect(items.map((i) => i.key)).toEqual(['a', 'z']);
  });

  it('settles items from outcomes in request order', () => {
    const items = applyOutcomes(
      [newItem('a', 'a.pdf'), newItem('b', 'b.pdf'), newItem('c', 'c.pdf')],
      ['a', 'b', 'c'],
      [
        { kind: 'imported', file: 'a.pdf', document: doc(1, 5) },
        { kind: 'duplicate', file: 'b.pdf', document: doc(2) },
        { kind: 'failed', file: 'c.pdf', documentId: 3, error: { code: 'password_required', message: 'Locked' } },
      ],
    );
    expect(items.map((i) => i.phase)).toEqual(['done', 'duplicate', 'failed']);
    expect(items[0]).toMatchObject({ documentId: 1, pageCount: 5 });
    expect(items[2]).toMatchObject({ documentId: 3, error: { code: 'password_required' } });
    expect(summarize(items)).toEqual({ total: 3, active: 0, imported: 1, duplicates: 1, failed: 1 });
  });

  it('lets a password retry move a failed item again and settles it by document id', () => {
    let items = applyOutcomes([newItem('a', 'a.pdf')], ['a'], [
      { kind: 'failed', file: 'a.pdf', documentId: 7, error: { code: 'password_required', message: 'Locked' } },
    ]);
    items = markRetrying(items, 7, true);
    expect(summarize(items).active).toBe(1);
    // The retry's events carry a key of their own but the same document.
    items = applyProgress(items, [progress({ key: 'retry-1', documentId: 7, phase: 'reading', page: 1, pageCount: 2 })]);
    expect(items).toHaveLength(1);
    expect(items[0]!.phase).toBe('reading');
    items = applyRetryOutcome(items, 7, { kind: 'imported', file: 'a.pdf', document: doc(7, 2) });
    expect(items[0]).toMatchObject({ phase: 'done', retrying: false, error: null });
  });

  it('fails the unsettled items of a call that failed as a whole', () => {
    let items = [newItem('a', 'a.pdf'), newItem('b', 'b.pdf')];
    items = applyOutcomes(items, ['a'], [{ kind: 'imported', file: 'a.pdf', document: doc(1) }]);
    items = failItems(items, ['a', 'b'], { code: 'io_error', message: 'Disk full' });
    expect(items.map((i) => i.phase)).toEqual(['done', 'failed']);
    expect(clearFinished(items)).toEqual([]);
  });

  it('plans batches bounded by count and bytes', () => {
    const files = [5, 5, 5, 50, 1].map((size) => ({ size }));
    expect(planBatches(files, 2, 100).map((b) => b.files.length)).toEqual([2, 2, 1]);
    expect(planBatches(files, 10, 12).map((b) => b.bytes)).toEqual([10, 5, 50, 1]);
    expect(planBatches([{ size: 500 }], 10, 12)).toHaveLength(1);
    expect(planBatches([])).toEqual([]);
  });

  it('recognizes PDFs by type or extension', () => {
    expect(isPdfFile({ name: 'scan.PDF', type: '' })).toBe(true);
    expect(isPdfFile({ name: 'report', type: 'application/pdf' })).toBe(true);
    expect(isPdfFile({ name: 'notes.docx', type: 'application/msword' })).toBe(false);
  });
});
