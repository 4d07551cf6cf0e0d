// The batch list as pure functions: loaded from `batches:list`, kept current by
// `batches:changed` events (applied in bursts), and summed up for the header's queue
// indicator. No DOM, no React: unit-tested in Node.
import type { BatchInfo } from '../../../../shared/jobs';
import { finishedFiles } from './job-format';

/** Newest first, as people look for the batch they just started. */
export function sortBatches(batches: readonly BatchInfo[]): BatchInfo[] {
  return [...batches].sort((a, b) => b.id - a.id);
}

/** Applies changed batches in order; the last state of a batch wins. Unknown batches are added. */
export function upsertBatches(list: readonly BatchInfo[], changed: readonly BatchInfo[]): BatchInfo[] {
  if (changed.length === 0) return list.slice();
  const byId = new Map(list.map((b) => [b.id, b]));
  for (const batch of changed) byId.set(batch.id, batch);
  return sortBatches([...byId.values()]);
}

/** Adds batches not in the list yet; a listed batch keeps its state (events may be newer). */
export function addMissing(list: readonly BatchInfo[], added: readonly BatchInfo[]): BatchInfo[] {
  const known = new Set(list.map((b) => b.id));
  const fresh = added.filter((b) => !known.has(b.id));
  return fresh.length === 0 ? list.slice() : sortBatches([...list, ...fresh]);
}

export interface QueueSummary {
  /** Batches not finished yet (running or paused). */
  readonly batches: number;
  readonly running: number;
  readonly paused: number;
  /** Files finished (done, failed, cancelled) out of all files of the unfinished batches. */
  readonly finished: number;
  readonly files: number;
  readonly failed: number;
  /** Seconds left over the running batches, null while any running one has no estimate yet. */
  readonly etaSeconds: number | null;
  /** The batch a click on the indicator should show: the oldest running one. */
  readonly focusId: number | null;
}

export function queueSummary(batches: readonly BatchInfo[]): QueueSummary {
  let count = 0;
  let running = 0;
  let paused = 0;
  let finished = 0;
  let files = 0;
  let failed = 0;
  let eta = 0;
  let etaKnown = true;
  let focusId: number | null = null;
  for (const batch of batches) {
    if (batch.state === 'finished') continue;
    count++;
    finished += finishedFiles(batch.counts);
    files += batch.files;
    failed += batch.counts.failed;
    if (batch.state === 'active') {
      running++;
      if (focusId === null || batch.id < focusId) focusId = batch.id;
      // One queue serves every batch, so their remaining times add up.
      if (batch.etaSeconds === null) etaKnown = false;
      else eta += batch.etaSeconds;
    } else {
      paused++;
    }
  }
  if (focusId === null) focusId = batches.find((b) => b.state !== 'finished')?.id ?? null;
  return {
    batches: count,
    running,
    paused,
    finished,
    files,
    failed,
    etaSeconds: running > 0 && etaKnown ? eta : null,
    focusId,
  };
}

/** "Processing 12/300", "Paused 12/300" or null when nothing is queued. */
export function queueHeadline(summary: QueueSummary): string | null {
  if (summary.batches === 0) return null;
  const counts = `${summary.finished.toLocaleString()}/${summary.files.toLocaleString()}`;
  return summary.running > 0 ? `Processing ${counts}` : `Paused ${counts}`;
}
