// The model library end to end: real GGUF files (generated), real SQLite, the real downloader
// against a loopback https server (127.0.0.1, random port, a test certificate) that honours
// Range and can drop or stall a transfer midway, and against hosts that never answer. No test
// touches the internet.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import dns from 'node:dns';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
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
import { LOOPBACK_CERT_PATH, LOOPBACK_TLS } from '../helpers/loopback-tls';
import { json, runCli as cli, TEST_PASSPHRASE } from '../helpers/run-cli';
import { openTempArchive, PROJECT_ROOT, removeDir, tempDir, type TempArchive } from '../helpers/temp-archive';

const MIB = 1024 * 1024;
/** The downloader trusts the test certificate; short time limits so failures come quickly. */
const DOWNLOADS = { ca: LOOPBACK_TLS.cert, connectTimeoutMs: 3000 } as const;

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

// The downloader makes one GET and resumes a partial file with `Range: bytes=N-`.
type Behaviour =
  | { kind: 'normal' }
  /** The first GET sends `after` bytes, then the connection is cut. */
  | { kind: 'drop'; after: number }
  /** Every GET sends `after` bytes, then goes silent. */
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
  const server = https.createServer(LOOPBACK_TLS, (req, res) => {
    // /moved/<name> redirects to /<name>; /to-http/<name> to the same name over plain http.
    const moved = /^\/(moved|to-http)\/(.+)$/.exec(req.url ?? '');
    if (moved) {
      state.requests.push({ method: req.method ?? 'GET', path: req.url ?? '', range: null, bytesSent: 0 });
      const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
      res.writeHead(302, { location: moved[1] === 'moved' ? `/${moved[2]}` : `http://${host}/${moved[2]}` }).end();
      return;
    }
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
    const misbehave = ((b.kind === 'drop' && !state.misbehaved) || b.kind === 'stall') && b.after < end - start + 1;
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
    base: `https://127.0.0.1:${port}`,
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
    pinned: true,
    name: 'Test model',
    family: 'llama',
    architecture: 'llama',
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
    const { allowedDirs } = await import('../../electron/main/api/path-access');
    // As over the bridge with --allow-dir for the two folders the files lie in.
    const paths = allowedDirs([path.dirname(tinyPath), scratch]);
    const dispatch = createDispatcher(createHandlers(archive.services, { version: 'test', transport: 'bridge', paths }), {
      checkResponses: true,
    });
    expect(await dispatch('models:list', {})).toEqual({ ok: true, data: { items: [], activeId: null } });
    const added = await dispatch('models:add', { path: tinyPath });
    expect(added.ok).toBe(true);
    const bad = await dispatch('models:add', { path: path.join(scratch, 'missing.gguf'), mode: 'reference' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await dispatch('models:add', { path: '/etc/hostname', mode: 'reference' })).toMatchObject({ ok: false, error: { code: 'path_not_allowed' } });
    expect(await dispatch('models:estimate', { id: 1 })).toMatchObject({ ok: true });
    const catalog = await dispatch('models:catalog', {});
    expect(catalog.ok && (catalog.data as { items: unknown[] }).items.length).toBe(CATALOG.length);
    expect(await dispatch('models:hardware', {})).toMatchObject({ ok: true });
    expect(await dispatch('models:download', {})).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    // A catalog download names an entry, nothing else: a URL is refused before anything happens.
    for (const payload of [{ url: 'https://example.invalid/x.gguf' }, { catalogId: CATALOG[0]!.id, url: 'https://example.invalid/x.gguf' }]) {
      expect(await dispatch('models:download', payload)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    }
    // Without a confirmation (a dialog in the app, --allow-downloads on the bridge) no URL is fetched.
    expect(await dispatch('models:downloadUrl', { url: 'https://example.invalid/x.gguf' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await dispatch('models:downloadUrl', { url: 'http://example.invalid/x.gguf' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    // An unpinned entry is not downloaded by id.
    const unpinned = CATALOG.find((e) => !e.pinned)!;
    expect(await dispatch('models:download', { catalogId: unpinned.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await dispatch('models:cancelDownload', { key: 'nothing' })).toEqual({ ok: true, data: { cancelled: false } });
    expect(await dispatch('models:setActive', { id: 1 })).toMatchObject({ ok: true });
    expect(await dispatch('models:remove', { id: 1 })).toEqual({ ok: true, data: { removed: true, deletedFile: true } });
  });
});

describe('catalog', () => {
  it('lists instruct models in the sizes people run; pinned entries name a commit, an exact size and a SHA-256', () => {
    const ids = CATALOG.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('qwen2.5-0.5b-instruct-q8_0');
    expect(new Set(CATALOG.map((e) => e.sizeClass))).toEqual(new Set(['0.5b', '1-2b', '3-4b', '7-8b']));
    expect(CATALOG.some((e) => e.domain === 'medical')).toBe(true);
    expect(CATALOG.some((e) => e.domain === 'legal')).toBe(true);
    for (const e of CATALOG) {
      if (e.pinned) {
        expect(e.url).toMatch(/^https:\/\/huggingface\.co\/[^/]+\/[^/]+\/resolve\/[0-9a-f]{40}\/[^/]+\.gguf$/);
        expect(e.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(Number.isSafeInteger(e.bytes)).toBe(true);
        // The approximate size shown before pinning stays close to the pinned one.
        expect(Math.abs(e.bytes! - e.approxBytes)).toBeLessThan(e.approxBytes * 0.1);
      } else {
        expect(e.url).toMatch(/^https:\/\/huggingface\.co\/[^/]+\/[^/]+\/resolve\/main\/[^/]+\.gguf$/);
        expect(e.bytes).toBeUndefined();
        expect(e.sha256).toBeUndefined();
      }
      expect(e.url.endsWith(`/${e.fileName}`)).toBe(true);
      expect(e.ramBytes).toBeGreaterThan(e.approxBytes);
      expect(e.license).not.toBe('');
    }
    expect(CATALOG.filter((e) => e.pinned).length).toBeGreaterThanOrEqual(8);
  });
});

describe('downloads from a loopback server', () => {
  let archive: TempArchive;
  let server: FileServer;
  let big: Buffer;
  let bigSha: string;

  beforeAll(async () => {
    // Several MiB, so an interruption can land mid-file.
    const file = await ensureRandomModel(
      { hidden: 256, layers: 5, heads: 4, kvHeads: 2, ffn: 512, vocab: 'bytes', contextLength: 2048, quant: 'f32', seed: 7 },
      'download',
    );
    big = fs.readFileSync(file);
    expect(big.length).toBeGreaterThan(4 * MIB);
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
    archive = await openTempArchive({ modelDownloads: DOWNLOADS });
    server.behaviour = { kind: 'normal' };
    server.requests.length = 0;
  });

  afterEach(async () => {
    await archive.dispose();
  });

  function libraryWith(entries: CatalogEntry[], downloads: object = DOWNLOADS): ModelLibrary {
    return new ModelLibrary({ db: archive.services.db, layout: archive.services.layout, catalog: entries, downloads });
  }

  const entry = (over: Partial<CatalogEntry> = {}) =>
    catalogEntry({ id: 'test-model-q8_0', url: `${server.base}/model.gguf`, fileName: 'test-model.gguf', approxBytes: big.length, ...over });

  it('downloads a pinned catalog model with progress, checks size and digest, and adds it as downloaded', async () => {
    const library = libraryWith([entry({ bytes: big.length, sha256: bigSha })]);
    const progress: DownloadProgress[] = [];
    const { model, duplicate } = await library.downloads.download({ catalogId: 'test-model-q8_0' }, { onProgress: (p) => progress.push(p) });
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
    // One request, nothing left in the staging folder.
    expect(server.requests).toHaveLength(1);
    expect(fs.readdirSync(library.downloads.stagingDir)).toEqual([]);

    // Installed already: no network at all the second time.
    const again = await library.downloads.download({ catalogId: 'test-model-q8_0' });
    expect(again).toMatchObject({ duplicate: true, model: { id: model.id } });
    expect(server.requests).toHaveLength(1);
  });

  it('a broken transfer fails without retrying, keeps its bytes, and the next attempt resumes with Range', async () => {
    server.behaviour = { kind: 'drop', after: MIB };
    const library = libraryWith([entry({ sha256: bigSha })]);
    const err = await rejection(library.downloads.download({ catalogId: 'test-model-q8_0' }));
    expect(err.code).toBe('download_failed');
    expect(server.requests).toHaveLength(1); // no retry behind the user's back
    expect(await library.list()).toEqual([]);
    const [partial] = fs.readdirSync(library.downloads.stagingDir);
    expect(partial).toMatch(/\.part$/);
    const kept = fs.statSync(path.join(library.downloads.stagingDir, partial!)).size;
    expect(kept).toBeGreaterThan(0);

    const { model } = await library.downloads.download({ catalogId: 'test-model-q8_0' });
    expect(model.sha256).toBe(bigSha);
    const resumed = server.requests[1]!;
    expect(resumed.range).toEqual({ start: kept, end: big.length - 1 });
    expect(resumed.bytesSent).toBe(big.length - kept);
  });

  it('cancel keeps the partial file and adds no model; the next attempt resumes from it', async () => {
    server.behaviour = { kind: 'stall', after: MIB };
    const library = libraryWith([entry()]);
    const progress: DownloadProgress[] = [];
    const first = library.downloads.download({ catalogId: 'test-model-q8_0' }, { onProgress: (p) => progress.push(p) });
    // Once the first MiB is in and the server went silent, stop as the user would.
    const deadline = Date.now() + 30_000;
    while (!progress.some((p) => p.downloadedBytes >= MIB)) {
      if (Date.now() > deadline) throw new Error(`the transfer never got going: ${JSON.stringify(progress.at(-1))}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(library.downloads.running).toEqual(['test-model-q8_0']);
    expect(library.downloads.cancel('test-model-q8_0')).toBe(true);
    const err = await rejection(first);
    expect(err.code).toBe('cancelled');
    expect(progress.at(-1)?.state).toBe('cancelled');
    expect(await library.list()).toEqual([]);
    expect(library.downloads.running).toEqual([]);
    const partials = fs.readdirSync(library.downloads.stagingDir);
    expect(partials).toHaveLength(1);
    const kept = fs.statSync(path.join(library.downloads.stagingDir, partials[0]!)).size;
    expect(kept).toBe(MIB);

    server.behaviour = { kind: 'normal' };
    server.requests.length = 0;
    const { model } = await library.downloads.download({ catalogId: 'test-model-q8_0' });
    expect(model.sha256).toBe(bigSha);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.range?.start).toBe(MIB); // the saved MiB was not fetched again
    expect(fs.readdirSync(library.downloads.stagingDir)).toEqual([]);
  });

  it('a stalled transfer fails with download_failed instead of hanging, and keeps the partial file', async () => {
    server.behaviour = { kind: 'stall', after: MIB };
    const library = libraryWith([entry()]);
    const downloads = new ModelDownloads({ library, catalog: [entry()], ...DOWNLOADS, stallTimeoutMs: 1500 });
    const err = await rejection(downloads.download({ catalogId: 'test-model-q8_0' }));
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
    const err = await rejection(library.downloads.download({ catalogId: 'test-model-q8_0' }, { signal: controller.signal }));
    expect(err.code).toBe('cancelled');
    expect(await library.list()).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it('fails with download_failed when the size differs from the pin, and keeps nothing', async () => {
    const library = libraryWith([entry({ bytes: big.length + 1 })]);
    const progress: DownloadProgress[] = [];
    const err = await rejection(library.downloads.download({ catalogId: 'test-model-q8_0' }, { onProgress: (p) => progress.push(p) }));
    expect(err.code).toBe('download_failed');
    expect(err.message).toMatch(/pins exactly/);
    expect(progress.at(-1)).toMatchObject({ state: 'failed', error: { code: 'download_failed' } });
    expect(await library.list()).toEqual([]);
    expect(fs.readdirSync(library.downloads.stagingDir)).toEqual([]);

    const far = libraryWith([entry({ approxBytes: big.length * 3 })]);
    expect((await rejection(far.downloads.download({ catalogId: 'test-model-q8_0' }))).code).toBe('download_failed');
  });

  it('fails with download_failed on a checksum mismatch, and not_gguf for a web page', async () => {
    const library = libraryWith([
      entry({ sha256: '0'.repeat(64) }),
      catalogEntry({ id: 'page', url: `${server.base}/readme.gguf`, fileName: 'page.gguf', approxBytes: 3200 }),
      catalogEntry({ id: 'gone', url: `${server.base}/missing.gguf`, fileName: 'gone.gguf', approxBytes: 3200 }),
    ]);
    expect((await rejection(library.downloads.download({ catalogId: 'test-model-q8_0' }))).code).toBe('download_failed');
    expect((await rejection(library.downloads.download({ catalogId: 'page' }))).code).toBe('not_gguf');
    expect((await rejection(library.downloads.download({ catalogId: 'gone' }))).code).toBe('download_failed');
    expect((await rejection(library.downloads.download({ catalogId: 'no-such-entry' }))).code).toBe('not_found');
    expect(await library.list()).toEqual([]);
    expect(fs.readdirSync(library.downloads.stagingDir)).toEqual([]);
    expect(fs.readdirSync(archive.services.layout.models).filter((n) => n.endsWith('.gguf'))).toEqual([]);
  });

  it('https only: plain http, file: and other schemes, credentials and http redirects are refused', async () => {
    const library = libraryWith([]);
    const httpUrl = server.base.replace('https:', 'http:');
    for (const url of ['file:///etc/passwd', `${httpUrl}/tiny.gguf`, 'ftp://127.0.0.1/x.gguf', 'data:,x', `https://user:secret@127.0.0.1/x.gguf`, 'not a url']) {
      expect((await rejection(library.downloads.download({ url }))).code).toBe('invalid_request');
    }
    expect(server.requests).toHaveLength(0);
    // A redirect to http is not followed.
    const err = await rejection(library.downloads.download({ url: `${server.base}/to-http/tiny.gguf` }));
    expect(err.code).toBe('download_failed');
    expect(err.message).toMatch(/only https/);
    expect(server.requests).toHaveLength(1);
  });

  it('an unpinned entry is refused by id; by URL its first download records the SHA-256 and later ones must match it', async () => {
    const unpinned = entry({ pinned: false, url: `${server.base}/tiny.gguf`, fileName: 'tiny.gguf', approxBytes: fs.statSync(tinyPath).size });
    const library = libraryWith([unpinned]);
    expect((await rejection(library.downloads.download({ catalogId: unpinned.id }))).code).toBe('forbidden');
    expect(server.requests).toHaveLength(0);

    const first = await library.downloads.download({ url: unpinned.url });
    expect(first.model).toMatchObject({ catalogId: unpinned.id, sha256: sha256(fs.readFileSync(tinyPath)) });
    expect(library.downloads.recordedSha256(unpinned.id)).toBe(first.model.sha256);
    expect((await library.catalogItems())[0]).toMatchObject({ id: unpinned.id, pinned: false, recordedSha256: first.model.sha256 });

    // The file changes upstream: once the model is removed, a new download must match the first.
    await library.remove(first.model.id);
    const changed = fs.readFileSync(await ensureRandomModel({ ...TINY_MODEL_OPTIONS, seed: 5 }, 'tiny-seed5'));
    server.files.set('tiny.gguf', changed);
    try {
      const err = await rejection(library.downloads.download({ url: unpinned.url }));
      expect(err.code).toBe('download_failed');
      expect(err.message).toMatch(/checksum/);
      expect(await library.list()).toEqual([]);
    } finally {
      server.files.set('tiny.gguf', fs.readFileSync(tinyPath));
    }
  });

  it('downloads by URL through the contract only when the host approves, following an https redirect', async () => {
    const events: DownloadProgress[] = [];
    const stop = archive.services.events.subscribe((name, payload) => {
      if (name === 'models:downloadProgress') events.push(payload as DownloadProgress);
    });
    const { createDispatcher } = await import('../../electron/main/api/dispatcher');
    const { createHandlers } = await import('../../electron/main/api/handlers');
    const asked: string[] = [];
    const dispatch = createDispatcher(
      createHandlers(archive.services, {
        version: 'test',
        transport: 'ipc',
        approveDownload: async (url) => {
          asked.push(url.href);
          if (!url.pathname.endsWith('/tiny.gguf')) throw new AppError('cancelled', 'The download was not confirmed.');
        },
      }),
      { checkResponses: true },
    );
    const declined = await dispatch('models:downloadUrl', { url: `${server.base}/model.gguf` });
    expect(declined).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(server.requests).toHaveLength(0);

    const url = `${server.base}/moved/tiny.gguf`;
    const result = await dispatch('models:downloadUrl', { url });
    stop();
    expect(asked).toEqual([`${server.base}/model.gguf`, url]);
    expect(result).toMatchObject({ ok: true, data: { duplicate: false, model: { storage: 'downloaded', fileName: 'tiny.gguf', catalogId: null } } });
    expect(events.at(-1)).toMatchObject({ key: url, state: 'done' });
    expect(server.requests.map((r) => r.path)).toEqual(['/moved/tiny.gguf', 'tiny.gguf']);
  });
});

describe('the connecting stage is bounded and cancellable, and nothing follows a failure', () => {
  let archive: TempArchive;
  let silent: net.Server;
  let silentPort: number;
  const sockets = new Set<net.Socket>();
  let lookups: string[];
  let realLookup: typeof dns.lookup;

  beforeAll(async () => {
    // Accepts the TCP connection and never says a word: TLS never completes.
    silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.resume(); // reads (and ignores) the TLS hello, so the client's close is seen
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as AddressInfo).port;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  beforeEach(async () => {
    archive = await openTempArchive({ modelDownloads: { ...DOWNLOADS, connectTimeoutMs: 1500 } });
    lookups = [];
    realLookup = dns.lookup;
    // Every name the downloader resolves goes through dns.lookup: count them.
    (dns as { lookup: unknown }).lookup = (hostname: string, ...rest: unknown[]) => {
      lookups.push(hostname);
      return (realLookup as (...args: unknown[]) => unknown)(hostname, ...rest);
    };
  });

  afterEach(async () => {
    (dns as { lookup: unknown }).lookup = realLookup;
    await archive.dispose();
  });

  /** Lets timers and the resolver run for a while, so a retry would have shown up. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 2000));

  it('an unresolvable host fails with download_failed after one lookup, and none follows', async () => {
    const downloads = archive.services.models.downloads;
    const err = await rejection(downloads.download({ url: 'https://models.abstractor.invalid/model.gguf' }));
    expect(err.code).toBe('download_failed');
    expect(lookups).toEqual(['models.abstractor.invalid']);
    await settle();
    expect(lookups).toEqual(['models.abstractor.invalid']);
    expect(downloads.running).toEqual([]);
  });

  it('a host that accepts and never answers fails within the connect limit, and nothing follows', async () => {
    const downloads = archive.services.models.downloads;
    const before = sockets.size;
    const err = await rejection(downloads.download({ url: `https://localhost:${silentPort}/model.gguf` }));
    expect(err.code).toBe('download_failed');
    expect(err.message).toMatch(/could not reach/i);
    expect(lookups).toEqual(['localhost']);
    await settle();
    expect(lookups).toEqual(['localhost']);
    expect(sockets.size).toBe(before); // the client closed its connection
  });

  it('a cancel while connecting ends it at once; nothing follows', async () => {
    const downloads = archive.services.models.downloads;
    const progress: DownloadProgress[] = [];
    const url = `https://localhost:${silentPort}/model.gguf`;
    const pending = downloads.download({ url }, { onProgress: (p) => progress.push(p) });
    while (sockets.size === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(progress.map((p) => p.state)).toEqual(['connecting']);
    expect(downloads.cancel(url)).toBe(true);
    expect((await rejection(pending)).code).toBe('cancelled');
    await settle();
    expect(lookups).toEqual(['localhost']);
    expect(sockets.size).toBe(0);
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

  // The CLI trusts the loopback server's test certificate the standard way.
  const env = { NODE_EXTRA_CA_CERTS: LOOPBACK_CERT_PATH };
  const run = (...args: string[]) => cli(['models', ...args, '--archive', dir, '--json'], env);

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

  it('Ctrl-C while connecting cancels the download and the process exits', async () => {
    // A host that accepts and never answers: without the cancel the CLI would wait its 30 s.
    const silent = net.createServer((socket) => socket.resume());
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'electron/main/cli/index.ts', 'models', 'download', `https://127.0.0.1:${port}/model.gguf`, '--archive', dir, '--json'],
        { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ABSTRACTOR_ARCHIVE: undefined, ABSTRACTOR_PASSPHRASE: TEST_PASSPHRASE } },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      const connecting = new Promise<void>((resolve) =>
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
          stderr += chunk;
          if (stderr.includes('connecting')) resolve();
        }),
      );
      const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
      await Promise.race([connecting, closed]); // a process that ended early fails below, not by time-out
      child.kill('SIGINT');
      expect(await closed).toBe(1);
      expect(json<{ error: { code: string } }>({ code: 1, stdout, stderr }).error.code).toBe('cancelled');
    } finally {
      await new Promise((resolve) => silent.close(resolve));
    }
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

    // A download that cannot connect fails, and the process exits: nothing keeps it alive.
    const offline = await run('download', 'https://models.abstractor.invalid/model.gguf');
    expect(offline.code).toBe(1);
    expect(json<{ error: { code: string } }>(offline).error.code).toBe('download_failed');
    const plain = await run('download', 'http://127.0.0.1:9/model.gguf');
    expect(json<{ error: { code: string } }>(plain).error.code).toBe('invalid_request');

    const usage = await run('frobnicate');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/models needs one of/);
  });
});
