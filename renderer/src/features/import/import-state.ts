// The import panel's state as pure functions: items are added when files are chosen, moved
// along by `import:progress` events (applied in batches), and settled by the call's
// outcomes. No DOM, no React: unit-tested in Node.
import type { ImportOutcome, ImportProgress } from '../../../../shared/domain';
import type { AppErrorData } from '../../../../shared/errors';

/** `preparing`: the renderer is still reading the file from disk. */
export type ImportPhase = 'preparing' | ImportProgress['phase'];

export interface ImportItem {
  readonly key: string;
  readonly file: string;
  readonly phase: ImportPhase;
  readonly page: number;
  readonly pageCount: number;
  readonly documentId: number | null;
  readonly error: AppErrorData | null;
  /** A password retry is running for this item. */
  readonly retrying: boolean;
}

const FINAL: ReadonlySet<ImportPhase> = new Set(['done', 'duplicate', 'failed']);

export function isFinal(phase: ImportPhase): boolean {
  return FINAL.has(phase);
}

export function newItem(key: string, file: string): ImportItem {
  return { key, file, phase: 'preparing', page: 0, pageCount: 0, documentId: null, error: null, retrying: false };
}

function fromProgress(event: ImportProgress, base?: ImportItem): ImportItem {
  return {
    key: base?.key ?? event.key,
    file: event.file || base?.file || '',
    phase: event.phase,
    page: event.page,
    pageCount: event.pageCount,
    documentId: event.documentId ?? base?.documentId ?? null,
    error: event.error,
    retrying: base?.retrying ?? false,
  };
}

/**
 * Applies events in order. A late event never moves a settled item back (events and the
 * call's answer can cross), except while a password retry runs on it. Events for unknown
 * keys come from another window or a retry; a retry's events join the item of its document.
 */
export function applyProgress(items: readonly ImportItem[], events: readonly ImportProgress[]): ImportItem[] {
  if (events.length === 0) return items.slice();
  const next = items.slice();
  const byKey = new Map(next.map((item, i) => [item.key, i]));
  for (const event of events) {
    let index = byKey.get(event.key);
    if (index === undefined && event.documentId !== null) {
      const byDocument = next.findIndex((item) => item.documentId === event.documentId);
      if (byDocument >= 0) index = byDocument;
    }
    if (index === undefined) {
      byKey.set(event.key, next.length);
      next.push(fromProgress(event));
      continue;
    }
    const current = next[index]!;
    if (isFinal(current.phase) && !current.retrying) continue;
    next[index] = fromProgress(event, current);
  }
  return next;
}

export function addItems(items: readonly ImportItem[], added: readonly ImportItem[]): ImportItem[] {
  return [...items, ...added];
}

function settle(item: ImportItem, outcome: ImportOutcome): ImportItem {
  switch (outcome.kind) {
    case 'imported':
      return {
        ...item,
        phase: 'done',
        documentId: outcome.document.id,
        page: outcome.document.pageCount,
        pageCount: outcome.document.pageCount,
        error: null,
        retrying: false,
      };
    case 'duplicate':
      return { ...item, phase: 'duplicate', documentId: outcome.document.id, error: null, retrying: false };
    case 'failed':
      return { ...item, phase: 'failed', documentId: outcome.documentId ?? item.documentId, error: outcome.error, retrying: false };
    default:
      return outcome satisfies never;
  }
}

/** Outcomes come back in the order the files were sent. */
export function applyOutcomes(items: readonly ImportItem[], keys: readonly string[], outcomes: readonly ImportOutcome[]): ImportItem[] {
  const byKey = new Map<string, ImportOutcome>();
  keys.forEach((key, i) => {
    const outcome = outcomes[i];
    if (outcome) byKey.set(key, outcome);
  });
  return items.map((item) => {
    const outcome = byKey.get(item.key);
    return outcome ? settle(item, outcome) : item;
  });
}

export function applyRetryOutcome(items: readonly ImportItem[], documentId: number, outcome: ImportOutcome): ImportItem[] {
  return items.map((item) => (item.documentId === documentId ? settle(item, outcome) : item));
}

export function markRetrying(items: readonly ImportItem[], documentId: number, retrying: boolean): ImportItem[] {
  return items.map((item) => (item.documentId === documentId ? { ...item, retrying } : item));
}

/** The whole call failed (transport error, invalid request): every unsettled item of it fails. */
export function failItems(items: readonly ImportItem[], keys: readonly string[], error: AppErrorData): ImportItem[] {
  const failed = new Set(keys);
  return items.map((item) => (failed.has(item.key) && !isFinal(item.phase) ? { ...item, phase: 'failed', error } : item));
}

export function setPhase(items: readonly ImportItem[], keys: readonly string[], phase: ImportPhase): ImportItem[] {
  const set = new Set(keys);
  return items.map((item) => (set.has(item.key) && item.phase === 'preparing' ? { ...item, phase } : item));
}

export function clearFinished(items: readonly ImportItem[]): ImportItem[] {
  return items.filter((item) => !isFinal(item.phase) || item.retrying);
}

export interface ImportSummary {
  readonly total: number;
  readonly active: number;
  readonly imported: number;
  readonly duplicates: number;
  readonly failed: number;
}

export function summarize(items: readonly ImportItem[]): ImportSummary {
  let active = 0;
  let imported = 0;
  let duplicates = 0;
  let failed = 0;
  for (const item of items) {
    if (item.retrying || !isFinal(item.phase)) active++;
    else if (item.phase === 'done') imported++;
    else if (item.phase === 'duplicate') duplicates++;
    else failed++;
  }
  return { total: items.length, active, imported, duplicates, failed };
}

/** 0..1 for a progress bar, or null while the amount of work is unknown. */
export function itemProgress(item: ImportItem): number | null {
  if (item.phase === 'done' || item.phase === 'duplicate') return 1;
  if (item.phase === 'reading' && item.pageCount > 0) return item.page / item.pageCount;
  return null;
}

export function phaseLabel(item: ImportItem): string {
  switch (item.phase) {
    case 'preparing':
      return 'Reading file…';
    case 'queued':
      return 'Waiting…';
    case 'copying':
      return 'Copying into the archive…';
    case 'reading':
      return item.pageCount > 0 ? `Reading page ${Math.min(item.page, item.pageCount)} of ${item.pageCount}` : 'Reading pages…';
    case 'done':
      return item.pageCount > 0 ? `Imported · ${item.pageCount} ${item.pageCount === 1 ? 'page' : 'pages'}` : 'Imported';
    case 'duplicate':
      return 'Already in the library';
    case 'failed':
      return item.error?.message ?? 'Import failed';
    default:
      return item.phase satisfies never;
  }
}

export function isPdfFile(file: { readonly name: string; readonly type: string }): boolean {
  return file.type === 'application/pdf' || /\.pdf$/i.test(file.name);
}

export interface Batch<T> {
  readonly files: readonly T[];
  readonly bytes: number;
}

/** Splits files into calls small enough to keep memory and the bridge's JSON bounded. */
export function planBatches<T extends { readonly size: number }>(files: readonly T[], maxFiles = 8, maxBytes = 48 * 1024 * 1024): Batch<T>[] {
  const batches: Batch<T>[] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const file of files) {
    if (current.length > 0 && (current.length >= maxFiles || bytes + file.size > maxBytes)) {
      batches.push({ files: current, bytes });
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += file.size;
  }
  if (current.length > 0) batches.push({ files: current, bytes });
  return batches;
}
