// Model downloads as the renderer tracks them: `models:downloadProgress` events folded into
// one entry per key, with a smoothed speed and an ETA. Pure: no DOM, no React; unit-tested.
import type { AppErrorData } from '../../../../shared/errors';
import type { DownloadProgress, DownloadState } from '../../../../shared/models';

export interface DownloadEntry {
  readonly key: string;
  readonly catalogId: string | null;
  readonly state: DownloadState;
  readonly downloadedBytes: number;
  readonly totalBytes: number;
  readonly error: AppErrorData | null;
  /** Bytes per second, smoothed; null until two samples are far enough apart. */
  readonly speed: number | null;
  /** The last sample the speed was computed from. */
  readonly sampleAt: number;
  readonly sampleBytes: number;
}

export type Downloads = ReadonlyMap<string, DownloadEntry>;

export const ACTIVE_STATES: ReadonlySet<DownloadState> = new Set(['connecting', 'downloading', 'verifying']);

/** Samples closer than this are too noisy to measure a speed from. */
const MIN_SAMPLE_MS = 400;
/** Weight of the newest measurement in the moving average. */
const SMOOTHING = 0.3;

export function isActive(entry: DownloadEntry | undefined): boolean {
  return !!entry && ACTIVE_STATES.has(entry.state);
}

export function applyDownloadEvent(downloads: Downloads, event: DownloadProgress, now: number): Downloads {
  const next = new Map(downloads);
  next.set(event.key, foldEvent(downloads.get(event.key), event, now));
  return next;
}

export function applyDownloadEvents(downloads: Downloads, events: readonly DownloadProgress[], now: number): Downloads {
  if (events.length === 0) return downloads;
  const next = new Map(downloads);
  for (const event of events) next.set(event.key, foldEvent(next.get(event.key), event, now));
  return next;
}

function foldEvent(previous: DownloadEntry | undefined, event: DownloadProgress, now: number): DownloadEntry {
  const base = {
    key: event.key,
    catalogId: event.catalogId,
    state: event.state,
    downloadedBytes: event.downloadedBytes,
    totalBytes: event.totalBytes,
    error: event.error,
  };
  // A fresh start (or a resume after a stop) measures its speed anew.
  if (!previous || !isActive(previous) || event.downloadedBytes < previous.sampleBytes) {
    return { ...base, speed: null, sampleAt: now, sampleBytes: event.downloadedBytes };
  }
  const elapsed = now - previous.sampleAt;
  if (elapsed < MIN_SAMPLE_MS) {
    return { ...base, speed: previous.speed, sampleAt: previous.sampleAt, sampleBytes: previous.sampleBytes };
  }
  const measured = ((event.downloadedBytes - previous.sampleBytes) * 1000) / elapsed;
  const speed = previous.speed === null ? measured : previous.speed * (1 - SMOOTHING) + measured * SMOOTHING;
  return { ...base, speed, sampleAt: now, sampleBytes: event.downloadedBytes };
}

/** Marks a download as started before its first event arrives (the button reacts at once). */
export function markStarting(downloads: Downloads, key: string, catalogId: string | null, now: number): Downloads {
  const previous = downloads.get(key);
  const next = new Map(downloads);
  next.set(key, {
    key,
    catalogId,
    state: 'connecting',
    downloadedBytes: previous?.downloadedBytes ?? 0,
    totalBytes: previous?.totalBytes ?? 0,
    error: null,
    speed: null,
    sampleAt: now,
    sampleBytes: previous?.downloadedBytes ?? 0,
  });
  return next;
}

/** Settles a download from the call's answer, in case its last event was lost or never sent. */
export function settle(downloads: Downloads, key: string, state: 'done' | 'failed' | 'cancelled', error: AppErrorData | null): Downloads {
  const previous = downloads.get(key);
  if (!previous) return downloads;
  const next = new Map(downloads);
  next.set(key, { ...previous, state, error: state === 'failed' ? (error ?? previous.error) : null, speed: null });
  return next;
}

export function fraction(entry: Pick<DownloadEntry, 'downloadedBytes' | 'totalBytes'>): number | null {
  return entry.totalBytes > 0 ? Math.min(1, entry.downloadedBytes / entry.totalBytes) : null;
}

/** Seconds left at the current speed, or null when unknown. */
export function etaSeconds(entry: DownloadEntry): number | null {
  if (entry.speed === null || entry.speed <= 0 || entry.totalBytes <= 0) return null;
  return Math.max(0, (entry.totalBytes - entry.downloadedBytes) / entry.speed);
}

export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
