// Downloads a model only when the user asks: a pinned catalog entry by id, or an https URL the
// user typed (the caller confirms that one first). One GET over https at a time, no retries:
// node-llama-cpp's downloader (ipull) kept resolving and reconnecting for minutes after a
// failure and left timers that kept the CLI alive, so this one is small and bounded instead.
// Every stage ends on its own: connecting (DNS, TCP, TLS, response headers, redirects) within
// `connectTimeoutMs`, a transfer with no new byte for `stallTimeoutMs`, and a cancel at once;
// after the end no request, lookup or timer is left behind. The file grows in
// models/.downloads/ under a name fixed by the source, so a cancelled or broken download
// resumes with a Range request. A finished file must have the exact size and SHA-256 that the
// catalog pins, or, for a source with no published digest, the SHA-256 recorded at its first
// complete download; then it is vetted as GGUF and moved into the library.
// Plain Node: must not import electron.
import { createHash } from 'node:crypto';
import dns from 'node:dns';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../../../shared/errors';
import type { AddModelResult, CatalogEntry, DownloadProgress, DownloadState, ModelRecord } from '../../../../shared/models';
import { CATALOG, findCatalogEntry } from './catalog';
import type { ModelStore } from './model-store';

export interface AddDownloadedOptions {
  readonly catalogId: string | null;
  readonly fileName: string;
  readonly expectedSha256?: string | undefined;
}

/**
 * The library a download lands in (ModelLibrary is one), as narrow as the downloader needs:
 * the library owns the downloader, so this file names what it uses instead of importing it.
 */
export interface DownloadLibrary {
  /** models/: files grow in its .downloads/ folder. */
  readonly dir: string;
  /** Where an unpinned source's first digest is recorded. */
  readonly store: Pick<ModelStore, 'getSetting' | 'setSetting'>;
  list(): Promise<readonly ModelRecord[]>;
  /** Vets a finished file as GGUF against its digest and moves it in. */
  addDownloaded(filePath: string, options: AddDownloadedOptions): Promise<AddModelResult>;
}

export interface ModelDownloadsOptions {
  readonly library: DownloadLibrary;
  readonly catalog?: readonly CatalogEntry[];
  /** Least time between two 'downloading' progress reports. */
  readonly progressIntervalMs?: number;
  /** How far an unpinned download's size may stray from the catalog's approximate size. */
  readonly sizeTolerance?: number;
  /** Connecting (lookup, TLS, headers, each redirect) must finish within this. */
  readonly connectTimeoutMs?: number;
  /** A transfer with no new bytes for this long fails (resumable) instead of hanging. */
  readonly stallTimeoutMs?: number;
  /** Extra trusted certificates (PEM): tests serve https on loopback with their own CA. */
  readonly ca?: string;
}

export interface DownloadOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: DownloadProgress) => void;
}

export type DownloadTarget = { readonly catalogId: string } | { readonly url: string };

interface Source {
  /** What `cancel` and progress events name: the catalog id or the URL. */
  readonly key: string;
  readonly catalogId: string | null;
  readonly url: URL;
  readonly fileName: string;
  readonly bytes?: number | undefined;
  readonly approxBytes?: number | undefined;
  readonly sha256?: string | undefined;
}

const STAGING = '.downloads';
const MAX_REDIRECTS = 5;
/** Where the first complete download of an unpinned source records its digest (settings table). */
const RECORDED_PREFIX = 'download_sha256:';

/** The one check of a typed download URL, before any dialog or request: https, a host, no credentials. */
export function parseDownloadUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('invalid_request', `Not a URL: ${raw.slice(0, 200)}`);
  }
  if (url.protocol !== 'https:') throw new AppError('invalid_request', 'Models download over https only.');
  if (!url.hostname) throw new AppError('invalid_request', 'The URL names no host.');
  if (url.username || url.password) throw new AppError('invalid_request', 'A download URL must not carry a user name or password.');
  url.hash = '';
  return url;
}

export class ModelDownloads {
  private readonly library: DownloadLibrary;
  private readonly catalog: readonly CatalogEntry[];
  private readonly progressIntervalMs: number;
  private readonly sizeTolerance: number;
  private readonly connectTimeoutMs: number;
  private readonly stallTimeoutMs: number;
  private readonly ca: string | undefined;
  private readonly active = new Map<string, AbortController>();
  private readonly inflight = new Set<Promise<unknown>>();

  constructor(options: ModelDownloadsOptions) {
    this.library = options.library;
    this.catalog = options.catalog ?? CATALOG;
    this.progressIntervalMs = options.progressIntervalMs ?? 100;
    this.sizeTolerance = options.sizeTolerance ?? 0.2;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 30_000;
    this.stallTimeoutMs = options.stallTimeoutMs ?? 60_000;
    this.ca = options.ca;
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

  /** The SHA-256 recorded at the first complete download of a source without a published digest. */
  recordedSha256(key: string): string | null {
    return this.library.store.getSetting(RECORDED_PREFIX + key);
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
    const signal = options.signal ? AbortSignal.any([controller.signal, options.signal]) : controller.signal;
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
    const onBytes = (count: number) => {
      downloaded = count;
      // Throttled, with a trailing report so the last figure before a pause is not lost.
      const wait = this.progressIntervalMs - (Date.now() - lastReport);
      if (wait <= 0) report('downloading');
      else trailing ??= setTimeout(() => report('downloading'), wait);
    };

    const partial = path.join(this.stagingDir, `${stagingName(source)}.part`);
    try {
      report('connecting');
      if (signal.aborted) throw cancelled();
      await fs.mkdir(this.stagingDir, { recursive: true });
      const expectedSha256 = source.sha256 ?? this.recordedSha256(source.key) ?? undefined;
      const size = await this.transfer(source, partial, signal, {
        onTotal: (bytes) => {
          total = bytes;
          this.checkSize(source, bytes, 'The server offers');
          report('downloading');
        },
        onBytes,
      });
      downloaded = size;
      total = size;
      report('verifying');
      const result = await this.library.addDownloaded(partial, {
        catalogId: source.catalogId,
        fileName: source.fileName,
        expectedSha256,
      });
      if (!source.sha256 && !expectedSha256) this.library.store.setSetting(RECORDED_PREFIX + source.key, result.model.sha256);
      report('done');
      return result;
    } catch (err) {
      const error = signal.aborted ? cancelled() : toDownloadError(err);
      // A wrong file is not worth resuming; a broken or cancelled transfer is.
      if (error.code !== 'cancelled' && !(error instanceof ResumableError)) await fs.rm(partial, { force: true });
      report(error.code === 'cancelled' ? 'cancelled' : 'failed', error);
      throw error;
    } finally {
      clearTimeout(trailing);
      this.active.delete(source.key);
    }
  }

  /**
   * Fetches `source` into `partial`, resuming what is there; resolves with the file's size once
   * it holds the whole file. Follows https redirects only.
   */
  private async transfer(
    source: Source,
    partial: string,
    signal: AbortSignal,
    on: { onTotal: (bytes: number) => void; onBytes: (bytes: number) => void },
  ): Promise<number> {
    let offset = await fs.stat(partial).then((s) => s.size, () => 0);
    if (source.bytes !== undefined && offset > source.bytes) {
      await fs.rm(partial, { force: true });
      offset = 0;
    }
    let response = await this.connect(source.url, offset, signal);
    if (response.statusCode === 416 && offset > 0) {
      // The partial file does not fit the file on the server any more: start over, once.
      response.resume();
      await fs.rm(partial, { force: true });
      offset = 0;
      response = await this.connect(source.url, 0, signal);
    }
    const status = response.statusCode ?? 0;
    if (status !== 200 && status !== 206) {
      response.resume();
      throw new AppError('download_failed', `The server answered ${status} ${response.statusMessage ?? ''}`.trim() + '.');
    }
    if (status === 200) offset = 0; // the server ignored the Range: the whole file comes again
    const total = totalSize(response, offset);
    if (total === null) {
      response.destroy();
      throw new AppError('download_failed', 'The server did not say how large the file is.');
    }
    try {
      on.onTotal(total);
    } catch (err) {
      response.destroy();
      throw err;
    }

    let received = offset;
    let stallTimer: NodeJS.Timeout | undefined;
    const stall = new AbortController();
    const kick = () => {
      clearTimeout(stallTimer);
      stallTimer = setTimeout(() => stall.abort(), this.stallTimeoutMs);
    };
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        received += chunk.length;
        kick();
        on.onBytes(received);
        done(null, chunk);
      },
    });
    kick();
    try {
      await pipeline(response, count, createWriteStream(partial, { flags: offset > 0 ? 'a' : 'w' }), {
        signal: AbortSignal.any([signal, stall.signal]),
      });
    } catch (err) {
      response.destroy();
      if (signal.aborted) throw cancelled();
      if (stall.signal.aborted) {
        throw new ResumableError(`No data from the server for ${Math.round(this.stallTimeoutMs / 1000)} s. Check the connection and try again; the download resumes where it stopped.`);
      }
      throw new ResumableError(`The connection broke: ${(err as Error).message}. Try again; the download resumes where it stopped.`);
    } finally {
      clearTimeout(stallTimer);
    }
    const size = (await fs.stat(partial)).size;
    if (size < total) throw new ResumableError(`The server ended the download at ${size} of ${total} bytes. Try again; it resumes where it stopped.`);
    if (size > total) throw new AppError('download_failed', `The download has ${size} bytes; the server announced ${total}.`);
    this.checkSize(source, size, 'The downloaded file has');
    return size;
  }

  /**
   * One request, following redirects, until response headers arrive: the connecting stage, with
   * its own time limit. Aborting destroys the request at once; a lookup still running in the
   * resolver is left to finish unheard, and nothing starts after it.
   */
  private connect(start: URL, offset: number, signal: AbortSignal): Promise<IncomingMessage> {
    return new Promise<IncomingMessage>((resolve, reject) => {
      let url = start;
      let hops = 0;
      let settled = false;
      let request: ReturnType<typeof https.get> | undefined;
      const finish = (err: Error | null, response?: IncomingMessage) => {
        if (settled) {
          response?.destroy();
          return;
        }
        settled = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (err) {
          request?.destroy();
          reject(err);
        } else resolve(response!);
      };
      const onAbort = () => finish(cancelled());
      const timer = setTimeout(
        () => finish(new ResumableError(`Could not reach ${url.host} within ${Math.round(this.connectTimeoutMs / 1000)} s. Check the connection and try again.`)),
        this.connectTimeoutMs,
      );
      signal.addEventListener('abort', onAbort, { once: true });
      if (signal.aborted) return onAbort();

      const get = () => {
        request = https.get(url, {
          agent: false, // no pooled socket outlives the download
          headers: { 'user-agent': 'Abstractor', accept: '*/*', ...(offset > 0 ? { range: `bytes=${offset}-` } : {}) },
          ...(this.ca ? { ca: this.ca } : {}),
          // Looked up through dns.lookup at call time, so a guard wrapping it sees every lookup.
          lookup: (host, opts, callback) => dns.lookup(host, opts, callback),
        });
        request.once('error', (err) => finish(toConnectError(err, url)));
        request.once('response', (response) => {
          const status = response.statusCode ?? 0;
          const location = response.headers.location;
          if (status >= 300 && status < 400 && location) {
            response.resume();
            request?.destroy();
            let next: URL;
            try {
              next = new URL(location, url);
            } catch {
              return finish(new AppError('download_failed', 'The server redirected to an invalid address.'));
            }
            if (next.protocol !== 'https:') return finish(new AppError('download_failed', `The server redirected to ${next.protocol}: only https is followed.`));
            if (++hops > MAX_REDIRECTS) return finish(new AppError('download_failed', 'Too many redirects.'));
            url = next;
            return get();
          }
          finish(null, response);
        });
      };
      get();
    });
  }

  private resolveTarget(target: DownloadTarget): Source {
    if ('catalogId' in target) {
      const entry = findCatalogEntry(target.catalogId, this.catalog);
      if (!entry) throw new AppError('not_found', `There is no catalog model "${target.catalogId}".`);
      if (!entry.pinned) {
        throw new AppError(
          'forbidden',
          `"${entry.id}" is not pinned to a commit, size and checksum, so it is not downloaded by id. Download it from its URL instead (${entry.url}), after confirming.`,
        );
      }
      return { key: entry.id, catalogId: entry.id, url: parseDownloadUrl(entry.url), fileName: entry.fileName, bytes: entry.bytes, approxBytes: entry.approxBytes, sha256: entry.sha256 };
    }
    const url = parseDownloadUrl(target.url);
    // The URL of an unpinned catalog entry keeps its catalog id and its approximate size check.
    const entry = this.catalog.find((e) => e.url === url.href);
    if (entry) {
      return { key: entry.id, catalogId: entry.id, url, fileName: entry.fileName, bytes: entry.bytes, approxBytes: entry.approxBytes, sha256: entry.sha256 };
    }
    const base = safeDecode(url.pathname.split('/').pop() ?? '') || 'model.gguf';
    return { key: url.href, catalogId: null, url, fileName: /\.gguf$/i.test(base) ? base : `${base}.gguf` };
  }

  private checkSize(source: Source, size: number, what: string): void {
    if (source.bytes !== undefined) {
      if (size !== source.bytes) throw new AppError('download_failed', `${what} ${size} bytes; the catalog pins exactly ${source.bytes}.`);
      return;
    }
    if (source.approxBytes !== undefined && Math.abs(size - source.approxBytes) > source.approxBytes * this.sizeTolerance) {
      throw new AppError('download_failed', `${what} ${size} bytes; the catalog expects about ${source.approxBytes}. The file may have changed upstream.`);
    }
  }
}

/** A failure that keeps the partial file: the next attempt resumes from it. */
class ResumableError extends AppError {
  constructor(message: string) {
    super('download_failed', message);
  }
}

/** The whole file's size from a 200 or 206 response, or null when the server does not say. */
function totalSize(response: IncomingMessage, offset: number): number | null {
  if (response.statusCode === 206) {
    const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(response.headers['content-range'] ?? '');
    if (!m || Number(m[1]) !== offset) return null;
    return Number(m[3]);
  }
  const length = Number(response.headers['content-length']);
  return Number.isSafeInteger(length) && length > 0 ? length : null;
}

/** One staging name per source, so a second attempt finds the first one's partial file. */
function stagingName(source: Source): string {
  const tag = createHash('sha256').update(source.url.href).digest('hex').slice(0, 12);
  return `${tag}-${source.fileName.replace(/[^\w.\-+]+/g, '_')}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function cancelled(): AppError {
  return new AppError('cancelled', 'The download was cancelled; starting it again resumes it.');
}

function toConnectError(err: Error & { code?: string }, url: URL): ResumableError {
  const reason =
    err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN'
      ? `cannot find ${url.hostname} (no network, or no such host)`
      : err.code === 'ECONNREFUSED'
        ? `${url.host} refused the connection`
        : err.message;
  return new ResumableError(`The download failed: ${reason}.`);
}

function toDownloadError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  return new AppError('download_failed', `The download failed: ${err instanceof Error ? err.message : String(err)}`);
}
