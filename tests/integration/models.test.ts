// The model library end to end: real GGUF files (generated), real SQLite, node-llama-cpp's real
// downloader against a loopback HTTP server (127.0.0.1, random port) that honours Range and can
// drop or stall a transfer midway. No test touches the internet.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import type { CatalogEntry, DownloadProgress } from '../../shared/models';
import { CATALOG } from '../../electron/main/services/models/catalog';
import { ModelDownloads } from '../../electron/main/services/models/model-downloader';
import { ModelLibrary } from '../../electron/main/services/models/model-library';
import { ensureRandomModel, ensureTinyModel, TINY_MODEL_OPTIONS, writeHeaderOnlyGguf } from '../fixtures/gguf-writer';
import { textPdf } from '../fixtures/pdfs';
import { json, runCli as cli } from '../helpers/run-cli';
import { openTempArchive, removeDir, tempDir, type TempArchive } from '../helpers/temp-archive';

const CHUNK = 5 * 1024 * 1024; // node-llama-cpp's downloader (ipull) saves progress per 5 MiB chunk

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => {
      throw new Error('expected a rejection, but the call succeeded');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

// ------------------------------------------------------------------------------------------------
// A loopback file server

// The downloader fetches 5 MiB chunks over parallel ranged requests and records each finished
// chunk in its partial file; a retry or a resume asks again from the start of an unfinished chunk.
type Behaviour =
  | { kind: 'normal' }
  /** The first ranged request sends `after` bytes, then the connection is cut. */
  | { kind: 'drop'; after: number }
  /** Ranged requests that do not start at 0 send `after` bytes, then go silent. */
  | { kind: 'stall'; after: number };

interface Served {
  method: string;
  dropped?: boolean;
  path: string;
  range: { start: number; end: number } | null;
  bytesSent: number;
}

interface FileServer {
  readonly base: string;
  readonly requests: Served[];
  behaviour: Behaviour;
  files: Map<string, Buffer>;
  /** Sends a different Content-Length than the file has (for the size check). */
  close(): Promise<void>;
}

async function startServer(files: Record<string, Buffer>): Promise<FileServer> {
  const state = {
    requests: [] as Served[],
    behaviour: { kind: 'normal' } as Behaviour,
    files: new Map(Object.entries(files)),
    misbehaved: false,
  };
  const server = http.createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(1));
    const data = state.files.get(name);
    const rangeHeader = req.headers.range;
    const served: Served = { method: req.method ?? 'GET', path: name, range: null, bytesSent: 0 };
    state.requests.push(served);
    if (!data) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    let start = 0;
    let end = data.length - 1;
    const m = rangeHeader ? /^bytes=(\d+)-(\d*)$/.exec(rangeHeader) : null;
    if (m) {
      start = Number(m[1]);
      end = m[2] ? Math.min(Number(m[2]), data.length - 1) : data.length - 1;
      if (start > end) {
        res.writeHead(416, { 'content-range': `bytes */${data.length}` }).end();
        return;
      }
      served.range = { start, end };
      res.writeHead(206, {
        'accept-ranges': 'bytes',
        'content-type': 'application/octet-stream',
        'content-length': String(end - start + 1),
        'content-range': `bytes ${start}-${end}/${data.length}`,
      });
    } else {
      res.writeHead(200, {
        'accept-ranges': 'bytes',
        'content-type': 'application/octet-stream',
        'content-length': String(data.length),
      });
    }
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const b = state.behaviour;
    const misbehave =
      served.range !== null &&
      ((b.kind === 'drop' && !state.misbehaved) || (b.kind === 'stall' && start > 0)) &&
      b.after < end - start + 1;
    if (misbehave) {
      state.misbehaved = true;
      const part = data.subarray(start, start + b.after);
      served.bytesSent = part.length;
      served.dropped = b.kind === 'drop';
      res.write(part, () => {
        if (b.kind === 'drop') res.socket?.destroy();
        // 'stall': say nothing more; close() or the client ends it.
      });
      return;
    }
    const body = data.subarray(start, end + 1);
    served.bytesSent = body.length;
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    get behaviour() {
      return state.behaviour;
    },
    set behaviour(value: Behaviour) {
      state.behaviour = value;
      state.misbehaved = false;
    },
    get files() {
      return state.files;
    },
    set files(value: Map<string, Buffer>) {
      state.files = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function catalogEntry(over: Partial<CatalogEntry> & Pick<CatalogEntry, 'id' | 'url' | 'fileName' | 'approxBytes'>): CatalogEntry {
  return {
    name: 'Test model',
    family: 'llama',
    sizeClass: '0.5b',
    parameters: '3M',
    domain: 'general',
    quantization: 'Q8_0',
    ramBytes: 100_000_000,
    contextLength: 2048,
    license: 'test',
    notes: '',
    ...over,
  };
}

// ------------------------------------------------------------------------------------------------

let tinyPath: string;
let scratch: string;

beforeAll(async () => {
  tinyPath = await ensureTinyModel();
  scratch = tempDir('abstractor-models-');
});

afterAll(() => removeDir(scratch));

describe('model library', () => {
  let archive: TempArchive;
  let library: ModelLibrary;

  beforeEach(async () => {
    archive = await openTempArchive();
    library = archive.services.models;
  });

  afterEach(async () => {
    await archive.dispose();
  });

  it('starts empty: no model is not an error until a run needs one', async () => {
    expect(await library.list()).toEqual([]);
    expect(await library.getActive()).toBeNull();
    const err = await rejection(library.resolve());
    expect(err.code).toBe('no_model');
  });

  it('copies a model into models/, reads its header, and makes the first model active', async () => {
    const { model, duplicate } = await library.addFromFile(tinyPath, { mode: 'copy' });
    expect(duplicate).toBe(false);
    expect(model).toMatchObject({
      storage: 'copied',
      architecture: 'llama',
      quantization: 'F32',
      contextLength: TINY_MODEL_OPTIONS.contextLength,
      hasChatTemplate: true,
      catalogId: null,
      active: true,
      missing: false,
      name: 'abstractor-random-llama',
    });
    expect(model.parameters).toBeGreaterThan(100_000);
    expect(path.dirname(model.path)).toBe(archive.services.layout.models);
    const original = fs.readFileSync(tinyPath);
    expect(model.sha256).toBe(sha256(original));
    expect(model.bytes).toBe(original.length);
    expect(sha256(fs.readFileSync(model.path))).toBe(model.sha256);
    // No temp file left behind.
    expect(fs.readdirSync(archive.services.layout.models).filter((n) => n.startsWith('.incoming'))).toEqual([]);

    const ref = await library.resolve();
    expect(ref).toEqual({ id: model.id, path: model.path, sha256: model.sha256, name: model.name, contextLength: 2048 });
  });

  it('references a model in place, and detects duplicates by content', async () => {
    const { model } = await library.addFromFile(tinyPath, { mode: 'reference' });
    expect(model.storage).toBe('referenced');
    expect(model.path).toBe(path.resolve(tinyPath));

    const copyOfSameFile = path.join(scratch, 'renamed-copy.gguf');
    fs.copyFileSync(tinyPath, copyOfSameFile);
    const again = await library.addFromFile(copyOfSameFile, { mode: 'copy' });
    expect(again.duplicate).toBe(true);
    expect(again.model.id).toBe(model.id);
    expect(await library.list()).toHaveLength(1);
    // The duplicate was not copied in.
    expect(fs.readdirSync(archive.services.layout.models).filter((n) => n.endsWith('.gguf'))).toEqual([]);
  });

  it('refuses files that are not GGUF: a text file and a PDF', async () => {
    const text = path.join(scratch, 'notes.gguf');
    fs.writeFileSync(text, 'These are not model weights.\n');
    const pdf = path.join(scratch, 'chart.pdf');
    fs.writeFileSync(pdf, textPdf({ pages: [['Patient chart']] }));
    for (const file of [text, pdf]) {
      for (const mode of ['copy', 'reference'] as const) {
        const err = await rejection(library.addFromFile(file, { mode }));
        expect(err.code).toBe('not_gguf');
      }
    }
    const missing = await rejection(library.addFromFile(path.join(scratch, 'nope.gguf'), { mode: 'copy' }));
    expect(missing.code).toBe('not_found');
    expect(await library.list()).toEqual([]);
    expect(fs.readdirSync(archive.services.layout.models)).toEqual([]);
  });

  it('refuses architectures the engine cannot generate text with', async () => {
    const bert = path.join(scratch, 'bert.gguf');
    await writeHeaderOnlyGguf(bert, { 'general.architecture': 'bert', 'general.name': 'an encoder' });
    const unknown = path.join(scratch, 'unknown.gguf');
    await writeHeaderOnlyGguf(unknown, { 'general.architecture': 'frobnicator-9000' });
    for (const file of [bert, unknown]) {
      const err = await rejection(library.addFromFile(file, { mode: 'copy' }));
      expect(err.code).toBe('unsupported_model');
    }
    expect(await library.list()).toEqual([]);
  });

  it('sets, gets and resolves the active model; resolve(path) registers a referenced model', async () => {
    const first = (await library.addFromFile(tinyPath, { mode: 'copy' })).model;
    const otherPath = await ensureRandomModel({ ...TINY_MODEL_OPTIONS, seed: 2 }, 'tiny-seed2');
    const second = (await library.addFromFile(otherPath, { mode: 'copy' })).model;
    expect(second.active).toBe(false);
    expect((await library.getActive())?.id).toBe(first.id);

    await library.setActive(second.id);
    expect((await library.getActive())?.id).toBe(second.id);
    expect(archive.services.models.store.getSetting('active_model_id')).toBe(String(second.id));
    expect((await library.resolve()).id).toBe(second.id);
    expect((await rejection(library.setActive(999))).code).toBe('not_found');

    // An explicit file for one run: registered as referenced, the active model unchanged.
    const third = await ensureRandomModel({ ...TINY_MODEL_OPTIONS, seed: 3 }, 'tiny-seed3');
    const ref = await library.resolve(third);
    expect(ref.path).toBe(third);
    const rows = await library.list();
    expect(rows).toHaveLength(3);
    expect(rows.find((m) => m.id === ref.id)?.storage).toBe('referenced');
    expect((await library.getActive())?.id).toBe(second.id);
    // Again: found by path, not added twice.
    expect((await library.resolve(third)).id).toBe(ref.id);
    expect(await library.list()).toHaveLength(3);

    // Removing: copied files are deleted, referenced files are not, and the active setting follows.
    const removedActive = await library.remove(second.id);
    expect(removedActive).toEqual({ removed: true, deletedFile: true });
    expect(fs.existsSync(second.path)).toBe(false);
    expect(await library.getActive()).toBeNull();
    expect((await rejection(library.resolve())).code).toBe('no_model');
    expect(await library.remove(ref.id)).toEqual({ removed: true, deletedFile: false });
    expect(fs.existsSync(third)).toBe(true);
  });

  it('estimates memory from node-llama-cpp against the RAM available', async () => {
    const { model } = await library.addFromFile(tinyPath, { mode: 'copy' });
    const estimate = await library.memoryEstimate(model.id);
    expect(estimate.modelBytes).toBe(model.bytes);
    expect(estimate.contextSize).toBe(2048); // capped at the model's training context
    expect(estimate.estimatedRamBytes).toBeGreaterThan(0);
    expect(estimate.freeRamBytes).toBeGreaterThan(0);
    expect(estimate.totalRamBytes).toBeGreaterThanOrEqual(estimate.freeRamBytes);
    expect(estimate.fits).toBe(estimate.estimatedRamBytes <= estimate.freeRamBytes);
    const small = await library.memoryEstimate(model.id, { contextSize: 256 });
    expect(small.estimatedRamBytes).toBeLessThan(estimate.estimatedRamBytes);
  });

  it('serves the calls through the contract handlers', async () => {
    const { createDispatcher } = await import('../../electron/main/api/dispatcher');
    const { createHandlers } = await import('../../electron/main/api/handlers');
    const dispatch = createDispatcher(createHandlers(archive.services, { version: 'test', transport: 'ipc' }), {
      checkResponses: true,
    });
    expect(await dispatch('models:list', {})).toEqual({ ok: true, data: { items: [], activeId: null } });
    const added = await dispatch('models:add', { path: tinyPath });
    expect(added.ok).toBe(true);
    const bad = await dispatch('models:add', { path: path.join(scratch, 'missing.gguf'), mode: 'reference' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await dispatch('models:estimate', { id: 1 })).toMatchObject({ ok: true });
    const catalog = await dispatch('models:catalog', {});
    expect(catalog.ok && (catalog.data as { items: unknown[] }).items.length).toBe(CATALOG.length);
    expect(await dispatch('models:hardware', {})).toMatchObject({ ok: true });
    expect(await dispatch('models:download', {})).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await dispatch('models:cancelDownload', { key: 'nothing' })).toEqual({ ok: true, data: { cancelled: false } });
    expect(await dispatch('models:setActive', { id: 1 })).toMatchObject({ ok: true });
    expect(await dispatch('models:remove', { id: 1 })).toEqual({ ok: true, data: { removed: true, deletedFile: true } });
  });
});

describe('catalog', () => {
  it('lists instruct models in the sizes people run, each with a Hugging Face resolve URL', () => {
    const ids = CATALOG.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('qwen2.5-0.5b-instruct-q8_0');
    expect(new Set(CATALOG.map((e) => e.sizeClass))).toEqual(new Set(['0.5b', '1-2b', '3-4b', '7-8b']));
    expect(CATALOG.some((e) => e.domain === 'medical')).toBe(true);
    expect(CATALOG.some((e) => e.domain === 'legal')).toBe(true);
    for (const e of CATALOG) {
      expect(e.url).toMatch(/^https:\/\/huggingface\.co\/[^/]+\/[^/]+\/resolve\/main\/[^/]+\.gguf$/);
      expect(e.url.endsWith(`/${e.fileName}`)).toBe(true);
      expect(e.ramBytes).toBeGreaterThan(e.approxBytes);
      expect(e.license).not.toBe('');
    }
  });
});

describe('downloads from a loopback server', () => {
  let archive: TempArchive;
  let server: FileServer;
  let big: Buffer;
  let bigSha: string;

  beforeAll(async () => {
    // Bigger than two of the downloader's 5 MiB chunks, so an interruption can land mid-file.
    const file = await ensureRandomModel(
      { hidden: 256, layers: 5, heads: 4, kvHeads: 2, ffn: 512, vocab: 'bytes', contextLength: 2048, quant: 'f32', seed: 7 },
      'download',
    );
    big = fs.readFileSync(file);
    expect(big.length).toBeGreaterThan(2 * CHUNK);
    bigSha = sha256(big);
    server = await startServer({
      'model.gguf': big,
      'tiny.gguf': fs.readFileSync(tinyPath),
      'readme.gguf': Buffer.from('<html>Sign in to download</html>'.repeat(100)),
    });
  });

  afterAll(async () => {
    await server?.close();
  });

  beforeEach(async () => {
    archive = await openTempArchive();
    server.behaviour = { kind: 'normal' };
    server.requests.length = 0;
  });

  afterEach(async () => {
    await archive.dispose();
  });

  function libraryWith(entries: CatalogEntry[]): ModelLibrary {
    return new ModelLibrary({ db: archive.services.db, layout: archive.services.layout, catalog: entries });
  }

  const entry = (over: Partial<CatalogEntry> = {}) =>
    catalogEntry({ id: 'test-model-q8_0', url: `${server.base}/model.gguf`, fileName: 'test-model.gguf', approxBytes: big.length, ...over });

  it('downloads a catalog model with progress and adds it as downloaded', async () => {
    const library = libraryWith([entry({ sha256: bigSha })]);
    const progress: DownloadProgress[] = [];
    const { model, duplicate } = await library.downloads.download('test-model-q8_0', { onProgress: (p) => progress.push(p) });
    expect(duplicate).toBe(false);
    expect(model).toMatchObject({ storage: 'downloaded', catalogId: 'test-model-q8_0', fileName: 'test-model.gguf', bytes: big.length, sha256: bigSha });
    expect(path.dirname(model.path)).toBe(archive.services.layout.models);
    expect(sha256(fs.readFileSync(model.path))).toBe(bigSha);

    const states = progress.map((p) => p.state);
    expect(states[0]).toBe('connecting');
    expect(states).toContain('downloading');
    expect(states.slice(-2)).toEqual(['verifying', 'done']);
    expect(progress.at(-1)).toMatchObject({ key: 'test-model-q8_0', catalogId: 'test-model-q8_0', downloadedBytes: big.length, totalBytes: big.length, error: null });
    const bytes = progress.map((p) => p.downloadedBytes);
    expect(bytes).toEqual([...bytes].sort((a, b) => a - b));
    // Nothing left in the staging folder.
    expect(fs.readdirSync(library.downloads.stagingDir)).toEqual([]);

    // Installed already: no network at all the second time.
    const before = server.requests.length;
    const again = await library.downloads.download('test-model-q8_0');
    expect(again).toMatchObject({ duplicate: true, model: { id: model.id } });
    expect(server.requests.length).toBe(before);
  });

  it('resumes an interrupted transfer with a Range request and gets the exact file', async () => {
    server.behaviour = { kind: 'drop', after: 1024 * 1024 };
    const library = libraryWith([entry({ sha256: bigSha })]);
    const { model } = await library.downloads.download('test-model-q8_0');
    expect(model.sha256).toBe(bigSha);
    const ranged = server.requests.filter((r) => r.range);
    const dropped = ranged.findIndex((r) => r.dropped);
    expect(dropped).toBeGreaterThanOrEqual(0);
    // After the cut the downloader asked again with Range for that chunk only, not the whole file.
    const retry = ranged.slice(dropped + 1).find((r) => r.range!.start === ranged[dropped]!.range!.start);
    expect(retry).toBeDefined();
    expect(retry!.range!.end - retry!.range!.start + 1).toBeLessThan(big.length);
    expect(server.requests.filter((r) => !r.range && r.method === 'GET')).toHaveLength(1); // the size probe
  });

  it('cancel keeps the partial file and adds no model; the next attempt resumes from it', async () => {
    server.behaviour = { kind: 'stall', after: 1024 * 1024 };
    const library = libraryWith([entry()]);
    const progress: DownloadProgress[] = [];
    const first = library.downloads.download('test-model-q8_0', { onProgress: (p) => progress.push(p) });
    // Once the first chunk is in and the other requests hang midway, stop as the user would.
    const deadline = Date.now() + 30_000;
    while (!(progress.some((p) => p.downloadedBytes >= CHUNK) && server.requests.filter((r) => r.range && r.range.start > 0).length >= 2)) {
      if (Date.now() > deadline) throw new Error(`the transfer never got going: ${JSON.stringify(progress.at(-1))}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the downloader record the chunk
    expect(library.downloads.running).toEqual(['test-model-q8_0']);
    expect(library.downloads.cancel('test-model-q8_0')).toBe(true);
    const err = await rejection(first);
    expect(err.code).toBe('cancelled');
    expect(progress.at(-1)?.state).toBe('cancelled');
    expect(await library.list()).toEqual([]);
    expect(library.downloads.running).toEqual([]);
    const partials = fs.readdirSync(library.downloads.stagingDir);
    expect(partials).toHaveLength(1);
    expect(partials[0]).toMatch(/\.ipull$/);

    server.behaviour = { kind: 'normal' };
    server.requests.length = 0;
    const { model } = await library.downloads.download('test-model-q8_0');
    expect(model.sha256).toBe(bigSha);
    const ranged = server.requests.filter((r) => r.range);
    expect(ranged.length).toBeGreaterThanOrEqual(1);
    // The saved first chunk was not fetched again.
    expect(Math.min(...ranged.map((r) => r.range!.start))).toBeGreaterThanOrEqual(CHUNK);
    const resent = ranged.reduce((n, r) => n + r.bytesSent, 0);
    expect(resent).toBeLessThan(big.length);
    expect(fs.readdirSync(library.downloads.stagingDir)).toEqual([]);
  });

  it('a stalled transfer fails with download_failed instead of hanging, and keeps the partial file', async () => {
    server.behaviour = { kind: 'stall', after: 1024 * 1024 };
    const library = libraryWith([entry()]);
    const downloads = new ModelDownloads({ library, catalog: [entry()], stallTimeoutMs: 1500 });
    const err = await rejection(downloads.download('test-model-q8_0'));
    expect(err.code).toBe('download_failed');
    expect(err.message).toMatch(/no data from the server/i);
    expect(await library.list()).toEqual([]);
    expect(fs.readdirSync(downloads.stagingDir).length).toBeGreaterThan(0);
    await downloads.dispose();
  });

  it('an AbortSignal cancels too, before any byte arrives', async () => {
    const library = libraryWith([entry()]);
    const controller = new AbortController();
    controller.abort();
    const err = await rejection(library.downloads.download('test-model-q8_0', { signal: controller.signal }));
    expect(err.code).toBe('cancelled');
    expect(await library.list()).toEqual([]);
  });

  it('fails with download_failed when the size differs from the catalog, and keeps nothing', async () => {
    const library = libraryWith([entry({ bytes: big.length + 1 })]);
    const progress: DownloadProgress[] = [];
    const err = await rejection(library.downloads.download('test-model-q8_0', { onProgress: (p) => progress.push(p) }));
    expect(err.code).toBe('download_failed');
    expect(err.message).toMatch(/expects exactly/);
    expect(progress.at(-1)).toMatchObject({ state: 'failed', error: { code: 'download_failed' } });
    expect(await library.list()).toEqual([]);
    expect(fs.readdirSync(library.downloads.stagingDir)).toEqual([]);

    const far = libraryWith([entry({ approxBytes: big.length * 3 })]);
    expect((await rejection(far.downloads.download('test-model-q8_0'))).code).toBe('download_failed');
  });

  it('fails with download_failed on a checksum mismatch, and not_gguf for a web page', async () => {
    const library = libraryWith([
      entry({ sha256: '0'.repeat(64) }),
      catalogEntry({ id: 'page', url: `${server.base}/readme.gguf`, fileName: 'page.gguf', approxBytes: 3200 }),
      catalogEntry({ id: 'gone', url: `${server.base}/missing.gguf`, fileName: 'gone.gguf', approxBytes: 3200 }),
    ]);
    expect((await rejection(library.downloads.download('test-model-q8_0'))).code).toBe('download_failed');
    expect((await rejection(library.downloads.download('page'))).code).toBe('not_gguf');
    expect((await rejection(library.downloads.download('gone'))).code).toBe('download_failed');
    expect((await rejection(library.downloads.download('no-such-entry'))).code).toBe('not_found');
    expect((await rejection(library.downloads.download({ url: 'file:///etc/passwd' }))).code).toBe('invalid_request');
    expect(await library.list()).toEqual([]);
    expect(fs.readdirSync(archive.services.layout.models).filter((n) => n.endsWith('.gguf'))).toEqual([]);
  });

  it('downloads by URL through the services', async () => {
    const events: DownloadProgress[] = [];
    const stop = archive.services.events.subscribe((name, payload) => {
      if (name === 'models:downloadProgress') events.push(payload as DownloadProgress);
    });
    const { createDispatcher } = await import('../../electron/main/api/dispatcher');
    const { createHandlers } = await import('../../electron/main/api/handlers');
    const dispatch = createDispatcher(createHandlers(archive.services, { version: 'test', transport: 'ipc' }), {
      checkResponses: true,
    });
    const result = await dispatch('models:download', { url: `${server.base}/tiny.gguf` });
    stop();
    expect(result).toMatchObject({ ok: true, data: { duplicate: false, model: { storage: 'downloaded', fileName: 'tiny.gguf', catalogId: null } } });
    expect(events.at(-1)).toMatchObject({ key: `${server.base}/tiny.gguf`, state: 'done' });
  });
});

// ------------------------------------------------------------------------------------------------
// The CLI as a user runs it

describe('cli models', () => {
  let dir: string;
  let server: FileServer;

  beforeAll(async () => {
    dir = tempDir('abstractor-cli-models-');
    server = await startServer({ 'other.gguf': fs.readFileSync(await ensureRandomModel({ ...TINY_MODEL_OPTIONS, seed: 4 }, 'tiny-seed4')) });
  });

  afterAll(async () => {
    await server?.close();
    removeDir(dir);
  });

  const run = (...args: string[]) => cli(['models', ...args, '--archive', dir, '--json']);

  it('lists, adds, uses, downloads and shows the catalog with --json', async () => {
    const empty = await run('list');
    expect(empty.code).toBe(0);
    expect(json(empty)).toEqual({ items: [], activeId: null });

    const added = await run('add', tinyPath);
    expect(added.code).toBe(0);
    const { model } = json<{ model: { id: number; storage: string; active: boolean } }>(added);
    expect(model).toMatchObject({ storage: 'copied', active: true });

    const referenced = await cli(['models', 'add', tinyPath, '--reference', '--archive', dir, '--json']);
    expect(json<{ duplicate: boolean }>(referenced).duplicate).toBe(true);

    const downloaded = await run('download', `${server.base}/other.gguf`);
    expect(downloaded.code).toBe(0);
    const other = json<{ model: { id: number; storage: string; active: boolean } }>(downloaded).model;
    expect(other).toMatchObject({ storage: 'downloaded', active: false });
    expect(downloaded.stderr).toMatch(/done/);

    const used = await run('use', String(other.id));
    expect(json<{ model: { active: boolean } }>(used).model.active).toBe(true);
    const listed = json<{ items: Array<{ id: number }>; activeId: number }>(await run('list'));
    expect(listed.items).toHaveLength(2);
    expect(listed.activeId).toBe(other.id);

    const catalog = json<{ items: Array<{ id: string; url: string; recommended: boolean }> }>(await run('catalog'));
    expect(catalog.items.map((i) => i.id)).toEqual(CATALOG.map((e) => e.id));

    const estimate = json<{ estimatedRamBytes: number; fits: boolean }>(await run('estimate', String(model.id)));
    expect(estimate.estimatedRamBytes).toBeGreaterThan(0);

    const hardware = json<{ logicalCores: number; recommendedQuantization: string }>(await run('hardware'));
    expect(hardware.logicalCores).toBeGreaterThan(0);
    expect(['Q4_K_M', 'Q8_0']).toContain(hardware.recommendedQuantization);
  });

  it('reports errors as one JSON document with a code, and usage errors with exit code 2', async () => {
    const text = path.join(dir, 'not-a-model.txt');
    fs.writeFileSync(text, 'hello');
    const bad = await run('add', text);
    expect(bad.code).toBe(1);
    expect(json<{ error: { code: string } }>(bad).error.code).toBe('not_gguf');

    const unknown = await run('download', 'no-such-model');
    expect(unknown.code).toBe(1);
    expect(json<{ error: { code: string } }>(unknown).error.code).toBe('not_found');

    const usage = await run('frobnicate');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/models needs one of/);
  });
});
