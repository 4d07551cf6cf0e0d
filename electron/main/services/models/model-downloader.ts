// Downloads a catalog model (or any http(s) .gguf URL) through node-llama-cpp's downloader,
// only when the user asks. The file grows in models/.downloads/ under a name fixed by the
// source, so an interrupted or cancelled download resumes where it stopped (the downloader
// keeps its progress in the partial file and asks the server for the rest with Range). A
// finished file is checked against the size the server announced and the catalog's size or
// digest, vetted as GGUF, and moved into the library as storage 'downloaded'.
// Plain Node: must not import electron; node-llama-cpp only lazily.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../../shared/errors';
import type { AddModelResult, CatalogEntry, DownloadProgress, DownloadState } from '../../../../shared/models';
import { CATALOG, findCatalogEntry } from './catalog';
import { asAppError } from './model-errors';
import type { ModelLibrary } from './model-library';

export interface ModelDownloadsOptions {
  readonly library: ModelLibrary;
  readonly catalog?: readonly CatalogEntry[];
  /** Least time between two 'downloading' progress reports. */
  readonly progressIntervalMs?: number;
  /** How far the announced size may stray from a catalog entry's approximate size. */
  readonly sizeTolerance?: number;
  /** A download with no new bytes for this long fails (resumable) instead of hanging. */
  readonly stallTimeoutMs?: number;
}

export interface DownloadOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: DownloadProgress) => void;
}

export type DownloadTarget = string | { readonly catalogId?: string | undefined; readonly url?: string | undefined };

interface Resolved {
  readonly key: string;
  readonly catalogId: string | null;
  readonly url: string;
  readonly fileName: string;
  readonly bytes?: number | undefined;
  readonly approxBytes?: number | undefined;
  readonly sha256?: string | undefined;
}

type NlcDownloader = Awaited<ReturnType<typeof import('node-llama-cpp')['createModelDownloader']>>;

const STAGING = '.downloads';

export class ModelDownloads {
  private readonly library: ModelLibrary;
  private readonly catalog: readonly CatalogEntry[];
  private readonly progressIntervalMs: number;
  private readonly sizeTolerance: number;
  private readonly stallTimeoutMs: number;
  private readonly active = new Map<string, AbortController>();
  private readonly inflight = new Set<Promise<unknown>>();

  constructor(options: ModelDownloadsOptions) {
    this.library = options.library;
    this.catalog = options.catalog ?? CATALOG;
    this.progressIntervalMs = options.progressIntervalMs ?? 100;
    this.sizeTolerance = options.sizeTolerance ?? 0.2;
    this.stallTimeoutMs = options.stallTimeoutMs ?? 60_000;
  }

  get stagingDir(): string {
    return path.join(this.library.dir, STAGING);
  }

  /** Keys (catalog ids or URLs) of the downloads running now. */
  get running(): string[] {
    return [...this.active.keys()];
  }

  cancel(key: string): boolean {
    const controller = this.active.get(key);
    if (!controller) return false;
    controller.abort();
    return true;
  }

  /** Aborts every running download and waits for them to stop; partial files stay for a resume. */
  async dispose(): Promise<void> {
    for (const controller of this.active.values()) controller.abort();
    await Promise.allSettled([...this.inflight]);
  }

  download(target: DownloadTarget, options: DownloadOptions = {}): Promise<AddModelResult> {
    const run = this.run(target, options);
    this.inflight.add(run);
    void run.finally(() => this.inflight.delete(run)).catch(() => undefined);
    return run;
  }

  private async run(target: DownloadTarget, options: DownloadOptions): Promise<AddModelResult> {
    const source = this.resolveTarget(target);
    if (this.active.has(source.key)) {
      throw new AppError('invalid_request', `${source.key} is already downloading.`);
    }
    if (source.catalogId) {
      const installed = (await this.library.list()).find((m) => m.catalogId === source.catalogId && !m.missing);
      if (installed) return { model: installed, duplicate: true };
    }

    const controller = new AbortController();
    this.active.set(source.key, controller);
    // The downloader retries a dead connection for minutes without a word: give up after a
    // stall instead, keeping the partial file so the next attempt resumes.
    const stall = new AbortController();
    let stallTimer: NodeJS.Timeout | undefined;
    const kick = () => {
      clearTimeout(stallTimer);
      stallTimer = setTimeout(() => stall.abort(), this.stallTimeoutMs);
    };
    kick();
    const signal = AbortSignal.any([controller.signal, stall.signal, ...(options.signal ? [options.signal] : [])]);
    let downloaded = 0;
    let total = source.bytes ?? source.approxBytes ?? 0;
    let lastReport = 0;
    let trailing: NodeJS.Timeout | undefined;
    const report = (state: DownloadState, error: AppError | null = null) => {
      clearTimeout(trailing);
      trailing = undefined;
      lastReport = Date.now();
      options.onProgress?.({
        key: source.key,
        catalogId: source.catalogId,
        downloadedBytes: downloaded,
        totalBytes: total,
        state,
        error: error ? error.toData() : null,
      });
    };

    let downloader: NlcDownloader | undefined;
    try {
      report('connecting');
      if (signal.aborted) throw cancelled();
      await fs.mkdir(this.stagingDir, { recursive: true });
      const { createModelDownloader } = await import('node-llama-cpp');
      downloader = await untilAborted(
        createModelDownloader({
          modelUri: source.url,
          dirPath: this.stagingDir,
          fileName: stagingName(source),
          skipExisting: true,
          // Keep the partial file on cancel: the next attempt resumes from it.
          deleteTempFileOnCancel: false,
          parallelDownloads: 1,
          showCliProgress: false,
          onProgress: ({ downloadedSize, totalSize }) => {
            if (downloadedSize > downloaded) kick();
            downloaded = downloadedSize;
            if (totalSize > 0) total = totalSize;
            // Throttled, with a trailing report so the last figure before a pause is not lost.
            const wait = this.progressIntervalMs - (Date.now() - lastReport);
            if (wait <= 0) report('downloading');
            else trailing ??= setTimeout(() => report('downloading'), wait);
          },
        }),
        signal,
        (late) => void late.cancel(),
      );
      if (downloader.totalFiles !== 1) {
        throw new AppError('download_failed', 'Split (multi-file) GGUF models are not supported; pick a single-file model.');
      }
      const announced = downloader.totalSize;
      if (announced > 0) {
        total = announced;
        this.checkSize(source, announced, 'The server offers');
      }
      downloaded = downloader.downloadedSize;
      report('downloading');
      await downloader.download({ signal });
      // node-llama-cpp's download resolves (rather than rejects) when it was cancelled midway.
      if (signal.aborted) throw cancelled();

      const file = downloader.entrypointFilePath;
      const size = (await fs.stat(file)).size;
      if (announced > 0 && size !== announced) {
        await fs.rm(file, { force: true });
        throw new AppError('download_failed', `The download ended at ${size} of ${announced} bytes.`);
      }
      downloaded = size;
      total = size;
      try {
        this.checkSize(source, size, 'The downloaded file has');
      } catch (err) {
        await fs.rm(file, { force: true });
        throw err;
      }
      report('verifying');
      const result = await this.library.addDownloaded(file, {
        catalogId: source.catalogId,
        fileName: source.fileName,
        expectedSha256: source.sha256,
      });
      report('done');
      return result;
    } catch (err) {
      const error = stall.signal.aborted
        ? new AppError('download_failed', `No data from the server for ${Math.round(this.stallTimeoutMs / 1000)} s. Check the connection and try again; the download resumes where it stopped.`)
        : signal.aborted
          ? cancelled()
          : toDownloadError(err);
      if (error.code === 'download_failed' && downloader && !signal.aborted) {
        // A wrong file is not worth resuming.
        await downloader.cancel({ deleteTempFile: true }).catch(() => undefined);
      } else if (downloader) {
        await downloader.cancel({ deleteTempFile: false }).catch(() => undefined);
        // The downloader may rename a partial file to its final name when it believes it is
        // nearly done (it counts the last chunk as whole); such a file must not pass for complete.
        if (!(await isIpullPartial(downloader.entrypointFilePath))) {
          await fs.rm(downloader.entrypointFilePath, { force: true });
        }
      }
      report(error.code === 'cancelled' ? 'cancelled' : 'failed', error);
      throw error;
    } finally {
      clearTimeout(trailing);
      clearTimeout(stallTimer);
      this.active.delete(source.key);
    }
  }

  private resolveTarget(target: DownloadTarget): Resolved {
    const spec = typeof target === 'string' ? (/^https?:\/\//i.test(target) ? { url: target } : { catalogId: target }) : target;
    if (spec.catalogId !== undefined) {
      const entry = findCatalogEntry(spec.catalogId, this.catalog);
      if (!entry) throw new AppError('not_found', `There is no catalog model "${spec.catalogId}".`);
      return {
        key: entry.id,
        catalogId: entry.id,
        url: entry.url,
        fileName: entry.fileName,
        bytes: entry.bytes,
        approxBytes: entry.approxBytes,
        sha256: entry.sha256,
      };
    }
    const raw = spec.url ?? '';
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new AppError('invalid_request', `Not a URL: ${raw}`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new AppError('invalid_request', 'Models download over http or https only.');
    }
    const base = decodeURIComponent(url.pathname.split('/').pop() ?? '') || 'model.gguf';
    return { key: url.href, catalogId: null, url: url.href, fileName: /\.gguf$/i.test(base) ? base : `${base}.gguf` };
  }

  private checkSize(source: Resolved, size: number, what: string): void {
    if (source.bytes !== undefined && size !== source.bytes) {
      throw new AppError('download_failed', `${what} ${size} bytes; the catalog expects exactly ${source.bytes}.`);
    }
    if (source.approxBytes !== undefined && Math.abs(size - source.approxBytes) > source.approxBytes * this.sizeTolerance) {
      throw new AppError(
        'download_failed',
        `${what} ${size} bytes; the catalog expects about ${source.approxBytes}. The file may have changed upstream.`,
      );
    }
  }
}

/** Whether the downloader's own partial file (final name + '.ipull') is what is on disk. */
async function isIpullPartial(finalPath: string): Promise<boolean> {
  return fs.stat(`${finalPath}.ipull`).then(
    () => true,
    () => false,
  );
}

/** One staging name per source, so a second attempt finds the first one's partial file. */
function stagingName(source: Resolved): string {
  const tag = createHash('sha256').update(source.url).digest('hex').slice(0, 12);
  return `${tag}-${source.fileName.replace(/[^\w.\-+]+/g, '_')}`;
}

function cancelled(): AppError {
  return new AppError('cancelled', 'The download was cancelled; starting it again resumes it.');
}

function toDownloadError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const mapped = asAppError(err);
  if (mapped.code !== 'internal') return mapped;
  return new AppError('download_failed', `The download failed: ${mapped.message}`);
}

/** Rejects with 'cancelled' as soon as `signal` aborts; a value that arrives later is handed to `late`. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, late: (value: T) => void): Promise<T> {
  if (signal.aborted) {
    promise.then(late, () => undefined);
    return Promise.reject(cancelled());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      promise.then(late, () => undefined);
      reject(cancelled());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) late(value);
        else resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}
